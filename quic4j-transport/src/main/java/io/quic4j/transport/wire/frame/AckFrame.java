package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * ACK (RFC 9000 §19.3): the packet numbers received in one packet number space. Type 0x03 adds ECN
 * counts (§19.3.2), type 0x02 has none ({@code ecnCounts == null}).
 *
 * <pre>{@code
 * AckFrame ack = AckFrame.of(25, 8, 10, 3, 5); // delay 25 (encoded), packets 8-10 and 3-5
 * ack.largestAcknowledged();                  // 10
 * }</pre>
 *
 * @param ackDelay the ACK Delay field as encoded: microseconds divided by 2^ack_delay_exponent of the
 *     sender (§18.2); the receiver scales it
 * @param ranges the acknowledged packet numbers, highest range first
 * @param ecnCounts the ECN counts, or null for type 0x02
 */
public record AckFrame(long ackDelay, AckRanges ranges, EcnCounts ecnCounts) implements Frame {
    /**
     * @param ackDelay 0..2^62-1, as encoded (not scaled)
     * @param ranges not null
     * @param ecnCounts null for an ACK without ECN counts
     */
    public AckFrame {
        checkVarint("ackDelay", ackDelay);
        if (ranges == null) {
            throw new IllegalArgumentException(
                    "ranges must not be null; an ACK frame acknowledges at least one packet");
        }
    }

    /**
     * An ACK without ECN counts.
     *
     * @param ackDelay the encoded ACK Delay
     * @param smallestLargestPairs {@code [smallest, largest]} pairs, highest first
     * @return the frame
     */
    public static AckFrame of(long ackDelay, long... smallestLargestPairs) {
        return new AckFrame(ackDelay, AckRanges.of(smallestLargestPairs), null);
    }

    /** @return the Largest Acknowledged field */
    public long largestAcknowledged() {
        return ranges.largest();
    }

    /** @return whether the frame carries ECN counts (type 0x03) */
    public boolean hasEcnCounts() {
        return ecnCounts != null;
    }

    @Override
    public long type() {
        return ecnCounts == null ? FrameType.ACK : FrameType.ACK_ECN;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(ranges.largest()) + VarInt.size(ackDelay) + ranges.wireLength()
                + (ecnCounts == null ? 0 : ecnCounts.encodedLength());
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) type());
        VarInt.write(out, ranges.largest());
        VarInt.write(out, ackDelay);
        ranges.encode(out);
        if (ecnCounts != null) {
            ecnCounts.encode(out);
        }
    }

    /** Decodes the fields after the type byte (0x02 or 0x03). */
    static AckFrame decode(ByteBuffer in, long type) {
        long largest = Fields.varint(in, type, "Largest Acknowledged");
        long delay = Fields.varint(in, type, "ACK Delay");
        long rangeCount = Fields.varint(in, type, "ACK Range Count");
        long firstRange = Fields.varint(in, type, "First ACK Range");
        // Each (Gap, ACK Range Length) pair takes at least 2 bytes, so a count the rest of the packet cannot
        // hold is a truncated frame; checking first bounds the array below by the packet size.
        if (rangeCount > in.remaining() / 2) {
            throw Fields.malformed(type, "ACK Range Count " + rangeCount + " cannot fit in the " + in.remaining()
                    + " bytes left");
        }
        // RFC 9000 §19.3.1: "If any computed packet number is negative, an endpoint MUST generate a
        // connection error of type FRAME_ENCODING_ERROR."
        if (firstRange > largest) {
            throw Fields.malformed(type, "First ACK Range " + firstRange + " exceeds Largest Acknowledged " + largest);
        }
        // The type and four fields took at least 5 bytes of a buffer of at most 2^31-1, so rangeCount is below
        // 2^30 - 2 and the array length below cannot overflow.
        long[] pairs = new long[2 * ((int) rangeCount + 1)];
        long smallest = largest - firstRange;
        pairs[0] = smallest;
        pairs[1] = largest;
        for (int i = 2; i < pairs.length; i += 2) {
            long gap = Fields.varint(in, type, "Gap");
            long length = Fields.varint(in, type, "ACK Range Length");
            // Both fields are below 2^62 and smallest is at least 0, so these subtractions cannot overflow.
            long rangeLargest = smallest - gap - 2;
            if (rangeLargest < 0) {
                throw Fields.malformed(type, "Gap " + gap + " goes below packet number 0");
            }
            smallest = rangeLargest - length;
            if (smallest < 0) {
                throw Fields.malformed(type, "ACK Range Length " + length + " goes below packet number 0");
            }
            pairs[i] = smallest;
            pairs[i + 1] = rangeLargest;
        }
        EcnCounts ecn = type == FrameType.ACK_ECN ? EcnCounts.decode(in, type) : null;
        return new AckFrame(delay, AckRanges.wrap(pairs), ecn);
    }
}
