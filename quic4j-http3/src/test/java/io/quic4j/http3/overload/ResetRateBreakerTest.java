package io.quic4j.http3.overload;

import static io.quic4j.http3.CircuitBreakerState.BLOCKED;
import static io.quic4j.http3.CircuitBreakerState.DEGRADED;
import static io.quic4j.http3.CircuitBreakerState.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §5's circuit breaker with a simulated clock, using the defaults (10 s window in 1 s buckets, threshold
 * 0.05 at load factor 1 and RTT 0, recovery below half of it for 30 s, BLOCKED after 2 min over it). The traffic is
 * fed one simulated second at a time and the breaker evaluated after each second.
 */
class ResetRateBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    /** An arbitrary, negative origin: System.nanoTime() may be anywhere. */
    private static final long T0 = -7 * SECOND + 123;

    private final List<CircuitBreakerTransition> transitions = new ArrayList<>();
    private ResetRateBreaker breaker;
    private long second;

    private void start(CircuitBreakerConfig config) {
        breaker = new ResetRateBreaker(config, T0);
        breaker.inputs(1.0, 0);
    }

    private long at(long s) {
        return T0 + s * SECOND;
    }

    /** One simulated second of traffic, then an evaluation at its start; returns the state after. */
    private CircuitBreakerState second(long ended, long resets) {
        long now = at(second++);
        breaker.record(now, ended, resets);
        breaker.evaluate(now).ifPresent(transitions::add);
        return breaker.state();
    }

    /** Runs seconds of identical traffic until the state changes or {@code max} seconds pass; returns the second. */
    private long runUntilChange(long max, long ended, long resets) {
        CircuitBreakerState before = breaker.state();
        for (long i = 0; i < max; i++) {
            long s = second;
            if (second(ended, resets) != before) {
                return s;
            }
        }
        return -1;
    }

    @Test
    void defaultsAreDesignSection5() {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();

        assertThat(c.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.baseThreshold()).isEqualTo(0.05);
        assertThat(c.minThreshold()).isEqualTo(0.02);
        assertThat(c.maxThreshold()).isEqualTo(0.30);
        assertThat(c.rttScale()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.minLoadFactor()).isEqualTo(0.8);
        assertThat(c.maxLoadFactor()).isEqualTo(2.0);
        assertThat(c.recoveryRatio()).isEqualTo(0.5);
        assertThat(c.cooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.blockAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void startsHealthy() {
        start(CircuitBreakerConfig.defaults());

        assertThat(breaker.state()).isEqualTo(HEALTHY);
        assertThat(breaker.snapshot(T0).rate()).isZero();
        assertThat(breaker.snapshot(T0).transitions()).isZero();
    }

    @Test
    void rateExactlyAtTheThresholdDoesNotTrip() {
        start(CircuitBreakerConfig.defaults());

        // 5 of 100 = 0.05 = the threshold: "rate > threshold" is strict
        assertThat(second(100, 5)).isEqualTo(HEALTHY);
        assertThat(breaker.snapshot(at(0)).rate()).isEqualTo(0.05);
        assertThat(breaker.threshold()).isEqualTo(0.05);
        // one more reset: 6 of 101
        breaker.record(at(0), 1, 1);
        assertThat(breaker.evaluate(at(0)).map(CircuitBreakerTransition::to)).contains(DEGRADED);
    }

    @Test
    void healthyToDegradedWhenRateAboveThreshold() {
        start(CircuitBreakerConfig.defaults());

        assertThat(second(100, 30)).isEqualTo(DEGRADED);

        CircuitBreakerTransition t = transitions.getFirst();
        assertThat(t.from()).isEqualTo(HEALTHY);
        assertThat(t.after().rate()).isEqualTo(0.3);
        assertThat(t.after().toDegraded()).isEqualTo(1);
        assertThat(t.reason()).contains("0.300").contains("30 of 100").contains("0.050");
    }

    @Test
    void fewerThanMinSamplesNeverTrip() {
        start(CircuitBreakerConfig.defaults()); // minSamples 20

        // 1 reset out of 2 streams is a rate of 0.5, but no evidence
        assertThat(second(2, 1)).isEqualTo(HEALTHY);
        // 19 streams, all reset: still under 20 samples
        breaker.record(at(0), 17, 17);
        assertThat(breaker.evaluate(at(0))).isEmpty();
        assertThat(breaker.snapshot(at(0)).endedInWindow()).isEqualTo(19);
        // the 20th stream makes it evidence
        breaker.record(at(0), 1, 0);
        assertThat(breaker.evaluate(at(0)).map(CircuitBreakerTransition::to)).contains(DEGRADED);
    }

    @Test
    void minSamplesIsAParameter() {
        start(CircuitBreakerConfig.builder().minSamples(2).build());

        assertThat(second(2, 1)).isEqualTo(DEGRADED);
    }

    @Test
    void degradedRecoversAfterRateStaysBelowHalfThresholdForTheCooldown() {
        start(CircuitBreakerConfig.defaults());
        for (int i = 0; i < 20; i++) {
            assertThat(second(100, 30)).isEqualTo(DEGRADED); // seconds 0..19
        }
        // Clean from second 20. The window (this bucket and 9 before) still holds second 19's 30 resets up to
        // second 28 (30 / 1000 = 0.03, between 0.025 and 0.05), so the rate is first below 0.025 at second 29,
        // and the cooldown of 30 s ends at second 59.
        assertThat(runUntilChange(100, 100, 0)).isEqualTo(59);
        assertThat(breaker.state()).isEqualTo(HEALTHY);
        CircuitBreakerTransition t = transitions.getLast();
        assertThat(t.from()).isEqualTo(DEGRADED);
        assertThat(t.reason()).contains("30.0 s");
        assertThat(t.after().toHealthy()).isEqualTo(1);
    }

    @Test
    void cooldownRestartsWhenTheRateRisesAgain() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30); // DEGRADED at second 0
        // clean from second 1: below 0.025 from second 10 (second 0's bucket has left the window)
        for (int i = 1; i < 40; i++) {
            second(100, 0);
        }
        assertThat(breaker.state()).isEqualTo(DEGRADED); // second 39: 29 s of cooldown
        // second 40: 30 resets in 1000 streams is 0.03, above 0.025: the cooldown starts over
        assertThat(second(100, 30)).isEqualTo(DEGRADED);
        // below again once second 40 leaves the window, at second 50; HEALTHY 30 s later, at second 80
        assertThat(runUntilChange(100, 100, 0)).isEqualTo(80);
    }

    @Test
    void rateExactlyAtHalfTheThresholdNeverRecovers() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30); // DEGRADED
        // 1 reset in 40 streams every second: once the window holds only these, 10 / 400 = 0.025 exactly, which is
        // not below threshold/2 (strict) and not above the threshold: neither recovery nor blocking progresses
        assertThat(runUntilChange(300, 40, 1)).isEqualTo(-1);
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        assertThat(breaker.snapshot(at(second)).rate()).isEqualTo(0.025);
        // just below it: 9 of 400, recovers 30 s after the first such second
        long s = second;
        assertThat(runUntilChange(100, 40, 0) - s).isEqualTo(30);
    }

    @Test
    void rateFlappingAroundTheThresholdTripsOnceAndStaysDegraded() {
        start(CircuitBreakerConfig.defaults());
        // alternate between exactly the threshold and a little above it
        for (int i = 0; i < 100; i++) {
            second(100, i % 2 == 0 ? 5 : 6);
        }
        // hysteresis: tripped once, and the rate never fell below 0.025, so no recovery and no re-trip
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        assertThat(breaker.snapshot(at(second)).toDegraded()).isEqualTo(1);
        assertThat(breaker.snapshot(at(second)).toHealthy()).isZero();
        // and not blocked yet: 98 s continuously over the threshold (the window averages 0.055), short of 2 min
        assertThat(transitions).hasSize(1);
    }

    @Test
    void rateFlappingAroundHalfTheThresholdNeverRecovers() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30);
        // the per-second rate flaps between 0.020 and 0.031, around half the threshold; the window averages it to
        // 0.0255, never below 0.025, so the cooldown never runs
        for (int i = 0; i < 200; i++) {
            second(1000, i % 2 == 0 ? 20 : 31);
        }
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        assertThat(breaker.snapshot(at(second)).toHealthy()).isZero();
    }

    @Test
    void degradedBlocksAfterTwoMinutesAboveThreshold() {
        start(CircuitBreakerConfig.defaults());
        assertThat(second(100, 30)).isEqualTo(DEGRADED); // second 0

        assertThat(runUntilChange(200, 100, 30)).isEqualTo(120);
        assertThat(breaker.state()).isEqualTo(BLOCKED);
        CircuitBreakerTransition t = transitions.getLast();
        assertThat(t.from()).isEqualTo(DEGRADED);
        assertThat(t.reason()).contains("120.0 s");
    }

    @Test
    void blockingPeriodRestartsWhenTheRateDipsBelowTheThreshold() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30); // DEGRADED at 0
        for (int i = 1; i < 100; i++) {
            second(100, 30);
        }
        // ten clean seconds (100..109) bring the window to 0 by second 109: not over the threshold at least at
        // 108 (30 / 1000 ... below), so the 2 minutes start again at the next abusive second
        for (int i = 0; i < 10; i++) {
            second(100, 0);
        }
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        long abuseAgain = second;
        long blockedAt = runUntilChange(300, 100, 30);
        // over the threshold again from the first abusive second (1 dirty bucket: 30/1000 ... not yet; 2: 0.06)
        assertThat(blockedAt).isBetween(abuseAgain + 120, abuseAgain + 122);
    }

    @Test
    void blockedStaysBlockedOnCleanTraffic() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30);
        runUntilChange(200, 100, 30);
        assertThat(breaker.state()).isEqualTo(BLOCKED);

        assertThat(runUntilChange(1000, 100, 0)).isEqualTo(-1);
        assertThat(breaker.state()).isEqualTo(BLOCKED);
    }

    @Test
    void blockedReturnsToHealthyByOperatorReset() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30);
        runUntilChange(200, 100, 30);

        Optional<CircuitBreakerTransition> t = breaker.operatorReset(at(second), "on-call");

        assertThat(t).isPresent();
        assertThat(t.get().from()).isEqualTo(BLOCKED);
        assertThat(t.get().to()).isEqualTo(HEALTHY);
        assertThat(t.get().reason()).contains("operator reset: on-call");
        // a fresh window: the evidence that led to BLOCKED is gone
        assertThat(t.get().after().endedInWindow()).isZero();
        assertThat(breaker.evaluate(at(second))).isEmpty();
    }

    @Test
    void operatorResetLeavesDegradedToo() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30);

        assertThat(breaker.operatorReset(at(1), "test").map(CircuitBreakerTransition::to)).contains(HEALTHY);
        assertThat(breaker.operatorReset(at(1), "again")).isEmpty();
    }

    @Test
    void healthCheckReturnsOnlyBlockedToHealthy() {
        start(CircuitBreakerConfig.defaults());
        assertThat(breaker.healthCheckPassed(at(0))).isEmpty();
        second(100, 30);
        assertThat(breaker.healthCheckPassed(at(1))).isEmpty(); // DEGRADED recovers by the rate only
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        runUntilChange(200, 100, 30);

        Optional<CircuitBreakerTransition> t = breaker.healthCheckPassed(at(second));

        assertThat(t.map(CircuitBreakerTransition::to)).contains(HEALTHY);
        assertThat(t.get().reason()).contains("health check passed");
        assertThat(t.get().after().toBlocked()).isEqualTo(1);
        assertThat(t.get().after().toHealthy()).isEqualTo(1);
    }

    @Test
    void timeInStateCountsFromTheTransition() {
        start(CircuitBreakerConfig.defaults());
        second(1, 0);
        second(100, 30); // DEGRADED at second 1
        for (int i = 0; i < 5; i++) {
            second(100, 30);
        }
        assertThat(breaker.snapshot(at(6)).timeInState()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void windowForgetsStreamsOlderThanTenSeconds() {
        start(CircuitBreakerConfig.defaults());
        breaker.record(at(0), 10, 10); // under minSamples: no trip
        assertThat(breaker.snapshot(at(9)).resetsInWindow()).isEqualTo(10);
        assertThat(breaker.snapshot(at(10)).resetsInWindow()).isZero();
    }

    @Test
    void earlierTimeCountsAsTheLatest() {
        start(CircuitBreakerConfig.defaults());
        breaker.record(at(5), 10, 0);
        breaker.record(at(1), 10, 10); // a late reading: counted now, not lost or misplaced
        assertThat(breaker.snapshot(at(2)).endedInWindow()).isEqualTo(20);
        assertThat(breaker.snapshot(at(2)).timeInState()).isEqualTo(Duration.ofSeconds(5));
    }

    // ---- the dynamic threshold ----

    @Test
    void thresholdIsBaseTimesLoadTimesRttTerm() {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();

        assertThat(ResetRateBreaker.threshold(c, 1.0, 0)).isEqualTo(0.05);
        assertThat(ResetRateBreaker.threshold(c, 1.5, 0)).isCloseTo(0.075, within(1e-12));
        assertThat(ResetRateBreaker.threshold(c, 1.0, 200)).isCloseTo(0.10, within(1e-12));
        assertThat(ResetRateBreaker.threshold(c, 1.2, 100)).isCloseTo(0.05 * 1.2 * 1.5, within(1e-12));
    }

    @Test
    void thresholdClampsAtTheTop() {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();

        // 0.05 × 2 × (1 + 1000/200) = 0.6
        assertThat(ResetRateBreaker.threshold(c, 2.0, 1000)).isEqualTo(0.30);
    }

    @Test
    void thresholdClampsAtTheBottom() {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().baseThreshold(0.02).build();

        // 0.02 × 0.8 = 0.016
        assertThat(ResetRateBreaker.threshold(c, 0.8, 0)).isEqualTo(0.02);
        assertThat(ResetRateBreaker.threshold(c, 0.1, 0)).isEqualTo(0.02);
    }

    @Test
    void loadFactorIsClampedFromInFlightOverCapacity() {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().capacity(100).build();

        assertThat(ResetRateBreaker.loadFactor(c, 0)).isEqualTo(0.8);
        assertThat(ResetRateBreaker.loadFactor(c, 80)).isEqualTo(0.8);
        assertThat(ResetRateBreaker.loadFactor(c, 150)).isEqualTo(1.5);
        assertThat(ResetRateBreaker.loadFactor(c, 10_000)).isEqualTo(2.0);
        // the threshold sees the clamp too
        assertThat(ResetRateBreaker.threshold(c, 0.1, 0)).isCloseTo(0.04, within(1e-12));
        assertThat(ResetRateBreaker.threshold(c, 50, 0)).isCloseTo(0.10, within(1e-12));
    }

    @Test
    void higherLoadRaisesTheThresholdAboveTheRate() {
        start(CircuitBreakerConfig.defaults());
        breaker.inputs(2.0, 0); // threshold 0.10

        assertThat(second(100, 8)).isEqualTo(HEALTHY);
        breaker.inputs(1.0, 0); // threshold 0.05: the same 0.08 trips
        assertThat(breaker.evaluate(at(0)).map(CircuitBreakerTransition::to)).contains(DEGRADED);
    }

    @Test
    void longerRttRaisesTheThresholdAboveTheRate() {
        start(CircuitBreakerConfig.defaults());
        breaker.inputs(1.0, 200); // threshold 0.10

        assertThat(second(100, 8)).isEqualTo(HEALTHY);
        assertThat(breaker.snapshot(at(0)).smoothedRttMillis()).isEqualTo(200);
        breaker.inputs(1.0, 20); // 0.055
        assertThat(breaker.evaluate(at(0)).map(CircuitBreakerTransition::to)).contains(DEGRADED);
    }

    @Test
    void thresholdChangesMoveTheRecoveryLevel() {
        start(CircuitBreakerConfig.defaults());
        second(100, 30);
        // 4 % steady: above 0.025 at load 1, below 0.05 (= 0.10 / 2) at load 2
        for (int i = 0; i < 40; i++) {
            second(100, 4);
        }
        assertThat(breaker.state()).isEqualTo(DEGRADED);
        breaker.inputs(2.0, 0);
        assertThat(runUntilChange(100, 100, 4)).isPositive();
        assertThat(breaker.state()).isEqualTo(HEALTHY);
    }
}
