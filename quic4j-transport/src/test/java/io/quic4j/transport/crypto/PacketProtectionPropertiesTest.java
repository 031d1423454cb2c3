package io.quic4j.transport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CipherSuite;
import io.quic4j.transport.crypto.PacketDecryptionException.Reason;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips and random input for every suite, version, header form and buffer kind. */
class PacketProtectionPropertiesTest {

    private static PacketKeys keys(QuicVersion version, CipherSuite suite, byte seed) {
        byte[] secret = new byte[suite.hashLength()];
        Arrays.fill(secret, seed);
        return PacketKeys.fromSecret(version, suite, secret);
    }

    /** Builds an unprotected packet: long or short header with a connection ID, then the payload. */
    private static byte[] plainPacket(boolean longHeader, int cidLength, int pnLength, long pn, byte[] payload) {
        int headerLength = longHeader ? 1 + 4 + 1 + cidLength + 1 : 1 + cidLength;
        byte[] packet = new byte[headerLength + pnLength + payload.length];
        packet[0] = (byte) ((longHeader ? 0xc0 : 0x40) | (pnLength - 1));
        for (int i = 1; i < headerLength; i++) {
            packet[i] = (byte) (i * 31);
        }
        for (int i = 0; i < pnLength; i++) {
            packet[headerLength + i] = (byte) (pn >>> (8 * (pnLength - 1 - i)));
        }
        System.arraycopy(payload, 0, packet, headerLength + pnLength, payload.length);
        return packet;
    }

    @Property
    void unprotectInvertsProtect(@ForAll CipherSuite suite, @ForAll QuicVersion version,
            @ForAll TestPackets.BufferKind kind, @ForAll boolean longHeader, @ForAll @IntRange(max = 20) int cidLength,
            @ForAll @IntRange(min = 1, max = 4) int pnLength, @ForAll @LongRange(max = (1L << 62) - 1) long pn,
            @ForAll @Size(min = 3, max = 1400) byte[] payload) throws PacketDecryptionException {
        byte[] plain = plainPacket(longHeader, cidLength, pnLength, pn, payload);
        int headerLength = plain.length - pnLength - payload.length;
        int p = kind.prefix();
        ByteBuffer buf = kind.wrap(plain, AeadSpec.TAG_LENGTH);
        PacketKeys keys = keys(version, suite, (byte) 1);

        int end = new PacketSealer(keys).protect(buf, p, p + headerLength, pnLength, pn, p + plain.length);
        assertThat(end).isEqualTo(p + plain.length + 16);
        assertThat(buf.get(p) & 0xe0).as("unprotected bits of the first byte").isEqualTo(plain[0] & 0xe0);

        long mask = pnLength == 4 ? 0xffffffffL : (1L << (8 * pnLength)) - 1;
        long decoded = new PacketOpener(keys).unprotect(buf, p, p + headerLength, end, (truncated, length) -> {
            assertThat(length).isEqualTo(pnLength);
            assertThat(truncated).isEqualTo(pn & mask);
            return pn;
        });
        assertThat(decoded).isEqualTo(pn);
        assertThat(TestPackets.bytes(buf, p, p + plain.length)).isEqualTo(plain);
    }

    @Property
    void anyTamperedByteIsDropped(@ForAll CipherSuite suite, @ForAll boolean longHeader,
            @ForAll @IntRange(min = 1, max = 4) int pnLength, @ForAll @Size(min = 3, max = 200) byte[] payload,
            @ForAll @IntRange(max = 10_000) int where, @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] plain = plainPacket(longHeader, 8, pnLength, 77, payload);
        int headerLength = plain.length - pnLength - payload.length;
        ByteBuffer buf = TestPackets.BufferKind.HEAP.wrap(plain, 16);
        PacketKeys keys = keys(QuicVersion.V1, suite, (byte) 2);
        int end = new PacketSealer(keys).protect(buf, 0, headerLength, pnLength, 77, plain.length);
        int index = where % end;
        buf.put(index, (byte) (buf.get(index) ^ flip));

        PacketOpener opener = new PacketOpener(keys);
        assertThatThrownBy(() -> opener.unprotect(buf, 0, headerLength, end, TestPackets.decoderAfter(76)))
                .isInstanceOfSatisfying(PacketDecryptionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
    }

    @Property
    void randomBytesOnlyRaisePacketDecryptionException(@ForAll CipherSuite suite, @ForAll TestPackets.BufferKind kind,
            @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 1, max = 300) int pnOffset,
            @ForAll @LongRange(min = -1, max = 1L << 40) long largest) {
        ByteBuffer buf = kind.wrap(bytes, 0);
        int p = kind.prefix();
        PacketOpener opener = new PacketOpener(keys(QuicVersion.V2, suite, (byte) 3));
        assertThatThrownBy(() -> opener.unprotect(buf, p, p + pnOffset, p + bytes.length,
                TestPackets.decoderAfter(largest))).isInstanceOf(PacketDecryptionException.class);
    }
}
