package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, the parsers raise QuicTransportException and nothing else. */
class RandomBytesTest {

    @Property
    void randomBytesOnlyRaiseQuicTransportException(
            @ForAll @Size(max = 300) byte[] bytes,
            @ForAll @IntRange(min = 0, max = 4) int shape,
            @ForAll @IntRange(min = 0, max = 20) int shortDcidLength,
            @ForAll int firstByteNoise) {
        shape(bytes, shape);
        exercise(ByteBuffer.wrap(bytes), shortDcidLength, firstByteNoise);
    }

    /** Mutations of a valid coalesced datagram reach deeper than uniform noise. */
    @Property
    void mutatedDatagramsOnlyRaiseQuicTransportException(
            @ForAll QuicVersion version,
            @ForAll @Size(max = 8) int[] flips,
            @ForAll @IntRange(min = 0, max = 1200) int cut,
            @ForAll int firstByteNoise) {
        ByteBuffer datagram = CoalescedPacketsTest.coalesced(version);
        for (int f : flips) {
            int at = Math.floorMod(f, datagram.limit());
            datagram.put(at, (byte) (datagram.get(at) ^ (f >>> 16 | 1)));
        }
        datagram.limit(Math.min(cut, datagram.limit()));
        exercise(datagram, 8, firstByteNoise);
    }

    /** Steers random bytes towards each header form: raw, v1, v2, Version Negotiation, 1-RTT. */
    private static void shape(byte[] bytes, int shape) {
        if (bytes.length < 5 || shape == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        switch (shape) {
            case 1 -> b.put(0, (byte) (bytes[0] | 0xc0)).putInt(1, QuicVersion.V1.wire());
            case 2 -> b.put(0, (byte) (bytes[0] | 0xc0)).putInt(1, QuicVersion.V2.wire());
            case 3 -> b.put(0, (byte) (bytes[0] | 0x80)).putInt(1, 0);
            default -> b.put(0, (byte) (bytes[0] & 0x7f | 0x40));
        }
        if (shape != 4 && bytes.length > 6) {
            b.put(5, (byte) (bytes[5] & 0x1f)); // plausible connection ID lengths
        }
    }

    private static void exercise(ByteBuffer datagram, int shortDcidLength, int noise) {
        int offset = 0;
        try {
            while (offset < datagram.limit()) {
                PacketInvariants.isLongHeader(datagram, offset);
                PacketInvariants.destinationConnectionIdLength(datagram, offset, shortDcidLength);
                PacketInvariants.destinationConnectionIdEquals(datagram, offset, shortDcidLength, new byte[3]);
                Packet p = PacketParser.parse(datagram, offset, shortDcidLength);
                assertThat(p.start()).isEqualTo(offset);
                assertThat(p.end()).isGreaterThan(offset).isLessThanOrEqualTo(datagram.limit());
                UnmaskedHeader u = switch (p) {
                    case LongHeaderPacket l -> l.unmask(datagram.get(offset) & 0xf0 | noise & 0x0f, datagram);
                    case ShortHeaderPacket s -> s.unmask(datagram.get(offset) & 0xe0 | noise & 0x1f, datagram);
                    case RetryPacket r -> null;
                    case VersionNegotiationPacket v -> null;
                    case UnsupportedVersionPacket x -> null;
                };
                if (u != null) {
                    assertThat(u.payloadOffset()).isLessThan(p.end());
                    u.requireReservedBitsZero();
                }
                offset = p.end();
            }
        } catch (QuicTransportException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
