package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each impairment of {@link LinkConfig} does what it says, measured over many datagrams. */
class LinkImpairmentTest {
    private static final InetSocketAddress A = Simulator.address("10.0.0.1", 50000);
    private static final InetSocketAddress B = Simulator.address("10.0.0.2", 4433);
    private static final long MS = 1_000_000L;

    private record Setup(Simulator sim, Blaster blaster, Sink sink, Node a, Node b) {
    }

    private static Setup blast(long seed, LinkConfig config, int count, int size, long interval) {
        Simulator sim = new Simulator(seed);
        Blaster blaster = new Blaster(A, B, count, size, 0, interval);
        Sink sink = new Sink();
        Node a = sim.addEndpoint("a", blaster, A);
        Node b = sim.addEndpoint("b", sink, B);
        sim.link(a, b, config);
        sim.runUntil(() -> false, Duration.ofHours(1));
        assertThat(blaster.sent()).isEqualTo(count);
        return new Setup(sim, blaster, sink, a, b);
    }

    @Test
    void randomLossRateIsWithinTolerance() {
        int n = 20_000;
        Setup s = blast(7, LinkConfig.builder().lossRate(0.1).build(), n, 100, 0);
        LinkStats st = s.sim().stats(s.a(), s.b());
        double measured = st.dropped(DropReason.RANDOM_LOSS) / (double) n;
        // 3 standard deviations of a binomial(20000, 0.1) rate: 0.0064.
        assertThat(measured).isCloseTo(0.1, within(0.0064));
        assertThat(st.delivered()).isEqualTo(n - st.dropped(DropReason.RANDOM_LOSS));
        assertThat(s.sink().received).hasSize((int) st.delivered());
    }

    @Test
    void burstLossFollowsTheGilbertElliottModel() {
        int n = 40_000;
        GilbertElliott ge = GilbertElliott.of(0.01, 0.25);
        Setup s = blast(11, LinkConfig.builder().burstLoss(ge).build(), n, 50, MS);
        boolean[] got = new boolean[n];
        s.sink().received.forEach(r -> got[r.seq()] = true);
        int lost = 0;
        int bursts = 0;
        for (int i = 0; i < n; i++) {
            if (!got[i]) {
                lost++;
                if (i == 0 || got[i - 1]) {
                    bursts++;
                }
            }
        }
        assertThat(lost / (double) n).isCloseTo(ge.meanLossRate(), within(0.01));
        // Mean burst length of the simple Gilbert model: 1 / badToGood = 4 datagrams.
        assertThat(lost / (double) bursts).isCloseTo(4.0, within(0.6));
        assertThat(s.sim().stats(s.a(), s.b()).dropped(DropReason.BURST_LOSS)).isEqualTo(lost);
    }

    @Test
    void serializationDelayIsExactOnAnIdealLink() {
        // 1250 bytes at 10 Mbit/s take exactly 1 ms to serialize; all ten are queued at time 0.
        LinkConfig c = LinkConfig.builder().delay(Duration.ofMillis(5)).bandwidth(10_000_000L).build();
        Setup s = blast(1, c, 10, 1250, 0);
        assertThat(s.sink().received).extracting(Sink.Received::time)
                .containsExactly(6 * MS, 7 * MS, 8 * MS, 9 * MS, 10 * MS, 11 * MS, 12 * MS, 13 * MS, 14 * MS, 15 * MS);
        assertThat(s.sink().received).extracting(Sink.Received::seq).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void fullQueueDropsTheTail() {
        LinkConfig c = LinkConfig.builder().bandwidth(10_000_000L).queueBytes(5000).build();
        Setup s = blast(1, c, 10, 1250, 0);
        LinkStats st = s.sim().stats(s.a(), s.b());
        assertThat(s.sink().received).extracting(Sink.Received::seq).containsExactly(0, 1, 2, 3);
        assertThat(st.dropped(DropReason.QUEUE_FULL)).isEqualTo(6);
    }

    @Test
    void queueDrainsAtTheLinkRate() {
        // One 1250-byte datagram every 0.5 ms into a 1 ms/datagram link with room for 4: the queue fills
        // by one every 1 ms, so after the first few, every other datagram is dropped.
        LinkConfig c = LinkConfig.builder().bandwidth(10_000_000L).queueBytes(5000).build();
        Setup s = blast(1, c, 200, 1250, MS / 2);
        LinkStats st = s.sim().stats(s.a(), s.b());
        assertThat(st.delivered()).isBetween(100L, 105L);
        assertThat(st.dropped(DropReason.QUEUE_FULL)).isEqualTo(200 - st.delivered());
    }

    @Test
    void jitterDoesNotReorderUnlessAsked() {
        LinkConfig fifo = LinkConfig.builder().delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(20), false)
                .build();
        Setup s = blast(3, fifo, 500, 100, MS);
        assertThat(s.sink().received).extracting(Sink.Received::seq).isSorted();
        List<Long> latencies = new ArrayList<>();
        s.sink().received.forEach(r -> latencies.add(r.time() - r.seq() * MS));
        assertThat(latencies).allMatch(l -> l >= 10 * MS && l <= 30 * MS);
        assertThat(latencies.stream().distinct().count()).isGreaterThan(100);

        LinkConfig reordering = fifo.toBuilder().jitter(Duration.ofMillis(20), true).build();
        Setup r = blast(3, reordering, 500, 100, MS);
        assertThat(r.sink().received).extracting(Sink.Received::seq).isNotEqualTo(
                r.sink().received.stream().map(Sink.Received::seq).sorted().toList());
        assertThat(r.sink().received).allMatch(x -> x.time() - x.seq() * MS >= 10 * MS
                && x.time() - x.seq() * MS <= 30 * MS);
    }

    @Test
    void reorderingHoldsSomeDatagramsBackSoLaterOnesOvertake() {
        LinkConfig c = LinkConfig.builder().delay(Duration.ofMillis(10)).reorder(0.1, Duration.ofMillis(5)).build();
        Setup s = blast(5, c, 2000, 100, MS);
        LinkStats st = s.sim().stats(s.a(), s.b());
        assertThat(st.delivered()).isEqualTo(2000);
        int inversions = 0;
        int max = -1;
        for (Sink.Received r : s.sink().received) {
            if (r.seq() < max) {
                inversions++;
            }
            max = Math.max(max, r.seq());
        }
        assertThat(inversions).isEqualTo((int) st.reordered());
        assertThat(st.reordered() / 2000.0).isCloseTo(0.1, within(0.02));
    }

    @Test
    void duplicationDeliversSomeDatagramsTwiceWithTheSameBytes() {
        Setup s = blast(9, LinkConfig.builder().duplicateRate(0.2).build(), 5000, 64, MS);
        LinkStats st = s.sim().stats(s.a(), s.b());
        assertThat(st.duplicated() / 5000.0).isCloseTo(0.2, within(0.02));
        assertThat(st.delivered()).isEqualTo(5000 + st.duplicated());
        int[] copies = new int[5000];
        for (Sink.Received r : s.sink().received) {
            copies[r.seq()]++;
            // The sink scribbles over each buffer it gets; a duplicate still arrives intact.
            assertThat(r.bytes()).isEqualTo(Blaster.payload(r.seq(), 64));
        }
        assertThat(Arrays.stream(copies).filter(k -> k == 2).count()).isEqualTo(st.duplicated());
        assertThat(Arrays.stream(copies).allMatch(k -> k == 1 || k == 2)).isTrue();
    }

    @Test
    void corruptionFlipsBitsButKeepsTheLength() {
        Setup s = blast(13, LinkConfig.builder().corrupt(1.0, 3).build(), 300, 200, MS);
        assertThat(s.sink().received).hasSize(300);
        for (Sink.Received r : s.sink().received) {
            byte[] original = Blaster.payload(indexOf(s, r), 200);
            assertThat(r.bytes()).hasSize(200);
            int flipped = 0;
            for (int i = 0; i < 200; i++) {
                flipped += Integer.bitCount((original[i] ^ r.bytes()[i]) & 0xff);
            }
            assertThat(flipped).isEqualTo(3);
        }
        assertThat(s.sim().stats(s.a(), s.b()).corrupted()).isEqualTo(300);
    }

    // The sequence number itself may be corrupted; ideal links keep order, so the arrival index is the seq.
    private static int indexOf(Setup s, Sink.Received r) {
        return s.sink().received.indexOf(r);
    }

    @Test
    void blackholeWindowDropsEverythingSentDuringIt() {
        LinkConfig c = LinkConfig.builder().delay(Duration.ofMillis(20))
                .blackhole(Duration.ofMillis(100), Duration.ofMillis(200)).build();
        Setup s = blast(1, c, 500, 100, MS);
        assertThat(s.sim().stats(s.a(), s.b()).dropped(DropReason.BLACKHOLE)).isEqualTo(200);
        assertThat(s.sink().received).extracting(Sink.Received::seq)
                .allMatch(seq -> seq < 100 || seq >= 300).hasSize(300);
    }

    @Test
    void sendBoundaryCopiesSoTheSenderMayReuseItsBuffer() {
        // Blaster reuses one buffer for every datagram; all ten arrive with their own bytes.
        Setup s = blast(1, LinkConfig.builder().delay(Duration.ofMillis(50)).build(), 10, 32, 0);
        for (Sink.Received r : s.sink().received) {
            assertThat(r.bytes()).isEqualTo(Blaster.payload(r.seq(), 32));
        }
        assertThat(s.sink().received).hasSize(10);
    }

    @Test
    void datagramsToUnknownAddressesAreDroppedAsNoRoute() throws Exception {
        Simulator sim = new Simulator(1);
        Blaster blaster = new Blaster(A, Simulator.address("10.9.9.9", 1), 3, 10, 0, 0);
        sim.addEndpoint("a", blaster, A);
        sim.addEndpoint("b", new Sink(), B);
        List<TraceEvent> drops = new ArrayList<>();
        sim.addTraceListener(e -> {
            if (e.kind() == TraceEvent.Kind.DROPPED) {
                drops.add(e);
            }
        });
        sim.runFor(Duration.ofSeconds(1));
        assertThat(sim.unroutable()).isEqualTo(3);
        assertThat(drops).extracting(TraceEvent::dropReason).containsOnly(DropReason.NO_ROUTE).hasSize(3);
        assertThat(InetAddress.ofLiteral("10.9.9.9")).isEqualTo(drops.getFirst().destination().getAddress());
    }
}
