package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Invariants of {@link ResetRateBreaker} under random traffic, inputs and time steps. */
class ResetRateBreakerPropertyTest {
    private static final long MS = 1_000_000L;

    /** One step: wait, count streams, set the inputs, maybe act as an operator or a health check, evaluate. */
    record Step(long waitMillis, long ended, long resets, double load, double rttMillis, int action) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> wait = Arbitraries.longs().between(0, 20_000);
        Arbitrary<Long> ended = Arbitraries.longs().between(0, 500);
        Arbitrary<Double> resetShare = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> load = Arbitraries.doubles().between(0, 5);
        Arbitrary<Double> rtt = Arbitraries.doubles().between(0, 3_000);
        Arbitrary<Integer> action = Arbitraries.integers().between(0, 40);
        return Combinators.combine(wait, ended, resetShare, load, rtt, action)
                .as((w, e, share, l, r, a) -> new Step(w, e, (long) Math.floor(e * share), l, r, a))
                .list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 300)
    void invariantsHoldOnEveryStep(@ForAll("steps") List<Step> steps,
            @ForAll @DoubleRange(min = 0.01, max = 0.3) double base) {
        CircuitBreakerConfig c = CircuitBreakerConfig.builder().baseThreshold(base).minSamples(5)
                .cooldown(java.time.Duration.ofSeconds(20)).blockAfter(java.time.Duration.ofSeconds(60)).build();
        long now = -1_000 * MS;
        ResetRateBreaker b = new ResetRateBreaker(c, now);
        long transitions = 0;
        for (Step s : steps) {
            now += s.waitMillis() * MS;
            b.record(now, s.ended(), s.resets());
            b.inputs(s.load(), s.rttMillis());
            CircuitBreakerState before = b.state();
            java.util.Optional<CircuitBreakerTransition> t;
            if (s.action() == 0) {
                t = b.operatorReset(now, "property");
            } else if (s.action() == 1) {
                t = b.healthCheckPassed(now);
            } else {
                t = b.evaluate(now);
            }
            if (t.isPresent()) {
                transitions++;
                CircuitBreakerTransition tr = t.get();
                assertThat(tr.from()).isEqualTo(before).isNotEqualTo(tr.to());
                // the state machine of DESIGN.md §5: no HEALTHY -> BLOCKED, and BLOCKED leaves only for HEALTHY,
                // only by an operator or a health check
                assertThat(tr.from() == CircuitBreakerState.HEALTHY && tr.to() == CircuitBreakerState.BLOCKED)
                        .isFalse();
                if (tr.to() == CircuitBreakerState.BLOCKED) {
                    assertThat(tr.from()).isEqualTo(CircuitBreakerState.DEGRADED);
                }
                if (tr.from() == CircuitBreakerState.BLOCKED) {
                    assertThat(tr.to()).isEqualTo(CircuitBreakerState.HEALTHY);
                    assertThat(s.action()).isLessThanOrEqualTo(1);
                }
            } else {
                assertThat(b.state()).isEqualTo(before);
            }
            CircuitBreakerSnapshot snap = b.snapshot(now);
            assertThat(snap.rate()).isBetween(0.0, 1.0);
            assertThat(snap.threshold()).isBetween(c.minThreshold(), c.maxThreshold());
            assertThat(snap.loadFactor()).isBetween(c.minLoadFactor(), c.maxLoadFactor());
            assertThat(snap.resetsInWindow()).isBetween(0L, snap.endedInWindow());
            assertThat(snap.transitions()).isEqualTo(transitions);
            assertThat(snap.timeInState().isNegative()).isFalse();
        }
    }

    @Property
    void thresholdAlwaysWithinTheClamp(@ForAll @DoubleRange(min = -10, max = 100) double load,
            @ForAll @DoubleRange(min = -100, max = 1e7) double rtt) {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();

        assertThat(ResetRateBreaker.threshold(c, load, rtt)).isBetween(0.02, 0.30);
    }

    @Property
    void thresholdNeverFallsAsLoadOrRttRise(@ForAll @DoubleRange(min = 0, max = 3) double load,
            @ForAll @DoubleRange(min = 0, max = 3) double moreLoad,
            @ForAll @DoubleRange(min = 0, max = 2_000) double rtt,
            @ForAll @DoubleRange(min = 0, max = 2_000) double moreRtt) {
        CircuitBreakerConfig c = CircuitBreakerConfig.defaults();

        assertThat(ResetRateBreaker.threshold(c, load + moreLoad, rtt + moreRtt))
                .isGreaterThanOrEqualTo(ResetRateBreaker.threshold(c, load, rtt));
    }
}
