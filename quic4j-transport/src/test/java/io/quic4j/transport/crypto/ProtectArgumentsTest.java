package io.quic4j.transport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Programming errors of the caller are IllegalArgumentException / IllegalStateException, never silent. */
class ProtectArgumentsTest {
    private static final PacketKeys KEYS = PacketKeys.fromSecret(QuicVersion.V1,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256, RfcVectors.CHACHA_SECRET);

    private static ByteBuffer shortHeaderPacket(int pnLength, int size) {
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(0, (byte) (0x40 | (pnLength - 1)));
        return buf;
    }

    @Test
    void rejectsPacketNumberLengthDisagreeingWithFirstByte() {
        PacketSealer sealer = new PacketSealer(KEYS);
        assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(2, 64), 0, 1, 3, 5, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-byte");
    }

    @Test
    void rejectsPayloadWithoutRoomForTag() {
        PacketSealer sealer = new PacketSealer(KEYS);
        assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(1, 30), 0, 1, 1, 5, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
    }

    /** RFC 9001 §5.4.2: the sender pads so that packet number plus payload is at least 4 bytes. */
    @Test
    void rejectsPacketTooShortToSample() {
        PacketSealer sealer = new PacketSealer(KEYS);
        assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(1, 64), 0, 1, 1, 5, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("§5.4.2");
        // 1-byte packet number + 3 bytes of payload is just enough
        assertThat(sealer.protect(shortHeaderPacket(1, 64), 0, 1, 1, 5, 5)).isEqualTo(21);
    }

    @Test
    void rejectsPacketNumberBeyond2To62() {
        PacketSealer sealer = new PacketSealer(KEYS);
        assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(4, 64), 0, 1, 4, 1L << 62, 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(4, 64), 0, 1, 4, -1, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsReadOnlyBuffer() {
        PacketSealer sealer = new PacketSealer(KEYS);
        PacketOpener opener = new PacketOpener(KEYS);
        ByteBuffer ro = shortHeaderPacket(1, 64).asReadOnlyBuffer();
        assertThatThrownBy(() -> sealer.protect(ro, 0, 1, 1, 5, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> opener.removeHeaderProtection(ro, 0, 1, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOffsetsOutsideTheBuffer() {
        PacketOpener opener = new PacketOpener(KEYS);
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> opener.removeHeaderProtection(buf, 0, 1, 65))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> opener.removeHeaderProtection(buf, 5, 5, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> opener.decryptPayload(buf, -1, 1, 4, 0, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The JDK refuses to encrypt twice with one nonce; a sealer reports it as a bug, not garbage output. */
    @Test
    void refusesToProtectTheSamePacketNumberTwiceInARow() {
        for (CipherSuite suite : CipherSuite.values()) {
            PacketSealer sealer = new PacketSealer(PacketKeys.fromSecret(QuicVersion.V1, suite,
                    new byte[suite.hashLength()]));
            sealer.protect(shortHeaderPacket(1, 64), 0, 1, 1, 9, 20);
            assertThatThrownBy(() -> sealer.protect(shortHeaderPacket(1, 64), 0, 1, 1, 9, 20))
                    .as(suite.name()).isInstanceOf(IllegalStateException.class).hasMessageContaining("nonce reuse");
        }
    }
}
