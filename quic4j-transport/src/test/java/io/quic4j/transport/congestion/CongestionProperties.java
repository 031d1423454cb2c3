package io.quic4j.transport.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over long random sequences of sends, acknowledgments, losses, discards, congestion events and
 * persistent congestion, both controllers keep their invariants: the window never falls below the
 * minimum window, bytes in flight are never negative and always equal a model's sum of outstanding
 * packets, and the window grows only on acknowledgments that RFC 9002 allows to grow it.
 */
class CongestionProperties {

    private static final int MSS = 1200;

    private record Outstanding(long sent, int bytes) {
    }

    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(0, 99).list().ofMinSize(1).ofMaxSize(2_000);
    }

    @Property(tries = 200)
    void windowAndFlightStayConsistent(@ForAll("operations") List<Integer> ops,
            @ForAll @IntRange(min = 1200, max = 1500) int mss, @ForAll boolean cubic,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 1500) Integer> sizes) {
        CongestionController cc = cubic ? new Cubic(mss) : new NewReno(mss);
        long min = CongestionController.minimumWindow(mss);
        List<Outstanding> model = new ArrayList<>();
        long now = -5_000_000_000L; // callers' clocks may be anywhere, even negative
        int step = 0;
        for (int op : ops) {
            now += 1 + (op * 7_919L % 3_000_000);
            step++;
            long before = cc.congestionWindow();
            if (op < 45) {
                int bytes = sizes.get(step % sizes.size());
                cc.onPacketSent(now, bytes);
                model.add(new Outstanding(now, bytes));
            } else if (op < 80 && !model.isEmpty()) {
                Outstanding p = model.remove(op % model.size());
                boolean appLimited = op % 5 == 0;
                cc.onPacketAcked(now, p.bytes(), p.sent(), appLimited, 50_000_000L, 40_000_000L);
                if (appLimited || cc.inRecovery(p.sent())) {
                    assertThat(cc.congestionWindow()).isEqualTo(before);
                } else {
                    assertThat(cc.congestionWindow()).isGreaterThanOrEqualTo(before);
                }
            } else if (op < 92 && !model.isEmpty()) {
                int lost = 1 + op % Math.min(3, model.size());
                long largest = Long.MIN_VALUE;
                for (int i = 0; i < lost; i++) {
                    Outstanding p = model.remove(0);
                    cc.onPacketLost(p.bytes());
                    largest = Math.max(largest, p.sent());
                }
                boolean alreadyInRecovery = cc.inRecovery(largest);
                cc.onCongestionEvent(now, largest);
                if (alreadyInRecovery) {
                    assertThat(cc.congestionWindow()).isEqualTo(before);
                } else {
                    assertThat(cc.congestionWindow()).isLessThanOrEqualTo(Math.max(before, min));
                    assertThat(cc.inRecovery(now)).isTrue();
                }
            } else if (op < 95) {
                cc.onPersistentCongestion(now);
                assertThat(cc.congestionWindow()).isEqualTo(min);
            } else if (op < 99 && !model.isEmpty()) {
                Outstanding p = model.remove(model.size() - 1);
                cc.onPacketDiscarded(p.bytes());
                assertThat(cc.congestionWindow()).isEqualTo(before);
            } else if (op == 99) {
                cc.onCongestionEvent(now, now - 1); // ECN-CE
            }
            long expectedFlight = model.stream().mapToLong(Outstanding::bytes).sum();
            assertThat(cc.bytesInFlight()).isEqualTo(expectedFlight).isNotNegative();
            assertThat(cc.congestionWindow()).isGreaterThanOrEqualTo(min);
            assertThat(cc.availableWindow()).isEqualTo(Math.max(0, cc.congestionWindow() - expectedFlight));
        }
    }

    /**
     * RFC 9002 §7.7: whatever the packet sizes and however late the sender shows up, a sender that waits for
     * {@link Pacer#nextSendTime} never sends more than one burst plus the rate times the elapsed time.
     */
    @Property(tries = 200)
    void pacedSenderNeverExceedsBurstPlusRate(
            @ForAll @Size(min = 1, max = 500) List<@IntRange(min = 1, max = 1200) Integer> sizes,
            @ForAll @Size(min = 1, max = 500) List<@IntRange(min = 0, max = 5_000_000) Integer> delays) {
        NewReno cc = new NewReno(MSS);
        Pacer pacer = new Pacer(cc, () -> 100_000_000L, MSS);
        long start = 1_000;
        long now = start;
        long sent = 0;
        for (int i = 0; i < sizes.size(); i++) {
            now += delays.get(i % delays.size());
            int bytes = sizes.get(i);
            long at = pacer.nextSendTime(now, bytes);
            assertThat(at).isGreaterThanOrEqualTo(now);
            now = at;
            pacer.onPacketSent(now, bytes);
            sent += bytes;
            assertThat((double) sent).isLessThanOrEqualTo(pacer.capacity() + pacer.rate() * (now - start) + 1);
        }
    }
}
