package io.quic4j.transport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.crypto.PacketDecryptionException.Reason;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9001 §6.1: key update with "quic ku" ("quicv2 ku", RFC 9369 §3.3.2). */
class KeyUpdateTest {
    private static final byte[] SHORT_HEADER = {0x41, 1, 2, 3, 4, 5, 6, 7, 8, 0x12, 0x34};
    private static final int PN_OFFSET = 9;

    private static PacketKeys keys(QuicVersion version, CipherSuite suite) {
        byte[] secret = new byte[suite.hashLength()];
        Arrays.fill(secret, (byte) 0x3c);
        return PacketKeys.fromSecret(version, suite, secret);
    }

    /** A short-header packet with an 8-byte connection ID, a 2-byte packet number and 40 bytes of payload. */
    private static ByteBuffer plainPacket() {
        ByteBuffer buf = ByteBuffer.allocate(SHORT_HEADER.length + 40 + 16);
        buf.put(0, SHORT_HEADER);
        for (int i = SHORT_HEADER.length; i < SHORT_HEADER.length + 40; i++) {
            buf.put(i, (byte) i);
        }
        return buf;
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void nextGenerationsChangeKeyAndIvButKeepHeaderProtectionKey(CipherSuite suite) {
        for (QuicVersion version : QuicVersion.values()) {
            PacketKeys gen0 = keys(version, suite);
            PacketKeys gen1 = gen0.nextGeneration();
            PacketKeys gen2 = gen1.nextGeneration();

            assertThat(gen1.secret()).isNotEqualTo(gen0.secret()).isNotEqualTo(gen2.secret());
            assertThat(gen1.key()).isNotEqualTo(gen0.key()).isNotEqualTo(gen2.key());
            assertThat(gen2.key()).isNotEqualTo(gen0.key());
            assertThat(gen1.iv()).isNotEqualTo(gen0.iv()).isNotEqualTo(gen2.iv());
            // RFC 9001 §6.1: "The header protection key is not updated."
            assertThat(gen1.headerProtectionKey()).isEqualTo(gen0.headerProtectionKey());
            assertThat(gen2.headerProtectionKey()).isEqualTo(gen0.headerProtectionKey());
            // deterministic: both peers derive the same next keys
            assertThat(gen0.nextGeneration().key()).isEqualTo(gen1.key());
        }
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void packetOfNextGenerationOpensOnlyWithNextGenerationOpener(CipherSuite suite)
            throws PacketDecryptionException {
        PacketKeys gen0 = keys(QuicVersion.V1, suite);
        PacketSealer sealer1 = new PacketSealer(gen0).nextGeneration();
        PacketOpener opener0 = new PacketOpener(gen0);
        PacketOpener opener1 = opener0.nextGeneration();

        ByteBuffer packet = plainPacket();
        ByteBuffer expected = plainPacket();
        int end = sealer1.protect(packet, 0, PN_OFFSET, 2, 0x1234, SHORT_HEADER.length + 40);
        ByteBuffer copy = ByteBuffer.allocate(end).put(0, packet, 0, end);

        // Header protection is shared by the generations, so the old opener removes it fine...
        int first = opener0.removeHeaderProtection(copy, 0, PN_OFFSET, end);
        assertThat(first).isEqualTo(0x41);
        // ...but the old key cannot authenticate the payload.
        assertThatThrownBy(() -> opener0.decryptPayload(copy, 0, PN_OFFSET, 2, 0x1234, end))
                .isInstanceOfSatisfying(PacketDecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));

        long pn = opener1.unprotect(packet, 0, PN_OFFSET, end, TestPackets.decoderAfter(0x1200));
        assertThat(pn).isEqualTo(0x1234);
        assertThat(TestPackets.bytes(packet, 0, end - 16)).isEqualTo(TestPackets.bytes(expected, 0, end - 16));

        // RFC 9001 §6.6: failures count across keys; the generations share the count.
        assertThat(opener0.authenticationFailures()).isOne();
        assertThat(opener1.authenticationFailures()).isOne();
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void sealerOfNextGenerationStartsItsOwnConfidentialityCount(CipherSuite suite) {
        PacketSealer sealer0 = new PacketSealer(keys(QuicVersion.V2, suite));
        sealer0.protect(plainPacket(), 0, PN_OFFSET, 2, 1, SHORT_HEADER.length + 40);
        PacketSealer sealer1 = sealer0.nextGeneration();
        assertThat(sealer0.packetsProtected()).isOne();
        assertThat(sealer1.packetsProtected()).isZero();
        assertThat(sealer1.confidentialityLimitReached()).isFalse();
        assertThat(sealer1.keys().key()).isEqualTo(sealer0.keys().nextGeneration().key());
    }
}
