package io.quic4j.transport.congestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 9002 §7 and Appendix B, step by step. */
class NewRenoTest {

    private static final int MSS = 1200;
    private static final long RTT = 100_000_000L;

    private final NewReno cc = new NewReno(MSS);

    /** Sends {@code packets} full-size packets at {@code sent} and acknowledges them all at {@code acked}. */
    private void roundTrip(long sent, long acked, int packets, boolean appLimited) {
        for (int i = 0; i < packets; i++) {
            cc.onPacketSent(sent, MSS);
        }
        for (int i = 0; i < packets; i++) {
            cc.onPacketAcked(acked, MSS, sent, appLimited, RTT, RTT);
        }
    }

    /** Sends a whole window at {@code sent} and acknowledges it one RTT later. */
    private void fullWindowRoundTrip(long sent) {
        roundTrip(sent, sent + RTT, (int) (cc.congestionWindow() / MSS), false);
    }

    @Test
    @DisplayName("RFC 9002 §7.2: initial window is 10 datagrams, capped at max(14720, 2 datagrams)")
    void initialWindowIsTenDatagramsCapped() {
        assertThat(new NewReno(1200).congestionWindow()).isEqualTo(12_000);
        assertThat(new NewReno(1500).congestionWindow()).isEqualTo(14_720);
        assertThat(new NewReno(9000).congestionWindow()).isEqualTo(18_000);
        assertThat(cc.slowStartThreshold()).isEqualTo(Long.MAX_VALUE);
        assertThat(cc.bytesInFlight()).isZero();
    }

    @Test
    void rejectsDatagramSizeBelow1200() {
        assertThatThrownBy(() -> new NewReno(1199)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1200");
    }

    @Test
    @DisplayName("RFC 9002 §7.3.1: slow start doubles the window every round trip of acknowledgments")
    void slowStartDoublesPerRoundTrip() {
        long now = 0;
        long expected = 12_000;
        for (int round = 0; round < 5; round++) {
            fullWindowRoundTrip(now);
            now += RTT;
            expected *= 2;
            assertThat(cc.congestionWindow()).isEqualTo(expected);
            assertThat(cc.bytesInFlight()).isZero();
        }
    }

    @Test
    @DisplayName("RFC 9002 App. B.6: a congestion event halves the window once per recovery period")
    void oneReductionPerRecoveryPeriod() {
        fullWindowRoundTrip(0); // cwnd 24000
        cc.onCongestionEvent(1_000, 500);
        assertThat(cc.slowStartThreshold()).isEqualTo(12_000);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.inRecovery(1_000)).isTrue();
        assertThat(cc.inRecovery(1_001)).isFalse();
        // A loss of a packet sent before recovery started does not reduce again.
        cc.onCongestionEvent(2_000, 999);
        cc.onCongestionEvent(3_000, 1_000);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        // A loss of a packet sent after recovery started is a new congestion event.
        cc.onCongestionEvent(4_000, 1_001);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        assertThat(cc.slowStartThreshold()).isEqualTo(6_000);
    }

    @Test
    @DisplayName("RFC 9002 App. B.6: the window never falls below the minimum window")
    void congestionEventsStopAtMinimumWindow() {
        for (int i = 1; i <= 10; i++) {
            cc.onCongestionEvent(i * 10L, i * 10L - 1);
        }
        assertThat(cc.congestionWindow()).isEqualTo(2_400);
    }

    @Test
    @DisplayName("RFC 9002 §7.3.2: no growth for packets sent during the recovery period")
    void noGrowthInRecovery() {
        cc.onCongestionEvent(1_000, 500); // cwnd 6000, ssthresh 6000
        roundTrip(900, 2_000, 5, false);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        // The first packet sent after the recovery start ends recovery and grows the window.
        roundTrip(1_001, 2_000, 5, false);
        assertThat(cc.congestionWindow()).isEqualTo(7_200);
    }

    @Test
    @DisplayName("RFC 9002 §7.3.3 and RFC 3465 §2.1: one datagram per window acknowledged in congestion avoidance")
    void congestionAvoidanceAddsOneDatagramPerWindow() {
        fullWindowRoundTrip(0); // 24000
        fullWindowRoundTrip(RTT); // 48000
        cc.onCongestionEvent(2 * RTT, RTT); // 24000
        long now = 3 * RTT;
        for (int round = 0; round < 20; round++) {
            long before = cc.congestionWindow();
            // All but the last packet of the window: no growth yet.
            int packets = (int) (before / MSS);
            roundTrip(now, now + RTT, packets - 1, false);
            assertThat(cc.congestionWindow()).isEqualTo(before);
            roundTrip(now, now + RTT, 1, false);
            assertThat(cc.congestionWindow()).isEqualTo(before + MSS);
            now += RTT;
        }
        assertThat(cc.congestionWindow()).isEqualTo(24_000 + 20 * MSS);
    }

    @Test
    @DisplayName("RFC 3465 §2.1: small packets still grow a large window (no integer-division stall)")
    void smallAcksStillGrowLargeWindow() {
        for (int i = 0; i < 10; i++) {
            fullWindowRoundTrip(i * RTT);
        }
        cc.onCongestionEvent(20 * RTT, 10 * RTT);
        long window = cc.congestionWindow();
        assertThat(MSS * 50L / window).isZero(); // Appendix B's formula would add nothing per 50-byte packet
        long acked = 0;
        while (acked < window) {
            cc.onPacketSent(21 * RTT, 50);
            cc.onPacketAcked(22 * RTT, 50, 21 * RTT, false, RTT, RTT);
            acked += 50;
        }
        assertThat(cc.congestionWindow()).isEqualTo(window + MSS);
    }

    @Test
    @DisplayName("RFC 9002 §7.8: no growth while application limited, in slow start or congestion avoidance")
    void noGrowthWhenAppLimited() {
        roundTrip(0, RTT, 10, true);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.bytesInFlight()).isZero();
        cc.onCongestionEvent(2 * RTT, RTT); // 6000, congestion avoidance
        for (int i = 0; i < 10; i++) {
            roundTrip(3 * RTT, 4 * RTT, 5, true);
        }
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
    }

    @Test
    @DisplayName("RFC 9002 §7.6.2: persistent congestion collapses to 2 datagrams and slow start resumes")
    void persistentCongestionCollapsesToMinimumWindow() {
        fullWindowRoundTrip(0);
        fullWindowRoundTrip(RTT); // 48000
        cc.onCongestionEvent(3 * RTT, 2 * RTT); // ssthresh 24000
        cc.onPersistentCongestion(3 * RTT);
        assertThat(cc.congestionWindow()).isEqualTo(2_400);
        assertThat(cc.slowStartThreshold()).isEqualTo(24_000);
        // App. B.8: congestion_recovery_start_time = 0, so packets sent before it grow the window again.
        assertThat(cc.inRecovery(2 * RTT)).isFalse();
        roundTrip(2 * RTT, 4 * RTT, 2, false);
        assertThat(cc.congestionWindow()).isEqualTo(4_800);
    }

    @Test
    @DisplayName("RFC 9002 App. B.9: discarded packets leave flight without reducing the window")
    void discardDoesNotReduceWindow() {
        for (int i = 0; i < 5; i++) {
            cc.onPacketSent(0, MSS);
        }
        cc.onPacketDiscarded(MSS);
        cc.onPacketDiscarded(MSS);
        assertThat(cc.bytesInFlight()).isEqualTo(3 * MSS);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.inRecovery(0)).isFalse();
    }

    @Test
    @DisplayName("RFC 9002 App. B.8: lost packets leave flight; the window falls only on the congestion event")
    void lostPacketsLeaveFlight() {
        cc.onPacketSent(0, MSS);
        cc.onPacketSent(1, MSS);
        cc.onPacketLost(MSS);
        assertThat(cc.bytesInFlight()).isEqualTo(MSS);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.availableWindow()).isEqualTo(12_000 - MSS);
    }

    @Test
    void packetSentAtTimeZeroIsNotInRecoveryBeforeAnyCongestion() {
        // Appendix B initialises congestion_recovery_start_time to 0; a clock starting at 0 must not
        // place the first packets in a recovery period.
        roundTrip(0, RTT, 1, false);
        assertThat(cc.congestionWindow()).isEqualTo(13_200);
    }

    @Test
    void rejectsRemovingMoreThanInFlight() {
        cc.onPacketSent(0, 100);
        assertThatThrownBy(() -> cc.onPacketAcked(1, 101, 0, false, RTT, RTT))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cc.onPacketLost(101)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cc.onPacketDiscarded(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cc.bytesInFlight()).isEqualTo(100);
    }

    @Test
    @DisplayName("RFC 9000 §9.4: reset returns to the initial window and slow start, keeping bytes in flight")
    void resetStartsOver() {
        fullWindowRoundTrip(0);
        cc.onCongestionEvent(2 * RTT, RTT);
        cc.onPacketSent(3 * RTT, MSS);
        cc.reset();
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.slowStartThreshold()).isEqualTo(Long.MAX_VALUE);
        assertThat(cc.inRecovery(RTT)).isFalse();
        assertThat(cc.bytesInFlight()).isEqualTo(MSS);
    }

    @Test
    @DisplayName("RFC 9002 §7.2: a larger datagram size raises the minimum window and the growth step")
    void datagramSizeChangeRaisesMinimumWindow() {
        for (int i = 1; i <= 10; i++) {
            cc.onCongestionEvent(i * 10L, i * 10L - 1);
        }
        cc.onMaxDatagramSizeChanged(1500);
        assertThat(cc.congestionWindow()).isEqualTo(3_000);
        assertThat(cc.maxDatagramSize()).isEqualTo(1500);
        assertThatThrownBy(() -> cc.onMaxDatagramSizeChanged(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
