package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.transport.FuzzSupport;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for the packet header codec (RFC 9000 §17, RFC 8999, RFC 9369 §3). Without {@code
 * JAZZER_FUZZ} they run as regression tests on {@code PacketFuzzTestInputs/<method>}; {@code build/fuzz.sh
 * packet} fuzzes them.
 *
 * <p>{@link #parseDatagram} input: byte 0 picks the short-header connection ID length (mod 21), byte 1 the
 * protected first-byte bits that header protection would have revealed, the rest is the datagram. The
 * datagram is walked the way the receive path walks coalesced packets (RFC 9000 §12.2). Properties: only
 * {@link QuicTransportException} with PROTOCOL_VIOLATION escapes, at every stage; packets are found in
 * order and each ends past its start and by the datagram's end; {@link PacketInvariants} agrees with the
 * parser; stage 2 ({@code unmask}) and the reserved-bit check accept exactly what they should; allocation
 * is bounded by the input; and every parsed packet, written again with the codec's writers (minimal
 * varints: compare values, not bytes), parses to the same fields.
 */
class PacketFuzzTest {

    @FuzzTest
    void parseDatagram(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int shortDcidLength = (input[0] & 0xff) % (ConnectionId.MAX_LENGTH + 1);
        int revealedBits = input[1] & 0xff;
        ByteBuffer datagram = ByteBuffer.wrap(Arrays.copyOfRange(input, 2, input.length));
        // Measured without stage 2: the checks' own exceptions (one per packet) would dwarf the parser's records.
        FuzzSupport.assertAllocationBounded(() -> walk(datagram, shortDcidLength, revealedBits, false),
                datagram.limit(), "PacketParser.parse");
        walk(datagram, shortDcidLength, revealedBits, true);
        assertThat(datagram.position()).as("parsers leave the position alone").isZero();
        assertThat(datagram.limit()).isEqualTo(input.length - 2);
    }

    /**
     * RFC 9000 Appendix A.3: the decoded packet number is in 0..2^62-1, has the truncated value's low bits,
     * and is the candidate closest to the expected one.
     */
    // The saved finding crash-5fb7e62e... (largest received 2^62-1, truncated 0, length 1) once decoded to
    // 2^62; it stays in the corpus as a regression input.
    @FuzzTest
    void decodePacketNumber(FuzzedDataProvider data) {
        int length = data.consumeInt(1, 4);
        long largestReceived = data.consumeLong(PacketNumber.NONE, PacketNumber.MAX);
        long truncated = data.consumeLong(0, (1L << (8 * length)) - 1);
        long decoded = PacketNumber.decode(largestReceived, truncated, length);
        assertThat(decoded).as("decode(%d, %d, %d)", largestReceived, truncated, length).isBetween(0L,
                PacketNumber.MAX);
        assertThat(PacketNumber.truncate(decoded, length)).isEqualTo(truncated);
        long expected = largestReceived + 1;
        long halfWindow = 1L << (8 * length - 1);
        // Closest candidate, unless that one would leave 0..2^62-1 and the next one had to be taken.
        if (decoded - expected > halfWindow) {
            assertThat(decoded - 2 * halfWindow).as("a lower candidate existed").isNegative();
        } else if (expected - decoded > halfWindow) {
            assertThat(decoded + 2 * halfWindow).as("a higher candidate existed").isGreaterThan(PacketNumber.MAX);
        }
    }

    private static void walk(ByteBuffer datagram, int shortDcidLength, int revealedBits, boolean check) {
        int offset = 0;
        while (offset < datagram.limit()) {
            if (check) {
                checkInvariants(datagram, offset, shortDcidLength);
            }
            Packet packet;
            try {
                packet = PacketParser.parse(datagram, offset, shortDcidLength);
            } catch (QuicTransportException e) {
                assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                return; // RFC 9000 §12.2: the rest of the datagram is dropped
            }
            if (check) {
                assertThat(packet.start()).isEqualTo(offset);
                assertThat(packet.end()).isGreaterThan(offset).isLessThanOrEqualTo(datagram.limit());
                checkAgainstInvariants(datagram, packet, shortDcidLength);
                roundTrip(datagram, packet, shortDcidLength);
            }
            if (check) {
                unmask(datagram, packet, revealedBits);
            }
            offset = packet.end();
        }
    }

    /** The invariant reads must either succeed or raise PROTOCOL_VIOLATION, whatever the bytes. */
    private static void checkInvariants(ByteBuffer datagram, int offset, int shortDcidLength) {
        boolean longHeader = PacketInvariants.isLongHeader(datagram, offset);
        assertThat(longHeader).isEqualTo((datagram.get(offset) & 0x80) != 0);
        int cidOffset = PacketInvariants.destinationConnectionIdOffset(datagram, offset);
        try {
            if (longHeader) {
                assertThat(PacketInvariants.version(datagram, offset)).isEqualTo(datagram.getInt(offset + 1));
            }
            int length = PacketInvariants.destinationConnectionIdLength(datagram, offset, shortDcidLength);
            assertThat(cidOffset + length).isLessThanOrEqualTo(datagram.limit());
            byte[] bytes = new byte[length];
            datagram.get(cidOffset, bytes);
            assertThat(PacketInvariants.destinationConnectionIdEquals(datagram, offset, shortDcidLength, bytes))
                    .isTrue();
            if (length > 0) {
                bytes[0] ^= 1;
                assertThat(PacketInvariants.destinationConnectionIdEquals(datagram, offset, shortDcidLength,
                        bytes)).isFalse();
            }
            if (length <= ConnectionId.MAX_LENGTH) {
                assertThat(PacketInvariants.destinationConnectionId(datagram, offset, shortDcidLength).length())
                        .isEqualTo(length);
            }
        } catch (QuicTransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
        }
    }

    /** What the parser found and what routing reads before parsing are the same connection ID. */
    private static void checkAgainstInvariants(ByteBuffer datagram, Packet packet, int shortDcidLength) {
        int offset = packet.start();
        ConnectionId destination = switch (packet) {
            case LongHeaderPacket p -> p.destination();
            case ShortHeaderPacket p -> p.destination();
            case RetryPacket p -> p.destination();
            case VersionNegotiationPacket p -> null;
            case UnsupportedVersionPacket p -> null;
        };
        if (destination != null) {
            assertThat(PacketInvariants.destinationConnectionId(datagram, offset, shortDcidLength))
                    .isEqualTo(destination);
            assertThat(PacketInvariants.destinationConnectionIdEquals(datagram, offset, shortDcidLength,
                    destination.toBytes())).isTrue();
        }
        if (packet instanceof ShortHeaderPacket) {
            assertThat(PacketInvariants.isLongHeader(datagram, offset)).isFalse();
        } else {
            assertThat(PacketInvariants.isLongHeader(datagram, offset)).isTrue();
        }
    }

    /**
     * Stage 2 with the first byte header protection would reveal: the fuzzer picks the protected bits, the
     * rest must match the wire (else the caller broke the contract). Then the reserved-bit rule of RFC 9000
     * §17.2 / §17.3.1.
     */
    private static void unmask(ByteBuffer datagram, Packet packet, int revealedBits) {
        int onWire = datagram.get(packet.start()) & 0xff;
        UnmaskedHeader header;
        int pnOffset;
        int end;
        try {
            switch (packet) {
                case LongHeaderPacket p -> {
                    int first = onWire & ~LongHeaderPacket.PROTECTED_BITS
                            | revealedBits & LongHeaderPacket.PROTECTED_BITS;
                    header = p.unmask(first, datagram);
                    assertThat(header.longHeader()).isTrue();
                    assertThat(header.keyPhase()).isFalse();
                    assertThat(header.reservedBits()).isEqualTo((first & 0x0c) >>> 2);
                    pnOffset = p.pnOffset();
                    end = p.end();
                }
                case ShortHeaderPacket p -> {
                    int first = onWire & ~ShortHeaderPacket.PROTECTED_BITS
                            | revealedBits & ShortHeaderPacket.PROTECTED_BITS;
                    header = p.unmask(first, datagram);
                    assertThat(header.longHeader()).isFalse();
                    assertThat(header.keyPhase()).isEqualTo((first & 0x04) != 0);
                    assertThat(header.reservedBits()).isEqualTo((first & 0x18) >>> 3);
                    pnOffset = p.pnOffset();
                    end = p.end();
                }
                default -> {
                    return; // Retry and Version Negotiation have no header protection
                }
            }
        } catch (QuicTransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
            return;
        }
        assertThat(header.packetNumberLength()).isEqualTo((header.firstByte() & 0x03) + 1);
        assertThat(header.payloadOffset()).isEqualTo(pnOffset + header.packetNumberLength())
                .isLessThan(end);
        assertThat(header.truncatedPacketNumber()).isEqualTo(PacketNumber.read(datagram, pnOffset,
                header.packetNumberLength()));
        try {
            header.requireReservedBitsZero();
            assertThat(header.reservedBits()).isZero();
        } catch (QuicTransportException e) {
            assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
            assertThat(header.reservedBits()).isNotZero();
        }
    }

    /** Writes the packet again with the codec's writers and parses the result. */
    private static void roundTrip(ByteBuffer datagram, Packet packet, int shortDcidLength) {
        ByteBuffer out = ByteBuffer.allocate(packet.end() - packet.start() + 16);
        switch (packet) {
            case LongHeaderPacket p -> {
                // The Packet Number and payload are opaque here: copy them (the first Packet Number byte goes
                // through the writer as a 1-byte number), and write the Length field in its minimal size.
                int rest = p.end() - p.pnOffset();
                int lengthSize = VarInt.size(rest);
                int pnOffset = LongHeaderPacket.write(out, p.type(), p.version(), p.destination(), p.source(),
                        p.token(), lengthSize, datagram.get(p.pnOffset()) & 0xff, 1);
                out.put(datagram.slice(p.pnOffset() + 1, rest - 1));
                LongHeaderPacket.fillLength(out, pnOffset, lengthSize, out.position());
                Packet again = PacketParser.parse(out.flip(), 0, shortDcidLength);
                assertThat(again).isEqualTo(new LongHeaderPacket(p.type(), p.version(), p.destination(), p.source(),
                        p.token(), 0, pnOffset, pnOffset + rest));
                assertThat(out.slice(pnOffset, rest)).isEqualTo(datagram.slice(p.pnOffset(), rest));
            }
            case ShortHeaderPacket p -> {
                int rest = p.end() - p.pnOffset();
                int pnOffset = ShortHeaderPacket.write(out, p.destination(), p.spin(), false,
                        datagram.get(p.pnOffset()) & 0xff, 1);
                out.put(datagram.slice(p.pnOffset() + 1, rest - 1));
                Packet again = PacketParser.parse(out.flip(), 0, shortDcidLength);
                assertThat(again).isEqualTo(new ShortHeaderPacket(p.spin(), p.destination(), 0, pnOffset,
                        pnOffset + rest));
            }
            case RetryPacket p -> {
                RetryPacket.write(out, p.unusedBits(), p.version(), p.destination(), p.source(), p.token(),
                        p.integrityTag());
                Packet again = PacketParser.parse(out.flip(), 0, shortDcidLength);
                assertThat(again).isEqualTo(new RetryPacket(p.unusedBits(), p.version(), p.destination(),
                        p.source(), p.token(), p.integrityTag(), 0, out.limit()));
            }
            case VersionNegotiationPacket p -> {
                int[] versions = new int[p.versionCount()];
                for (int i = 0; i < versions.length; i++) {
                    versions[i] = p.version(i);
                }
                VersionNegotiationPacket.write(out, p.unusedBits(), p.destination(), p.source(), versions);
                Packet again = PacketParser.parse(out.flip(), 0, shortDcidLength);
                assertThat(again).isEqualTo(new VersionNegotiationPacket(p.unusedBits(), p.destination(),
                        p.source(), p.supportedVersions(), 0, out.limit()));
            }
            case UnsupportedVersionPacket p -> {
                // RFC 8999 §5.1: nothing past the connection IDs is known; it runs to the end of the datagram.
                assertThat(p.end()).isEqualTo(datagram.limit());
                assertThat(PacketParser.known(p.version())).isNull();
                assertThat(p.version()).isNotEqualTo(VersionNegotiationPacket.VERSION);
            }
        }
    }
}
