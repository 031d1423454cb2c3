package io.quic4j.transport.recovery;

import io.quic4j.transport.wire.frame.AckRanges;
import java.util.ArrayList;
import java.util.List;

/**
 * The sent packets of one packet number space (RFC 9002 Appendix A.1), in a ring indexed by packet
 * number: packet numbers only increase, so the slot of packet {@code pn} is {@code pn - base} places after
 * the head. A slot is either a packet still outstanding or a hole remembering why it is empty (acked,
 * lost, skipped), which persistent congestion needs (§7.6.2: no packet acknowledged in between).
 *
 * <p>Costs: sending is amortized O(1). Loss detection walks from the lowest outstanding packet and stops
 * at the first one not yet lost (send times rise with packet numbers, so no later one can be), and the
 * walked slots then fall off the head: each slot is walked about once. ACK processing walks only the
 * acknowledged ranges above the head, which after loss detection lies at most kPacketThreshold - 1 slots
 * below the largest acknowledged: linear in ranges plus newly acknowledged packets.
 */
final class SentPacketLog {
    static final byte EMPTY = 0;
    static final byte LIVE = 1;
    static final byte ACKED = 2;
    static final byte LOST = 3;
    static final byte SKIPPED = 4;

    /** Skipped ranges remembered for optimistic-ACK detection; the oldest is forgotten first. */
    static final int MAX_SKIPPED_RANGES = 64;
    /** The largest jump in packet numbers while packets are outstanding (the ring holds every slot). */
    static final long MAX_GAP = 1 << 16;

    /** RFC 9002 §6.1.1: kPacketThreshold. */
    static final int PACKET_THRESHOLD = 3;

    final PacketNumberSpace space;

    private SentPacket[] slots = new SentPacket[64];
    private byte[] states = new byte[64];
    /** Physical index of {@link #base}. */
    private int head;
    /** Packet number of the head slot; equals largestSent + 1 when the ring is empty. */
    private long base;
    /** Slots from base through largestSent. */
    private int span;

    private final long[] skippedLo = new long[MAX_SKIPPED_RANGES];
    private final long[] skippedHi = new long[MAX_SKIPPED_RANGES];
    private int skippedCount;

    long largestSent = -1;
    /** largest_acked_packet; -1 for "infinite" (none yet). */
    long largestAcked = -1;
    long lastTimeSent = LossDetector.NO_TIME;
    /** time_of_last_ack_eliciting_packet, or NO_TIME. */
    long timeOfLastAckEliciting = LossDetector.NO_TIME;
    /** loss_time, or NEVER. */
    long lossTime = LossDetector.NEVER;
    int outstanding;
    int ackElicitingInFlight;
    long bytesInFlight;
    boolean discarded;

    long ecnEct0;
    long ecnEct1;
    long ecnCe;

    SentPacketLog(PacketNumberSpace space) {
        this.space = space;
    }

    private int phys(long offset) {
        return (int) ((head + offset) & (slots.length - 1));
    }

    /** Records a sent packet; packet numbers and send times must not go backwards. */
    void add(SentPacket packet) {
        long pn = packet.packetNumber();
        if (pn <= largestSent) {
            throw new IllegalArgumentException(space + " packet number " + pn + " is not above the largest sent, "
                    + largestSent + "; packet numbers only increase (RFC 9000 §12.3)");
        }
        if (lastTimeSent != LossDetector.NO_TIME && packet.timeSent() < lastTimeSent) {
            throw new IllegalArgumentException("send time " + packet.timeSent() + " is before the previous one, "
                    + lastTimeSent + "; pass a monotonic clock");
        }
        extendTo(pn);
        append(packet, LIVE);
        lastTimeSent = packet.timeSent();
        outstanding++;
        if (packet.inFlight()) {
            bytesInFlight += packet.sentBytes();
            if (packet.ackEliciting()) {
                ackElicitingInFlight++;
                timeOfLastAckEliciting = packet.timeSent();
            }
        }
    }

    /** Declares {@code pn} deliberately unused (RFC 9000 §21.4). */
    void skip(long pn) {
        if (pn <= largestSent) {
            throw new IllegalArgumentException("can only skip a packet number above the largest sent, " + largestSent
                    + ", not " + pn);
        }
        extendTo(pn);
        recordSkipped(pn, pn);
        if (outstanding == 0) {
            base = pn + 1;
            largestSent = pn;
        } else {
            append(null, SKIPPED);
        }
    }

    /** Makes the slots largestSent+1 .. pn-1 skipped holes, so the next slot is pn's. */
    private void extendTo(long pn) {
        long first = largestSent + 1;
        if (pn > first) {
            recordSkipped(first, pn - 1);
        }
        if (outstanding == 0) {
            // Nothing outstanding below: holes there can no longer matter, start the ring at pn.
            span = 0;
            base = pn;
            largestSent = pn - 1;
            return;
        }
        long gap = pn - first;
        if (gap > MAX_GAP) {
            throw new IllegalArgumentException("packet number " + pn + " jumps " + gap
                    + " past the largest sent while packets are outstanding; skip at most " + MAX_GAP);
        }
        for (long i = 0; i < gap; i++) {
            append(null, SKIPPED);
        }
    }

    private void append(SentPacket packet, byte state) {
        if (span == slots.length) {
            grow();
        }
        int idx = phys(span);
        slots[idx] = packet;
        states[idx] = state;
        span++;
        largestSent = base + span - 1;
    }

    private void grow() {
        int n = slots.length;
        SentPacket[] newSlots = new SentPacket[n * 2];
        byte[] newStates = new byte[n * 2];
        for (int i = 0; i < span; i++) {
            int idx = phys(i);
            newSlots[i] = slots[idx];
            newStates[i] = states[idx];
        }
        slots = newSlots;
        states = newStates;
        head = 0;
    }

    private void recordSkipped(long lo, long hi) {
        if (skippedCount > 0 && skippedHi[skippedCount - 1] == lo - 1) {
            skippedHi[skippedCount - 1] = hi;
            return;
        }
        if (skippedCount == MAX_SKIPPED_RANGES) {
            System.arraycopy(skippedLo, 1, skippedLo, 0, skippedCount - 1);
            System.arraycopy(skippedHi, 1, skippedHi, 0, skippedCount - 1);
            skippedCount--;
        }
        skippedLo[skippedCount] = lo;
        skippedHi[skippedCount] = hi;
        skippedCount++;
    }

    /** @return the first skipped packet number in [smallest, largest], or -1 */
    long skippedIn(long smallest, long largest) {
        int lo = 0;
        int hi = skippedCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (skippedHi[mid] < smallest) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < skippedCount && skippedLo[lo] <= largest) {
            return Math.max(skippedLo[lo], smallest);
        }
        return -1;
    }

    /** @return the outstanding packet with this number, or null */
    SentPacket get(long pn) {
        if (pn < base || pn > largestSent) {
            return null;
        }
        return slots[phys(pn - base)];
    }

    private SentPacket remove(int idx, byte newState) {
        SentPacket p = slots[idx];
        slots[idx] = null;
        states[idx] = newState;
        outstanding--;
        if (p.inFlight()) {
            bytesInFlight -= p.sentBytes();
            if (p.ackEliciting()) {
                ackElicitingInFlight--;
            }
        }
        return p;
    }

    private void advanceBase() {
        while (span > 0 && slots[head] == null) {
            states[head] = EMPTY;
            head = (head + 1) & (slots.length - 1);
            base++;
            span--;
        }
    }

    /**
     * Removes the outstanding packets the ranges acknowledge (DetectAndRemoveAckedPackets), appending them
     * to {@code out} in ascending order. The ranges must already be validated against largestSent.
     */
    void removeAcked(AckRanges ranges, List<SentPacket> out) {
        for (int i = ranges.size() - 1; i >= 0; i--) {
            long from = Math.max(ranges.smallest(i), base);
            long to = Math.min(ranges.largest(i), largestSent);
            for (long pn = from; pn <= to; pn++) {
                int idx = phys(pn - base);
                if (slots[idx] != null) {
                    out.add(remove(idx, ACKED));
                }
            }
        }
        advanceBase();
    }

    /**
     * DetectAndRemoveLostPackets (RFC 9002 Appendix A.10) for this space, plus the persistent congestion
     * test of §7.6.2 over the packets it declares lost.
     *
     * @param now the current time
     * @param lossDelay max(kTimeThreshold * max(smoothed_rtt, latest_rtt), kGranularity)
     * @param pcDuration the persistent congestion duration (§7.6.1)
     * @param firstRttSample when the first RTT sample was taken, or NO_TIME
     * @param out receives the lost packets in ascending order
     * @return whether the lost packets establish persistent congestion
     */
    boolean removeLost(long now, long lossDelay, long pcDuration, long firstRttSample, List<SentPacket> out) {
        lossTime = LossDetector.NEVER;
        if (largestAcked < 0) {
            return false;
        }
        long lostSendTime = now - lossDelay;
        long pcStart = LossDetector.NO_TIME;
        boolean persistent = false;
        for (int off = 0; off < span; off++) {
            long pn = base + off;
            if (pn > largestAcked) {
                break;
            }
            int idx = phys(off);
            SentPacket p = slots[idx];
            if (p == null) {
                // RFC 9002 §7.6.2: "none of the packets sent between the send times of these two packets are
                // acknowledged". Lost and skipped holes do not break the period.
                if (states[idx] == ACKED) {
                    pcStart = LossDetector.NO_TIME;
                }
                continue;
            }
            if (p.timeSent() <= lostSendTime || largestAcked >= pn + PACKET_THRESHOLD) {
                out.add(remove(idx, LOST));
                // §7.6.2: both packets ack-eliciting, and "a prior RTT sample existed when these two packets
                // were sent" (Appendix B.8: time_sent > first_rtt_sample).
                if (p.ackEliciting() && firstRttSample != LossDetector.NO_TIME && p.timeSent() > firstRttSample) {
                    if (pcStart == LossDetector.NO_TIME) {
                        pcStart = p.timeSent();
                    } else if (p.timeSent() - pcStart > pcDuration) {
                        persistent = true;
                    }
                }
            } else {
                // Later packets were sent no earlier and have higher numbers: none of them is lost yet, and
                // this one is the first to become lost by time.
                lossTime = p.timeSent() + lossDelay;
                break;
            }
        }
        advanceBase();
        return persistent;
    }

    /** Removes every outstanding packet, in ascending order, and forgets timers and in-flight counts. */
    List<SentPacket> clear() {
        List<SentPacket> all = new ArrayList<>(outstanding);
        for (int off = 0; off < span; off++) {
            int idx = phys(off);
            if (slots[idx] != null) {
                all.add(slots[idx]);
                slots[idx] = null;
            }
            states[idx] = EMPTY;
        }
        span = 0;
        base = largestSent + 1;
        outstanding = 0;
        ackElicitingInFlight = 0;
        bytesInFlight = 0;
        timeOfLastAckEliciting = LossDetector.NO_TIME;
        lossTime = LossDetector.NEVER;
        return all;
    }
}
