package io.quic4j.transport.crypto;

import static io.quic4j.transport.crypto.RfcVectors.hex;
import static io.quic4j.transport.crypto.TestPackets.bytes;
import static io.quic4j.transport.crypto.TestPackets.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.crypto.TestPackets.BufferKind;
import io.quic4j.transport.wire.packet.PacketNumber;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-for-byte RFC 9001 A.2, A.3, A.5 and RFC 9369 A.2, A.3, A.5, both ways: protecting the plaintext
 * gives the RFC's packet, unprotecting the RFC's packet gives the plaintext. Each in heap and direct
 * buffers, at index 0 and behind other bytes.
 */
class PacketProtectionVectorsTest {
    private static final int TAG = AeadSpec.TAG_LENGTH;

    static Stream<Arguments> cases() {
        return Stream.of(RfcVectors.V1, RfcVectors.V2)
                .flatMap(v -> Stream.of(BufferKind.values()).map(k -> Arguments.of(v, k)));
    }

    private static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // A.2: 22-byte header, 4-byte packet number 2 at offset 18, 1162-byte payload, 1200-byte packet.

    @ParameterizedTest
    @MethodSource("cases")
    void protectsClientInitial(RfcVectors.Version v, BufferKind kind) {
        PacketSealer sealer = new PacketSealer(InitialKeys.derive(v.version(), RfcVectors.DCID).client());
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(concat(hex(v.clientInitialHeader()), RfcVectors.clientInitialPayload()), TAG);

        int end = sealer.protect(buf, p, p + 18, 4, 2, p + 22 + 1162);

        assertThat(end).isEqualTo(p + 1200);
        assertThat(hexOf(bytes(buf, p, end))).isEqualTo(hexOf(hex(v.clientInitialProtected())));
        assertThat(bytes(buf, 0, p)).isEqualTo(TestPackets.prefixBytes(kind));
        assertThat(buf.position()).isZero();
        assertThat(buf.limit()).isEqualTo(buf.capacity());
        assertThat(sealer.packetsProtected()).isOne();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unprotectsClientInitial(RfcVectors.Version v, BufferKind kind) throws PacketDecryptionException {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(v.version(), RfcVectors.DCID).client());
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(hex(v.clientInitialProtected()), 0);

        long pn = opener.unprotect(buf, p, p + 18, p + 1200, TestPackets.decoderAfter(-1));

        assertThat(pn).isEqualTo(2);
        assertThat(hexOf(bytes(buf, p, p + 1200 - TAG)))
                .isEqualTo(hexOf(concat(hex(v.clientInitialHeader()), RfcVectors.clientInitialPayload())));
        assertThat(bytes(buf, 0, p)).isEqualTo(TestPackets.prefixBytes(kind));
    }

    // A.3: 20-byte header, 2-byte packet number 1 at offset 18, 99-byte payload.

    @ParameterizedTest
    @MethodSource("cases")
    void protectsServerInitial(RfcVectors.Version v, BufferKind kind) {
        PacketSealer sealer = new PacketSealer(InitialKeys.derive(v.version(), RfcVectors.DCID).server());
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(concat(hex(v.serverInitialHeader()), RfcVectors.SERVER_INITIAL_PAYLOAD), TAG);

        int end = sealer.protect(buf, p, p + 18, 2, 1, p + 20 + 99);

        assertThat(hexOf(bytes(buf, p, end))).isEqualTo(hexOf(hex(v.serverInitialProtected())));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unprotectsServerInitial(RfcVectors.Version v, BufferKind kind) throws PacketDecryptionException {
        PacketOpener opener = new PacketOpener(InitialKeys.derive(v.version(), RfcVectors.DCID).server());
        int p = kind.prefix();
        byte[] packet = hex(v.serverInitialProtected());
        ByteBuffer buf = kind.wrap(packet, 0);

        int first = opener.removeHeaderProtection(buf, p, p + 18, p + packet.length);
        assertThat(PacketNumber.lengthFromFirstByte(first)).isEqualTo(2);
        assertThat(PacketNumber.read(buf, p + 18, 2)).isEqualTo(1);
        int payloadEnd = opener.decryptPayload(buf, p, p + 18, 2, 1, p + packet.length);

        assertThat(payloadEnd).isEqualTo(p + packet.length - TAG);
        assertThat(hexOf(bytes(buf, p, payloadEnd)))
                .isEqualTo(hexOf(concat(hex(v.serverInitialHeader()), RfcVectors.SERVER_INITIAL_PAYLOAD)));
    }

    // A.5: short header 4200bff4, no connection ID, 3-byte packet number 654360564 at offset 1, PING.

    @ParameterizedTest
    @MethodSource("cases")
    void protectsChaChaShortHeaderPacket(RfcVectors.Version v, BufferKind kind) {
        PacketSealer sealer = new PacketSealer(PacketKeys.fromSecret(v.version(),
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256, RfcVectors.CHACHA_SECRET));
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(hex("4200bff4 01"), TAG);

        int end = sealer.protect(buf, p, p + 1, 3, 654360564L, p + 5);

        assertThat(end).isEqualTo(p + 21);
        assertThat(hexOf(bytes(buf, p, end))).isEqualTo(v.chachaPacket());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unprotectsChaChaShortHeaderPacket(RfcVectors.Version v, BufferKind kind) throws PacketDecryptionException {
        PacketOpener opener = new PacketOpener(PacketKeys.fromSecret(v.version(),
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256, RfcVectors.CHACHA_SECRET));
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(hex(v.chachaPacket()), 0);

        // 49140 on 3 bytes, recovered next to the previous packet number
        long pn = opener.unprotect(buf, p, p + 1, p + 21, TestPackets.decoderAfter(654360563L));

        assertThat(pn).isEqualTo(654360564L);
        assertThat(hexOf(bytes(buf, p, p + 5))).isEqualTo("4200bff401");
    }
}
