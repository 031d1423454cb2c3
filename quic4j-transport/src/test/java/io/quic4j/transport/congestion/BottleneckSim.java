package io.quic4j.transport.congestion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic packet-level model of one bulk sender behind a drop-tail bottleneck, in test code only:
 * fixed propagation delay, a link of fixed rate, a FIFO queue of fixed size, an uncongested ACK path, one
 * ACK per packet, and loss detected by RFC 9002 §6.1.1's packet threshold (3) or, when no ACK is left to
 * come, by a crude timeout of three smoothed RTTs. Every packet is {@code mss} bytes; the sender is never
 * application limited and is paced by {@link Pacer}.
 */
final class BottleneckSim {

    /**
     * A congestion event: when it happened, the window just before and after, the window the controller
     * aims to regain (W_max: the window before the loss for NewReno, CUBIC's W_max after fast
     * convergence), and when the window got back to it.
     */
    static final class Event {
        final long time;
        final long windowBefore;
        final long windowAfter;
        final long wMax;
        long recoveredAt = -1;

        Event(long time, long windowBefore, long windowAfter, long wMax) {
            this.time = time;
            this.windowBefore = windowBefore;
            this.windowAfter = windowAfter;
            this.wMax = wMax;
        }

        double recoverySeconds() {
            return recoveredAt < 0 ? Double.NaN : (recoveredAt - time) / 1e9;
        }
    }

    /** What a run measured. */
    record Result(double utilization, double meanWindowBytes, List<Event> events, long deliveredBytes) {
    }

    private record Packet(long seq, long sent, boolean dropped, long ackTime) {
    }

    private static final int PACKET_THRESHOLD = 3;

    private final CongestionController cc;
    private final int mss;
    private final double linkBytesPerNano;
    private final long serializationNanos;
    private final long rttPropagation;
    private final long queueBytes;

    BottleneckSim(CongestionController cc, int mss, long linkBitsPerSecond, long rttPropagationNanos,
            long queueBytes) {
        this.cc = cc;
        this.mss = mss;
        this.linkBytesPerNano = linkBitsPerSecond / 8.0 / 1e9;
        this.serializationNanos = Math.round(mss / linkBytesPerNano);
        this.rttPropagation = rttPropagationNanos;
        this.queueBytes = queueBytes;
    }

    long bdpBytes() {
        return Math.round(linkBytesPerNano * rttPropagation);
    }

    /**
     * Runs for {@code durationNanos} and measures utilization and mean window from {@code measureFrom}.
     */
    Result run(long durationNanos, long measureFrom) {
        long[] srtt = {0};
        long[] minRtt = {Long.MAX_VALUE};
        Pacer pacer = new Pacer(cc, () -> srtt[0], mss);
        ArrayDeque<Packet> pendingAcks = new ArrayDeque<>();
        ArrayDeque<Packet> droppedOutstanding = new ArrayDeque<>();
        List<Event> events = new ArrayList<>();
        long linkFreeAt = 0;
        long seq = 0;
        long now = 0;
        long lastProgress = 0;
        long delivered = 0;
        double windowIntegral = 0;

        while (now < durationNanos) {
            // Send what the window and the pacer allow.
            long pacerWake = Long.MAX_VALUE;
            while (cc.availableWindow() >= mss) {
                long at = pacer.nextSendTime(now, mss);
                if (at > now) {
                    pacerWake = at;
                    break;
                }
                long start = Math.max(now, linkFreeAt);
                boolean dropped = (start - now) * linkBytesPerNano > queueBytes;
                long ackTime = -1;
                if (!dropped) {
                    linkFreeAt = start + serializationNanos;
                    ackTime = linkFreeAt + rttPropagation;
                }
                Packet p = new Packet(seq++, now, dropped, ackTime);
                (dropped ? droppedOutstanding : pendingAcks).addLast(p);
                cc.onPacketSent(now, mss);
                pacer.onPacketSent(now, mss);
            }
            long next = pacerWake;
            if (!pendingAcks.isEmpty()) {
                next = Math.min(next, pendingAcks.peekFirst().ackTime());
            } else if (!droppedOutstanding.isEmpty()) {
                next = Math.min(next, lastProgress + 3 * Math.max(srtt[0], rttPropagation));
            }
            if (next == Long.MAX_VALUE) {
                throw new AssertionError("simulation stalled at " + now + ": " + cc);
            }
            if (now >= measureFrom) {
                windowIntegral += (double) cc.congestionWindow() * (Math.min(next, durationNanos) - now);
            } else if (next > measureFrom) {
                windowIntegral += (double) cc.congestionWindow() * (Math.min(next, durationNanos) - measureFrom);
            }
            now = next;
            if (!pendingAcks.isEmpty() && pendingAcks.peekFirst().ackTime() == now) {
                Packet acked = pendingAcks.removeFirst();
                lastProgress = now;
                long rtt = now - acked.sent();
                minRtt[0] = Math.min(minRtt[0], rtt);
                srtt[0] = srtt[0] == 0 ? rtt : (7 * srtt[0] + rtt) / 8;
                // RFC 9002 Appendix A.7: losses are detected before the newly acknowledged packets are processed.
                long largestLost = -1;
                long before = cc.congestionWindow();
                while (!droppedOutstanding.isEmpty()
                        && droppedOutstanding.peekFirst().seq() + PACKET_THRESHOLD <= acked.seq()) {
                    Packet lost = droppedOutstanding.removeFirst();
                    cc.onPacketLost(mss);
                    largestLost = lost.sent();
                }
                if (largestLost >= 0) {
                    congestion(events, now, largestLost, before);
                }
                cc.onPacketAcked(now, mss, acked.sent(), false, srtt[0], minRtt[0]);
                if (acked.ackTime() - rttPropagation >= measureFrom) {
                    delivered += mss;
                }
            } else if (pendingAcks.isEmpty() && !droppedOutstanding.isEmpty() && now != pacerWake) {
                // Timeout: everything still outstanding is lost.
                long before = cc.congestionWindow();
                long largestLost = droppedOutstanding.peekLast().sent();
                while (!droppedOutstanding.isEmpty()) {
                    droppedOutstanding.removeFirst();
                    cc.onPacketLost(mss);
                }
                lastProgress = now;
                congestion(events, now, largestLost, before);
            }
            if (!events.isEmpty()) {
                Event last = events.get(events.size() - 1);
                if (last.recoveredAt < 0 && cc.congestionWindow() >= last.wMax) {
                    last.recoveredAt = now;
                }
            }
        }
        double seconds = (durationNanos - measureFrom) / 1e9;
        double capacity = linkBytesPerNano * 1e9 * seconds;
        return new Result(delivered / capacity, windowIntegral / (durationNanos - measureFrom), events, delivered);
    }

    private void congestion(List<Event> events, long now, long largestLost, long before) {
        cc.onCongestionEvent(now, largestLost);
        if (cc.congestionWindow() < before) {
            long wMax = cc instanceof Cubic cubic ? (long) Math.ceil(cubic.wMax()) : before;
            events.add(new Event(now, before, cc.congestionWindow(), wMax));
        }
    }
}
