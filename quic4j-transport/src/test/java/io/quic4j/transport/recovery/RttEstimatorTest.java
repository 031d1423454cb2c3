package io.quic4j.transport.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9002 §5. Times in milliseconds, written as nanoseconds. */
class RttEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void startsFromTheInitialRtt() {
        RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        assertThat(rtt.smoothedRtt()).isEqualTo(333 * MS);
        assertThat(rtt.rttVar()).isEqualTo(333 * MS / 2);
        assertThat(rtt.hasSample()).isFalse();
    }

    /** §5.3: "On the first RTT sample after initialization, the estimator is reset using that sample." */
    @Test
    void firstSampleReplacesTheInitialValues() {
        RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        rtt.update(100 * MS, 20 * MS, false, 25 * MS);
        assertThat(rtt.smoothedRtt()).isEqualTo(100 * MS);
        assertThat(rtt.rttVar()).isEqualTo(50 * MS);
        assertThat(rtt.minRtt()).isEqualTo(100 * MS);
    }

    /** §5.3: smoothed = 7/8 smoothed + 1/8 adjusted; rttvar = 3/4 rttvar + 1/4 |smoothed - adjusted|. */
    @Test
    void laterSamplesAreSmoothedWithTheAckDelaySubtracted() {
        RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        rtt.update(100 * MS, 0, true, 25 * MS);
        rtt.update(140 * MS, 20 * MS, true, 25 * MS);
        // adjusted = 140 - 20 = 120
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 120 * MS) / 8);
        assertThat(rtt.rttVar()).isEqualTo((3 * 50 * MS + 20 * MS) / 4);
        assertThat(rtt.latestRtt()).isEqualTo(140 * MS);
    }

    /** §5.3: after confirmation, the delay is capped at max_ack_delay. */
    @Test
    void capsAckDelayAtMaxAckDelayOnceConfirmed() {
        RttEstimator capped = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        RttEstimator uncapped = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        for (RttEstimator r : new RttEstimator[]{capped, uncapped}) {
            r.update(100 * MS, 0, true, 25 * MS);
        }
        capped.update(200 * MS, 80 * MS, true, 25 * MS); // adjusted 175
        uncapped.update(200 * MS, 80 * MS, false, 25 * MS); // adjusted 120
        assertThat(capped.smoothedRtt()).isEqualTo((7 * 100 * MS + 175 * MS) / 8);
        assertThat(uncapped.smoothedRtt()).isEqualTo((7 * 100 * MS + 120 * MS) / 8);
    }

    /** §5.3: "MUST NOT subtract the acknowledgment delay ... if the resulting value is smaller than the min_rtt". */
    @Test
    void neverSubtractsAckDelayBelowMinRtt() {
        RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        rtt.update(100 * MS, 0, true, 25 * MS);
        rtt.update(110 * MS, 20 * MS, true, 25 * MS); // 110 < 100 + 20: use 110 as is
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 110 * MS) / 8);
    }

    @Test
    void minRttFollowsTheSmallestSampleAndCanRestart() {
        RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        rtt.update(100 * MS, 0, true, 25 * MS);
        rtt.update(80 * MS, 0, true, 25 * MS);
        rtt.update(120 * MS, 0, true, 25 * MS);
        assertThat(rtt.minRtt()).isEqualTo(80 * MS);
        rtt.resetMinRttToLatest();
        assertThat(rtt.minRtt()).isEqualTo(120 * MS);
        rtt.reset();
        assertThat(rtt.hasSample()).isFalse();
        assertThat(rtt.smoothedRtt()).isEqualTo(333 * MS);
    }
}
