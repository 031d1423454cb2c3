package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedBreaker}: many threads feed one breaker through its lock-free tallies, its owner thread evaluates,
 * publishes, tells the listeners, and runs the health check; a simulated clock drives time.
 */
class SharedBreakerTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final List<CircuitBreakerTransition> heard = new CopyOnWriteArrayList<>();
    private SharedBreaker breaker;

    private void start(CircuitBreakerConfig config) {
        breaker = SharedBreaker.start(config, clock::get);
        breaker.addListener(heard::add);
    }

    @AfterEach
    void close() {
        if (breaker != null) {
            breaker.close();
        }
    }

    private CircuitBreakerSnapshot evaluate() throws Exception {
        return breaker.evaluateNow().get(30, TimeUnit.SECONDS);
    }

    /** Drives the breaker to BLOCKED with 30 % resets, one simulated second per evaluation. */
    private void driveToBlocked() throws Exception {
        for (int s = 0; s <= 121; s++) {
            for (int i = 0; i < 100; i++) {
                breaker.streamEnded(i < 30);
            }
            clock.addAndGet(SECOND);
            evaluate();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.BLOCKED);
    }

    @Test
    void countsFromManyThreadsAreFoldedInExactly() throws Exception {
        start(CircuitBreakerConfig.defaults());
        Thread[] feeders = new Thread[4];
        for (int t = 0; t < feeders.length; t++) {
            feeders[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    breaker.streamEnded(i % 4 == 0);
                }
            });
        }
        for (Thread t : feeders) {
            t.join();
        }

        CircuitBreakerSnapshot s = evaluate();

        assertThat(s.endedInWindow()).isEqualTo(40_000);
        assertThat(s.resetsInWindow()).isEqualTo(10_000);
        assertThat(s.state()).isEqualTo(CircuitBreakerState.DEGRADED);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.DEGRADED);
        assertThat(breaker.snapshot()).isEqualTo(s);
        breaker.evaluateNow().get(30, TimeUnit.SECONDS); // listeners were told before this runs
        assertThat(heard).extracting(CircuitBreakerTransition::to).containsExactly(CircuitBreakerState.DEGRADED);
    }

    @Test
    void loadFactorComesFromRequestsInFlight() throws Exception {
        start(CircuitBreakerConfig.builder().capacity(10).build());
        for (int i = 0; i < 15; i++) {
            breaker.requestStarted();
        }
        assertThat(evaluate().loadFactor()).isEqualTo(1.5);
        for (int i = 0; i < 15; i++) {
            breaker.requestEnded();
        }
        assertThat(evaluate().loadFactor()).isEqualTo(0.8);
        assertThat(breaker.inFlight()).isZero();
    }

    @Test
    void rttSamplesMoveTheThreshold() throws Exception {
        start(CircuitBreakerConfig.defaults());
        breaker.rttSample(Duration.ofMillis(100));
        breaker.rttSample(Duration.ofMillis(300));

        CircuitBreakerSnapshot s = evaluate();

        assertThat(s.smoothedRttMillis()).isEqualTo(200);
        // 0.05 × 0.8 (idle) × (1 + 200 / 200)
        assertThat(s.threshold()).isCloseTo(0.08, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void admissionFollowsThePublishedState() throws Exception {
        start(CircuitBreakerConfig.builder().capacity(4).build());
        assertThat(breaker.admit("/", 0, 100)).isEqualTo(Admission.Decision.ADMIT);

        driveToBlocked();

        assertThat(breaker.admit("/", 0, 100)).isEqualTo(Admission.Decision.REFUSE);
        assertThat(breaker.admit("/healthz", 0, 100)).isEqualTo(Admission.Decision.ADMIT);
        assertThat(breaker.requestsRefused()).isEqualTo(1);
        assertThat(heard).extracting(CircuitBreakerTransition::to)
                .containsExactly(CircuitBreakerState.DEGRADED, CircuitBreakerState.BLOCKED);
    }

    @Test
    void degradedShedsOverCapacityAndCountsIt() throws Exception {
        start(CircuitBreakerConfig.builder().capacity(4).sheddingFraction(0.5).build());
        for (int i = 0; i < 100; i++) {
            breaker.streamEnded(i < 30);
        }
        evaluate();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.DEGRADED);
        breaker.requestStarted();
        assertThat(breaker.admit("/", 0, 100)).isEqualTo(Admission.Decision.ADMIT);
        breaker.requestStarted();

        assertThat(breaker.admit("/", 0, 100)).isEqualTo(Admission.Decision.SHED);
        assertThat(breaker.requestsShed()).isEqualTo(1);
    }

    @Test
    void operatorResetReturnsBlockedToHealthy() throws Exception {
        start(CircuitBreakerConfig.defaults());
        driveToBlocked();

        CircuitBreakerSnapshot after = breaker.reset("test operator").get(30, TimeUnit.SECONDS);

        assertThat(after.state()).isEqualTo(CircuitBreakerState.HEALTHY);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HEALTHY);
        assertThat(heard.getLast().reason()).contains("test operator");
    }

    @Test
    void passingHealthCheckReturnsBlockedToHealthy() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicLong checks = new AtomicLong();
        start(CircuitBreakerConfig.builder().healthCheckInterval(Duration.ofSeconds(5)).healthCheck(() -> {
            checks.incrementAndGet();
            return healthy.get();
        }).build());
        driveToBlocked();
        CompletableFuture<CircuitBreakerTransition> back = new CompletableFuture<>();
        breaker.addListener(t -> {
            if (t.to() == CircuitBreakerState.HEALTHY) {
                back.complete(t);
            }
        });

        // failing checks keep it BLOCKED
        clock.addAndGet(5 * SECOND);
        evaluate();
        while (checks.get() == 0) {
            Thread.sleep(5);
        }
        evaluate();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.BLOCKED);
        healthy.set(true);
        clock.addAndGet(5 * SECOND);
        evaluate();

        CircuitBreakerTransition t = back.get(30, TimeUnit.SECONDS);
        assertThat(t.from()).isEqualTo(CircuitBreakerState.BLOCKED);
        assertThat(t.reason()).contains("health check passed");
    }

    @Test
    void disabledBreakerNeverLeavesHealthy() throws Exception {
        start(CircuitBreakerConfig.builder().enabled(false).build());
        for (int i = 0; i < 1000; i++) {
            breaker.streamEnded(true);
        }

        assertThat(evaluate().endedInWindow()).isZero();
        assertThat(breaker.admit("/", 1000, 1)).isEqualTo(Admission.Decision.ADMIT);
    }
}
