package io.quic4j.transport.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 9438 with RFC 9002's recovery and application-limited rules. */
class CubicTest {

    private static final int MSS = 1200;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long RTT = 100 * MS;
    /** When the loss of {@link #lossAt120000} is detected. */
    private static final long LOSS_TIME = SECOND;

    private final Cubic cc = new Cubic(MSS);

    private static void ack(Cubic c, long sent, long acked, int packets, boolean appLimited, long rtt) {
        for (int i = 0; i < packets; i++) {
            c.onPacketSent(sent, MSS);
        }
        for (int i = 0; i < packets; i++) {
            c.onPacketAcked(acked, MSS, sent, appLimited, rtt, rtt);
        }
    }

    /** Slow start to 100 segments (120000 bytes), then a loss: W_max = 120000, cwnd = 84000. */
    private static void lossAt120000(Cubic c) {
        ack(c, 0, RTT, 90, false, RTT);
        assertThat(c.congestionWindow()).isEqualTo(120_000);
        c.onCongestionEvent(LOSS_TIME, LOSS_TIME - RTT);
    }

    /** One window's worth of packets sent at {@code sent}, all acknowledged one RTT later. */
    private static void fullWindow(Cubic c, long sent, long rtt) {
        ack(c, sent, sent + rtt, (int) (c.congestionWindow() / MSS), false, rtt);
    }

    @Test
    @DisplayName("RFC 9438 §4.6: the window after a loss is beta_cubic (0.7) times the window before")
    void windowAfterLossIsSevenTenthsOfWmax() {
        lossAt120000(cc);
        assertThat(cc.wMax()).isEqualTo(120_000);
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        assertThat(cc.slowStartThreshold()).isEqualTo(84_000);
        assertThat(cc.cwndPrior()).isEqualTo(120_000);
    }

    @Test
    @DisplayName("RFC 9438 §4.2: K = cbrt((W_max - cwnd_epoch) / C) in segments, W_cubic(t) = C(t-K)^3 + W_max")
    void kAndWcubicMatchHandComputedValues() {
        lossAt120000(cc);
        // The first acknowledgment of a packet sent after the loss ends recovery and starts the epoch.
        ack(cc, LOSS_TIME + 1, LOSS_TIME + RTT, 1, false, RTT);
        // W_max = 100 segments, cwnd_epoch = 70: K = cbrt(30 / 0.4) = cbrt(75).
        assertThat(cc.k()).isCloseTo(4.217163326508746, within(1e-12));
        // W_cubic(2 s) = 0.4 * (2 - 4.2171633)^3 * 1200 + 120000
        assertThat(cc.wCubic(2.0)).isCloseTo(114_768.40282396653, within(1e-6));
        assertThat(cc.wCubic(6.0)).isCloseTo(122_720.04390775731, within(1e-6));
        assertThat(cc.wCubic(cc.k())).isEqualTo(120_000);
        assertThat(cc.wCubic(0)).isCloseTo(84_000, within(1e-6));
        assertThat(Cubic.ALPHA).isCloseTo(0.5294117647058824, within(1e-15));
    }

    @Test
    @DisplayName("RFC 9438 §4.4, §4.5: growth slows towards W_max (concave) and speeds up past it (convex)")
    void concaveBeforeKConvexAfter() {
        lossAt120000(cc);
        long epochStart = LOSS_TIME + RTT;
        List<Long> windows = new ArrayList<>();
        for (long sent = LOSS_TIME + 1; sent < LOSS_TIME + 9 * SECOND; sent += RTT) {
            fullWindow(cc, sent, RTT);
            windows.add(cc.congestionWindow());
        }
        double k = cc.k();
        int kRound = (int) (k * SECOND / RTT);
        // Concave: the increase over each second shrinks until K, and the window stays below W_max.
        long firstSecond = windows.get(10) - windows.get(0);
        long lastSecondBeforeK = windows.get(kRound - 1) - windows.get(kRound - 11);
        assertThat(firstSecond).isGreaterThan(5 * lastSecondBeforeK);
        assertThat(windows.get(kRound - 12)).isLessThan(120_000);
        // Convex: past K the window exceeds W_max and the increase per second grows.
        long firstSecondAfterK = windows.get(kRound + 11) - windows.get(kRound + 1);
        long thirdSecondAfterK = windows.get(kRound + 31) - windows.get(kRound + 21);
        assertThat(windows.get(kRound + 11)).isGreaterThan(120_000);
        assertThat(thirdSecondAfterK).isGreaterThan(3 * firstSecondAfterK);
        // The window tracks W_cubic(t + RTT) one RTT behind: within a segment of W_cubic(t).
        double t = (LOSS_TIME + 1 + (windows.size() - 1) * RTT + RTT - epochStart) / 1e9;
        assertThat((double) windows.get(windows.size() - 1)).isCloseTo(cc.wCubic(t), within(2.0 * MSS));
        // Growth is never more than half the window per RTT (target clamped to 1.5 * cwnd).
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i)).isLessThanOrEqualTo(windows.get(i - 1) * 3 / 2 + 1);
        }
    }

    @Test
    @DisplayName("RFC 9438 §4.3: at a small RTT and window the Reno-friendly estimate sets the window")
    void renoFriendlyRegionDominatesAtSmallRttAndWindow() {
        ack(cc, 0, MS, 10, false, MS); // 24000 = 20 segments
        cc.onCongestionEvent(2 * MS, MS); // W_max 20 segments, cwnd 14
        assertThat(cc.congestionWindow()).isEqualTo(16_800);
        long sent = 2 * MS + 1;
        fullWindow(cc, sent, MS);
        // One RTT of acknowledgments adds about alpha_cubic segments to W_est.
        assertThat(cc.wEst()).isCloseTo(16_800 + Cubic.ALPHA * MSS, within(40.0));
        assertThat(cc.congestionWindow()).isEqualTo((long) cc.wEst());
        for (int round = 1; round < 300; round++) {
            sent += MS;
            fullWindow(cc, sent, MS);
        }
        double t = (sent + MS - (3 * MS + 1)) / 1e9;
        // W_cubic is still below W_max (K = cbrt(15) s ≈ 2.47 s away) while cwnd = W_est grew Reno-like, at
        // alpha = 1 once W_est passed cwnd_prior.
        assertThat(cc.k()).isCloseTo(Math.cbrt(15), within(1e-9));
        assertThat(cc.wCubic(t)).isLessThan(24_000);
        assertThat(cc.congestionWindow()).isEqualTo((long) cc.wEst()).isGreaterThan(10 * 24_000);
    }

    @Test
    @DisplayName("RFC 9438 §4.7: a loss below the previous W_max lowers W_max to cwnd * (1 + beta) / 2")
    void fastConvergenceLowersWmax() {
        lossAt120000(cc);
        // A new congestion event (a packet sent after recovery began is lost) before regaining W_max.
        cc.onCongestionEvent(LOSS_TIME + 2 * RTT, LOSS_TIME + RTT);
        assertThat(cc.wMax()).isEqualTo(71_400);
        assertThat(cc.congestionWindow()).isEqualTo(58_800);
        assertThat(cc.cwndPrior()).isEqualTo(84_000);
        ack(cc, LOSS_TIME + 3 * RTT, LOSS_TIME + 4 * RTT, 1, false, RTT);
        assertThat(cc.k()).isCloseTo(Math.cbrt((71_400.0 - 58_800) / MSS / 0.4), within(1e-9));
    }

    @Test
    @DisplayName("RFC 9002 §7.3.2: one reduction per recovery period, no growth within it")
    void oneReductionAndNoGrowthPerRecoveryPeriod() {
        lossAt120000(cc);
        cc.onCongestionEvent(LOSS_TIME + RTT, LOSS_TIME);
        ack(cc, LOSS_TIME - 1, LOSS_TIME + RTT, 20, false, RTT);
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        assertThat(cc.wMax()).isEqualTo(120_000);
    }

    @Test
    @DisplayName("RFC 9002 §7.8: no growth while application limited")
    void noGrowthWhenAppLimited() {
        ack(cc, 0, RTT, 10, true, RTT);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        lossAt120000(new Cubic(MSS));
        Cubic other = new Cubic(MSS);
        lossAt120000(other);
        for (long sent = LOSS_TIME + 1; sent < LOSS_TIME + 3 * SECOND; sent += RTT) {
            ack(other, sent, sent + RTT, 50, true, RTT);
        }
        assertThat(other.congestionWindow()).isEqualTo(84_000);
        assertThat(other.bytesInFlight()).isZero();
    }

    @Test
    @DisplayName("RFC 9438 §5.8: time spent application limited does not advance the cubic epoch")
    void appLimitedTimeDoesNotCountInT() {
        Cubic steady = new Cubic(MSS);
        Cubic paused = new Cubic(MSS);
        lossAt120000(steady);
        lossAt120000(paused);
        long pause = 3 * SECOND;
        long sent = LOSS_TIME + 1;
        for (int round = 0; round < 10; round++, sent += RTT) {
            fullWindow(steady, sent, RTT);
            fullWindow(paused, sent, RTT);
        }
        // paused: the application has nothing to send for 3 s; its few acknowledgments are app-limited.
        for (long s = sent; s < sent + pause; s += RTT) {
            ack(paused, s, s + RTT, 1, true, RTT);
        }
        long windowAtPause = paused.congestionWindow();
        assertThat(windowAtPause).isEqualTo(steady.congestionWindow());
        for (int round = 0; round < 20; round++, sent += RTT) {
            fullWindow(steady, sent, RTT);
            fullWindow(paused, sent + pause, RTT);
            assertThat(paused.congestionWindow()).isEqualTo(steady.congestionWindow());
        }
    }

    @Test
    @DisplayName("RFC 9438 §4.8: persistent congestion: minimum window, then a new epoch with K = 0")
    void persistentCongestionResetsEpoch() {
        lossAt120000(cc);
        cc.onPersistentCongestion(LOSS_TIME);
        assertThat(cc.congestionWindow()).isEqualTo(2_400);
        assertThat(cc.wMax()).isZero();
        assertThat(cc.inRecovery(LOSS_TIME)).isFalse();
        long sent = LOSS_TIME + RTT;
        // Slow start one packet at a time, so the epoch starts exactly at the first acknowledgment past it.
        while (cc.congestionWindow() < cc.slowStartThreshold()) {
            ack(cc, sent, sent + RTT, 1, false, RTT);
            sent += MS;
        }
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        long epochWindow = cc.congestionWindow();
        ack(cc, sent, sent + RTT, 1, false, RTT);
        assertThat(cc.k()).isZero();
        assertThat(cc.wMax()).isEqualTo(epochWindow);
        // Convex from the start: W_cubic(t) = W_max + C t^3.
        assertThat(cc.wCubic(1.0)).isCloseTo(epochWindow + 0.4 * MSS, within(1e-6));
    }

    @Test
    void factoryCreatesCubicByDefault() {
        assertThat(CongestionControl.DEFAULT).isEqualTo(CongestionControl.CUBIC);
        assertThat(CongestionControl.CUBIC.create(1200)).isInstanceOf(Cubic.class);
        assertThat(CongestionControl.NEW_RENO.create(1200)).isInstanceOf(NewReno.class);
        assertThat(CongestionControl.DEFAULT.create(1500).congestionWindow()).isEqualTo(14_720);
    }
}
