package io.quic4j.transport.recovery;

import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.EcnCounts;
import java.util.Arrays;

/**
 * The receive side of acknowledgments for one packet number space (RFC 9000 §13.2): which packet numbers
 * arrived (for duplicate detection, §12.3, and for ACK frames), when an ACK is due, and the ACK frame
 * itself. Sans-I/O: times are nanoseconds passed in.
 *
 * <pre>{@code
 * if (tracker.isDuplicate(pn)) { drop; }
 * ... process the packet's frames ...
 * tracker.onPacketReceived(pn, ackEliciting, ecn, now);   // only after processing (§13.1)
 * if (now >= tracker.ackDeadline() || (sendingAnyway && tracker.hasPacketsToAcknowledge())) {
 *     AckFrame ack = tracker.buildAck(now);
 *     ... put it in a packet ...
 *     tracker.onAckSent();
 * }
 * // later, when that packet of ours is acknowledged:
 * tracker.onAckAcknowledged(ack.largestAcknowledged());
 * }</pre>
 *
 * <p>The received packet numbers are kept as at most {@code maxRanges} disjoint ranges (DESIGN.md §5): when
 * one more would be needed the lowest range is forgotten and everything below a rising floor counts as
 * already received, so a packet in a forgotten range is never processed twice (RFC 9000 §13.2.3: "A
 * receiver MUST retain an ACK Range unless it can ensure that it will not subsequently accept packets
 * with numbers in that range").
 */
public final class AckTracker {
    /** Default bound on retained ranges; an ACK of 64 ranges fits easily in a packet. */
    public static final int DEFAULT_MAX_RANGES = 64;
    /** RFC 9000 §13.2.2: "A receiver SHOULD send an ACK frame after receiving at least two ack-eliciting packets." */
    public static final int ACK_ELICITING_THRESHOLD = 2;

    private final PacketNumberSpace space;
    private final long maxAckDelay;
    private final int ackDelayExponent;
    private final int maxRanges;

    /** Received ranges, ascending and separated by at least one missing number. */
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int count;
    /** Packet numbers below this are treated as received (forgotten ranges, acknowledged ACKs). */
    private long floor;

    private long largestReceived = -1;
    private long largestReceivedTime;
    private long largestAckEliciting = -1;
    private int ackElicitingSinceAck;
    private boolean packetsSinceAck;
    private long deadline = LossDetector.NEVER;

    private long ect0;
    private long ect1;
    private long ce;

    /**
     * @param space the packet number space tracked
     * @param maxAckDelayNanos our max_ack_delay transport parameter (RFC 9000 §18.2), 0 or more
     * @param ackDelayExponent our ack_delay_exponent transport parameter, 0..20
     * @param maxRanges how many ranges to retain, at least 1
     */
    public AckTracker(PacketNumberSpace space, long maxAckDelayNanos, int ackDelayExponent, int maxRanges) {
        if (space == null) {
            throw new IllegalArgumentException("space must not be null");
        }
        if (maxAckDelayNanos < 0) {
            throw new IllegalArgumentException("max_ack_delay must not be negative, was " + maxAckDelayNanos);
        }
        if (ackDelayExponent < 0 || ackDelayExponent > 20) {
            throw new IllegalArgumentException("ack_delay_exponent must be 0..20, was " + ackDelayExponent);
        }
        if (maxRanges < 1) {
            throw new IllegalArgumentException("maxRanges must be at least 1, was " + maxRanges);
        }
        this.space = space;
        this.maxAckDelay = maxAckDelayNanos;
        this.ackDelayExponent = ackDelayExponent;
        this.maxRanges = maxRanges;
    }

    /**
     * A tracker retaining {@link #DEFAULT_MAX_RANGES} ranges.
     *
     * @param space the packet number space tracked
     * @param maxAckDelayNanos our max_ack_delay
     * @param ackDelayExponent our ack_delay_exponent
     */
    public AckTracker(PacketNumberSpace space, long maxAckDelayNanos, int ackDelayExponent) {
        this(space, maxAckDelayNanos, ackDelayExponent, DEFAULT_MAX_RANGES);
    }

    /** @return the space tracked */
    public PacketNumberSpace space() {
        return space;
    }

    /**
     * Whether a packet must be dropped as a duplicate (RFC 9000 §12.3): it was received before, or it lies
     * below the floor of forgotten ranges.
     *
     * @param packetNumber the decoded packet number
     * @return true to drop it without processing
     */
    public boolean isDuplicate(long packetNumber) {
        return packetNumber < floor || indexOf(packetNumber) >= 0;
    }

    /** @return the index of the range holding pn, or -1 */
    private int indexOf(long pn) {
        int i = firstEndingAtOrAbove(pn);
        return i < count && starts[i] <= pn ? i : -1;
    }

    /** @return the first range index whose end is at least {@code pn}, or count */
    private int firstEndingAtOrAbove(long pn) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] < pn) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Records a packet that was fully processed (RFC 9000 §13.1: not before) and decides when to
     * acknowledge it (§13.2.1): ack-eliciting Initial and Handshake packets at once; in Application Data,
     * at once for every second ack-eliciting packet, for one that arrives out of order or reveals a gap, or
     * one marked ECN-CE; otherwise within max_ack_delay. A packet that is not ack-eliciting never makes an
     * ACK due; it is acknowledged along with the next. A duplicate is ignored.
     *
     * @param packetNumber the packet number, 0 or more
     * @param ackEliciting whether it held a frame other than ACK, PADDING or CONNECTION_CLOSE
     * @param ecn the ECN codepoint of the datagram that carried it
     * @param now when it was received
     */
    public void onPacketReceived(long packetNumber, boolean ackEliciting, EcnCodepoint ecn, long now) {
        if (packetNumber < 0) {
            throw new IllegalArgumentException("packet number must not be negative, was " + packetNumber);
        }
        if (isDuplicate(packetNumber)) {
            return;
        }
        insert(packetNumber);
        if (packetNumber > largestReceived) {
            largestReceived = packetNumber;
            // RFC 9000 §13.2.5: the ACK Delay counts from the receipt of the largest acknowledged packet.
            largestReceivedTime = now;
        }
        switch (ecn) {
            case ECT0 -> ect0++;
            case ECT1 -> ect1++;
            case CE -> ce++;
            case NOT_ECT -> {
            }
        }
        packetsSinceAck = true;
        if (!ackEliciting) {
            // RFC 9000 §13.2.1: "An endpoint MUST NOT send a non-ack-eliciting packet in response to a
            // non-ack-eliciting packet, even if there are packet gaps that precede the received packet."
            return;
        }
        ackElicitingSinceAck++;
        // RFC 9000 §13.2.1: "MUST acknowledge all ack-eliciting Initial and Handshake packets immediately";
        // CE-marked packets "SHOULD be acknowledged immediately".
        boolean immediate = space != PacketNumberSpace.APPLICATION || ecn == EcnCodepoint.CE
                || ackElicitingSinceAck >= ACK_ELICITING_THRESHOLD;
        if (largestAckEliciting >= 0) {
            if (packetNumber < largestAckEliciting) {
                // "the received packet has a packet number less than another ack-eliciting packet".
                immediate = true;
            } else {
                // "larger than the highest-numbered ack-eliciting packet that has been received and there are
                // missing packets between that packet and this packet".
                int idx = indexOf(packetNumber);
                // idx < 0: its range was the lowest and was forgotten at once; reordering anyway.
                if (idx < 0 || starts[idx] > largestAckEliciting + 1 && starts[idx] > floor) {
                    immediate = true;
                }
            }
        }
        largestAckEliciting = Math.max(largestAckEliciting, packetNumber);
        long due = immediate ? now : now + maxAckDelay;
        deadline = Math.min(deadline, due);
    }

    private void insert(long pn) {
        if (count == 0 || pn > ends[count - 1] + 1) {
            insertAt(count, pn);
        } else if (pn == ends[count - 1] + 1) {
            ends[count - 1] = pn;
        } else {
            int i = firstEndingAtOrAbove(pn - 1);
            if (ends[i] == pn - 1) {
                ends[i] = pn;
                if (i + 1 < count && starts[i + 1] == pn + 1) {
                    ends[i] = ends[i + 1];
                    removeAt(i + 1);
                }
            } else if (starts[i] == pn + 1) {
                starts[i] = pn;
            } else {
                insertAt(i, pn);
            }
        }
        if (count > maxRanges) {
            // Forget the oldest range and never accept its packet numbers again.
            floor = Math.max(floor, ends[0] + 1);
            removeAt(0);
        }
    }

    private void insertAt(int i, long pn) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, count - i);
        System.arraycopy(ends, i, ends, i + 1, count - i);
        starts[i] = pn;
        ends[i] = pn;
        count++;
    }

    private void removeAt(int i) {
        System.arraycopy(starts, i + 1, starts, i, count - i - 1);
        System.arraycopy(ends, i + 1, ends, i, count - i - 1);
        count--;
    }

    /**
     * @return when an ACK must be sent: the receive time of an ack-eliciting packet that needs one at once,
     *     that time plus max_ack_delay otherwise, {@link LossDetector#NEVER} if no ack-eliciting packet
     *     awaits acknowledgment
     */
    public long ackDeadline() {
        return deadline;
    }

    /**
     * @param now the current time
     * @return whether an ACK is due now
     */
    public boolean isAckDue(long now) {
        return deadline != LossDetector.NEVER && now >= deadline;
    }

    /**
     * @return whether packets arrived since the last ACK was sent, so an ACK is worth adding to a packet
     *     sent anyway (RFC 9000 §13.2: "When sending a packet for any reason, an endpoint SHOULD attempt to
     *     include an ACK frame if one has not been sent recently")
     */
    public boolean hasPacketsToAcknowledge() {
        return packetsSinceAck && count > 0;
    }

    /**
     * Builds an ACK frame of every retained range, highest first, with the ACK Delay measured from the
     * receipt of the largest packet and scaled by our ack_delay_exponent (RFC 9000 §13.2.5, §19.3), and
     * the ECN counts once any ECN marking was seen (§13.4.1). Changes nothing: call {@link #onAckSent()}
     * once it is actually sent.
     *
     * @param now the current time
     * @return the frame, or null if there is nothing to acknowledge
     */
    public AckFrame buildAck(long now) {
        if (count == 0) {
            return null;
        }
        AckRanges.Builder ranges = AckRanges.builder();
        for (int i = count - 1; i >= 0; i--) {
            ranges.add(starts[i], ends[i]);
        }
        long delayMicros = Math.max(0, now - largestReceivedTime) / 1000;
        long encodedDelay = delayMicros >> ackDelayExponent;
        EcnCounts ecn = (ect0 | ect1 | ce) != 0 ? new EcnCounts(ect0, ect1, ce) : null;
        return new AckFrame(encodedDelay, ranges.build(), ecn);
    }

    /**
     * An ACK built by {@link #buildAck(long)} was sent: nothing is due until the next ack-eliciting
     * packet.
     */
    public void onAckSent() {
        ackElicitingSinceAck = 0;
        packetsSinceAck = false;
        deadline = LossDetector.NEVER;
    }

    /**
     * A packet of ours that carried an ACK frame with this Largest Acknowledged was acknowledged: the peer
     * knows about every packet up to it, so stop acknowledging them (RFC 9000 §13.2.4). They count as
     * received from now on, so a late copy is dropped as a duplicate.
     *
     * @param largestAcknowledged the Largest Acknowledged field of the ACK frame we sent
     */
    public void onAckAcknowledged(long largestAcknowledged) {
        long newFloor = largestAcknowledged + 1;
        if (newFloor <= floor) {
            return;
        }
        floor = newFloor;
        int i = firstEndingAtOrAbove(newFloor);
        if (i > 0) {
            System.arraycopy(starts, i, starts, 0, count - i);
            System.arraycopy(ends, i, ends, 0, count - i);
            count -= i;
        }
        if (count > 0 && starts[0] < newFloor) {
            starts[0] = newFloor;
        }
    }

    /** @return the largest packet number received, or -1; kept for packet number decoding (§17.1) */
    public long largestReceived() {
        return largestReceived;
    }

    /** @return how many ranges are retained */
    public int rangeCount() {
        return count;
    }

    /** @return the lowest packet number not treated as received by default */
    public long floor() {
        return floor;
    }
}
