package io.quic4j.transport.crypto;

import static io.quic4j.transport.crypto.RfcVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.crypto.PacketDecryptionException.Reason;
import io.quic4j.transport.crypto.TestPackets.BufferKind;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9001 §5.5 and §5.4.2: a modified or truncated packet fails to unprotect with
 * {@link PacketDecryptionException} and never any other exception.
 */
class TamperingTest {

    static Stream<Arguments> cases() {
        return Stream.of(RfcVectors.V1, RfcVectors.V2)
                .flatMap(v -> Stream.of(BufferKind.HEAP, BufferKind.DIRECT_WITH_PREFIX).map(k -> Arguments.of(v, k)));
    }

    private static void assertDropped(PacketOpener opener, ByteBuffer buf, int start, int pnOffset, int end,
            long largest, Reason reason, String what) {
        assertThatThrownBy(() -> opener.unprotect(buf, start, pnOffset, end, TestPackets.decoderAfter(largest)))
                .as(what)
                .isInstanceOfSatisfying(PacketDecryptionException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsClientInitialWithAnyByteFlipped(RfcVectors.Version v, BufferKind kind) {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(v.version(), RfcVectors.DCID).client());
        byte[] packet = hex(v.clientInitialProtected());
        int p = kind.prefix();
        for (int i = 0; i < packet.length; i++) {
            for (int flip : new int[]{0x01, 0x80, 0xff}) {
                ByteBuffer buf = kind.wrap(packet, 0);
                buf.put(p + i, (byte) (buf.get(p + i) ^ flip));
                assertDropped(opener, buf, p, p + 18, p + packet.length, -1, Reason.AUTHENTICATION_FAILED,
                        "byte " + i + " ^ " + flip);
            }
        }
        assertThat(opener.authenticationFailures()).isEqualTo(3L * packet.length);
        assertThat(opener.integrityLimitReached()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsChaChaPacketWithAnyBitFlipped(RfcVectors.Version v, BufferKind kind) {
        PacketOpener opener = new PacketOpener(PacketKeys.fromSecret(v.version(),
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256, RfcVectors.CHACHA_SECRET));
        byte[] packet = hex(v.chachaPacket());
        int p = kind.prefix();
        for (int i = 0; i < packet.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                ByteBuffer buf = kind.wrap(packet, 0);
                buf.put(p + i, (byte) (buf.get(p + i) ^ (1 << bit)));
                assertDropped(opener, buf, p, p + 1, p + packet.length, 654360563L, Reason.AUTHENTICATION_FAILED,
                        "byte " + i + " bit " + bit);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsPacketTooShortForHeaderProtectionSample(RfcVectors.Version v, BufferKind kind) {
        PacketOpener opener = new PacketOpener(PacketKeys.fromSecret(v.version(),
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256, RfcVectors.CHACHA_SECRET));
        byte[] packet = hex(v.chachaPacket());
        int p = kind.prefix();
        // the A.5 packet is the smallest possible; one byte less leaves no complete sample
        ByteBuffer buf = kind.wrap(packet, 0);
        assertDropped(opener, buf, p, p + 1, p + packet.length - 1, 654360563L, Reason.TOO_SHORT, "20 bytes");
        assertThat(TestPackets.bytes(buf, p, p + packet.length)).as("left untouched").isEqualTo(packet);
        // a packet number offset past the end is just as short
        assertDropped(opener, buf, p, p + 10, p + 5, 0, Reason.TOO_SHORT, "pnOffset past end");
        assertDropped(opener, buf, p, Integer.MAX_VALUE, p + 5, 0, Reason.TOO_SHORT, "pnOffset far past end");
        assertThatThrownBy(() -> opener.decryptPayload(buf, p, Integer.MAX_VALUE, 4, 0, p + packet.length))
                .isInstanceOf(PacketDecryptionException.class);
        assertThat(opener.authenticationFailures()).as("not an integrity failure").isZero();
    }

    @Test
    void rejectsPayloadTooShortForTag() {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(RfcVectors.V1.version(), RfcVectors.DCID).client());
        ByteBuffer buf = ByteBuffer.allocate(40);
        assertThatThrownBy(() -> opener.decryptPayload(buf, 0, 18, 4, 2, 37))
                .isInstanceOfSatisfying(PacketDecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT));
    }

    /**
     * A failed packet in a direct buffer must not touch the bytes before it: other packets coalesced in
     * the datagram. (The JDK's own direct-buffer GCM path zeroes from the buffer's base on a bad tag.)
     */
    @ParameterizedTest
    @MethodSource("cases")
    void failedPacketLeavesEarlierCoalescedPacketsAlone(RfcVectors.Version v, BufferKind kind) {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(v.version(), RfcVectors.DCID).client());
        byte[] packet = hex(v.clientInitialProtected());
        byte[] earlier = new byte[100];
        java.util.Arrays.fill(earlier, (byte) 0x77);
        ByteBuffer buf = kind.wrap(TestPackets.concat(earlier, packet), 0);
        int start = kind.prefix() + earlier.length;
        buf.put(start + 600, (byte) (buf.get(start + 600) ^ 1));

        assertDropped(opener, buf, start, start + 18, start + packet.length, -1, Reason.AUTHENTICATION_FAILED,
                "tampered");

        assertThat(TestPackets.bytes(buf, kind.prefix(), start)).isEqualTo(earlier);
        assertThat(TestPackets.bytes(buf, 0, kind.prefix())).isEqualTo(TestPackets.prefixBytes(kind));
    }

    @Test
    void exceptionCarriesNoStackTrace() {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(RfcVectors.V1.version(), RfcVectors.DCID).client());
        assertThatThrownBy(() -> opener.removeHeaderProtection(ByteBuffer.allocate(10), 0, 1, 10))
                .isInstanceOfSatisfying(PacketDecryptionException.class,
                        e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
