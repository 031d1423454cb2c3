package io.quic4j.transport.recovery;

import static io.quic4j.transport.recovery.PacketNumberSpace.APPLICATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A sender's {@link LossDetector} and a receiver's {@link AckTracker} over a simulated path that loses,
 * delays, reorders and duplicates packets and ACKs. Whatever happens: no packet is both acknowledged and
 * lost, none is acknowledged or lost twice, only packets the receiver got are acknowledged, and bytes in
 * flight equal the sizes of in-flight packets neither acknowledged, lost nor discarded.
 */
class LossyPathPropertiesTest {
    private static final long MS = 1_000_000L;

    private record Arrival(long time, long seq, long packetNumber, boolean ackEliciting, AckFrame ack)
            implements
                Comparable<Arrival> {
        @Override
        public int compareTo(Arrival o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Property(tries = 300)
    void lossyPathKeepsAckAndLossAccountingConsistent(@ForAll long seed, @ForAll @IntRange(max = 40) int lossPercent,
            @ForAll @IntRange(max = 30) int reorderMs, @ForAll boolean confirmed) {
        Random random = new Random(seed);
        LossDetector sender = new LossDetector(true, new RttEstimator(RttEstimator.INITIAL_RTT_NANOS));
        if (confirmed) {
            sender.onHandshakeConfirmed(0);
        }
        AckTracker receiver = new AckTracker(APPLICATION, 25 * MS, 3, 16);
        PriorityQueue<Arrival> toReceiver = new PriorityQueue<>();
        PriorityQueue<Arrival> toSender = new PriorityQueue<>();
        Map<Long, SentPacket> inFlightModel = new HashMap<>();
        Set<Long> acked = new HashSet<>();
        Set<Long> lost = new HashSet<>();
        Set<Long> received = new HashSet<>();
        long now = 0;
        long nextPn = 0;
        long seq = 0;
        int probesOwed = 0;

        for (int step = 0; step < 400; step++) {
            now += random.nextInt(4 * (int) MS);
            // Send: new packets while under a fixed window, probes when owed.
            if (probesOwed > 0 || (sender.bytesInFlight() < 20_000 && random.nextInt(3) > 0)) {
                if (random.nextInt(20) == 0) {
                    sender.skipPacketNumber(APPLICATION, nextPn++);
                }
                boolean eliciting = probesOwed > 0 || random.nextInt(5) > 0;
                List<Frame> frames = eliciting ? List.of(PingFrame.INSTANCE) : List.of(new PaddingFrame(1));
                SentPacket p = SentPacket.of(nextPn++, APPLICATION, now, 100 + random.nextInt(1100), frames);
                sender.onPacketSent(p);
                inFlightModel.put(p.packetNumber(), p);
                probesOwed = Math.max(0, probesOwed - 1);
                int copies = random.nextInt(100) < lossPercent ? 0 : random.nextInt(10) == 0 ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    long delay = 20 * MS + (reorderMs == 0 ? 0 : random.nextInt(reorderMs) * MS);
                    toReceiver.add(new Arrival(now + delay, seq++, p.packetNumber(), eliciting, null));
                }
            }
            // Receiver: process arrivals, send ACKs when due (or sometimes early, as if piggybacked).
            while (!toReceiver.isEmpty() && toReceiver.peek().time() <= now) {
                Arrival a = toReceiver.poll();
                if (!receiver.isDuplicate(a.packetNumber())) {
                    receiver.onPacketReceived(a.packetNumber(), a.ackEliciting(), EcnCodepoint.NOT_ECT, a.time());
                    received.add(a.packetNumber());
                }
            }
            if (receiver.isAckDue(now) || (receiver.hasPacketsToAcknowledge() && random.nextInt(10) == 0)) {
                AckFrame ack = receiver.buildAck(now);
                receiver.onAckSent();
                if (random.nextInt(100) >= lossPercent) {
                    toSender.add(new Arrival(now + 20 * MS + random.nextInt(5) * MS, seq++, -1, false, ack));
                }
            }
            // Sender: process ACKs and timers.
            while (!toSender.isEmpty() && toSender.peek().time() <= now) {
                Arrival a = toSender.poll();
                for (int i = 0; i < a.ack().ranges().size(); i++) {
                    for (long pn = a.ack().ranges().smallest(i); pn <= a.ack().ranges().largest(i); pn++) {
                        assertThat(received).as("the receiver only acknowledges what it got").contains(pn);
                    }
                }
                AckResult r = sender.onAckReceived(APPLICATION, a.ack(),
                        LossDetector.decodeAckDelay(a.ack().ackDelay(), 3),
                        now);
                for (SentPacket p : r.newlyAcked()) {
                    assertThat(received).contains(p.packetNumber());
                    assertThat(acked.add(p.packetNumber())).as("acked twice: " + p.packetNumber()).isTrue();
                    assertThat(lost).doesNotContain(p.packetNumber());
                    inFlightModel.remove(p.packetNumber());
                }
                recordLost(r.lost(), acked, lost, inFlightModel);
            }
            if (now >= sender.lossDetectionTimer()) {
                switch (sender.onLossDetectionTimeout(now)) {
                    case TimeoutResult.Lost l -> recordLost(l.lost(), acked, lost, inFlightModel);
                    case TimeoutResult.Probe p -> {
                        assertThat(p.space()).isEqualTo(APPLICATION);
                        probesOwed = p.packets();
                    }
                    case TimeoutResult.NotDue n -> throw new AssertionError("timer due but nothing done");
                }
            }
            long modelBytes = inFlightModel.values().stream().filter(SentPacket::inFlight)
                    .mapToLong(SentPacket::sentBytes).sum();
            assertThat(sender.bytesInFlight()).isEqualTo(modelBytes);
            assertThat(sender.outstanding(APPLICATION)).isEqualTo(inFlightModel.size());
        }
        // Forgetting the space returns exactly what the model still holds.
        List<SentPacket> rest = new ArrayList<>(sender.discardSpace(APPLICATION, now));
        assertThat(rest).extracting(SentPacket::packetNumber)
                .containsExactlyInAnyOrderElementsOf(inFlightModel.keySet());
        assertThat(sender.bytesInFlight()).isZero();
    }

    private static void recordLost(List<SentPacket> packets, Set<Long> acked, Set<Long> lost,
            Map<Long, SentPacket> inFlightModel) {
        for (SentPacket p : packets) {
            assertThat(acked).doesNotContain(p.packetNumber());
            assertThat(lost.add(p.packetNumber())).as("lost twice: " + p.packetNumber()).isTrue();
            inFlightModel.remove(p.packetNumber());
        }
    }
}
