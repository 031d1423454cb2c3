package io.quic4j.transport.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 9002 §7.7 pacing. */
class PacerTest {

    private static final int MSS = 1200;
    private static final long MS = 1_000_000L;
    private static final long SRTT = 100 * MS;

    private final NewReno cc = new NewReno(MSS);
    private long srtt = SRTT;
    private final Pacer pacer = new Pacer(cc, () -> srtt, MSS);

    /** Slow start to {@code window} bytes (a multiple of 12000 reachable by whole-packet acks). */
    private void growWindowTo(long window) {
        while (cc.congestionWindow() < window) {
            cc.onPacketSent(0, MSS);
            cc.onPacketAcked(1, MSS, 0, false, SRTT, SRTT);
        }
        assertThat(cc.congestionWindow()).isEqualTo(window);
    }

    /** Sends as soon as allowed, starting at {@code now}; returns the send times. */
    private long[] sendPaced(long now, int packets) {
        long[] times = new long[packets];
        for (int i = 0; i < packets; i++) {
            long at = pacer.nextSendTime(now, MSS);
            assertThat(at).isGreaterThanOrEqualTo(now);
            now = at;
            assertThat(pacer.nextSendTime(now, MSS)).isEqualTo(now);
            pacer.onPacketSent(now, MSS);
            times[i] = now;
        }
        return times;
    }

    @Test
    @DisplayName("RFC 9002 §7.7: interval = smoothed_rtt * packet_size / congestion_window / N in steady state")
    void steadyStateSpacingMatchesRate() {
        growWindowTo(120_000);
        // 100 ms * 1200 / 120000 / 1.25 = 0.8 ms
        assertThat(pacer.rate()).isEqualTo(1.25 * 120_000 / SRTT);
        long[] times = sendPaced(0, 200);
        for (int i = 11; i < times.length; i++) {
            assertThat(times[i] - times[i - 1]).isBetween(800_000L - 1, 800_000L + 1);
        }
        // Over the whole run the sender never beats the rate plus the burst allowance.
        double maxBytes = pacer.capacity() + pacer.rate() * (times[199] - times[0]);
        assertThat(200.0 * MSS).isLessThanOrEqualTo(maxBytes + 1e-6);
    }

    @Test
    @DisplayName("RFC 9002 §7.7: bursts are bounded by the allowance (ten datagrams), also after idle time")
    void burstsAreBounded() {
        growWindowTo(120_000);
        assertThat(countSendableAt(0)).isEqualTo(10);
        // An idle minute refills the bucket, but only to its capacity.
        assertThat(countSendableAt(60_000 * MS)).isEqualTo(10);
        // Half the refill time for ten packets lets five through.
        assertThat(countSendableAt(60_000 * MS + 4 * MS)).isEqualTo(5);
    }

    private int countSendableAt(long now) {
        int sent = 0;
        while (pacer.nextSendTime(now, MSS) == now) {
            pacer.onPacketSent(now, MSS);
            sent++;
            assertThat(sent).isLessThanOrEqualTo(1_000);
        }
        return sent;
    }

    @Test
    void rateFollowsTheWindowAndTheRtt() {
        double initial = pacer.rate();
        growWindowTo(24_000);
        assertThat(pacer.rate()).isEqualTo(2 * initial);
        srtt = 2 * SRTT;
        assertThat(pacer.rate()).isEqualTo(initial);
    }

    @Test
    void withoutAnRttPacketsAreNotPaced() {
        srtt = 0;
        assertThat(pacer.rate()).isInfinite();
        for (int i = 0; i < 100; i++) {
            assertThat(pacer.nextSendTime(5, MSS)).isEqualTo(5);
            pacer.onPacketSent(5, MSS);
        }
    }

    @Test
    @DisplayName("Packets sent despite the pacer (PTO probes) leave at most one burst of debt")
    void debtIsBoundedByOneBurst() {
        for (int i = 0; i < 1000; i++) {
            pacer.onPacketSent(0, MSS);
        }
        // 12000 bytes of debt + 1200 for the next packet at 1.25 * 12000 bytes per 100 ms: 88 ms.
        assertThat(pacer.nextSendTime(0, MSS)).isEqualTo(88 * MS);
    }

    @Test
    void smallerPacketsWaitLess() {
        growWindowTo(120_000);
        sendPaced(0, 10);
        long full = pacer.nextSendTime(0, MSS);
        long small = pacer.nextSendTime(0, MSS / 4);
        assertThat(small).isLessThan(full).isPositive();
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> new Pacer(cc, () -> SRTT, MSS, 0.9, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rateMultiplier");
        assertThatThrownBy(() -> new Pacer(cc, () -> SRTT, MSS, Double.NaN, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(cc, () -> SRTT, MSS, 1.25, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burstPackets");
        assertThatThrownBy(() -> new Pacer(cc, () -> SRTT, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void burstAllowanceFollowsDatagramSize() {
        pacer.onMaxDatagramSizeChanged(1500);
        assertThat(pacer.capacity()).isEqualTo(15_000);
    }
}
