package io.quic4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.quic4j.http3.CircuitBreaker;
import io.quic4j.http3.CircuitBreakerListener;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The reset-rate circuit breaker's state and transitions (DESIGN.md §5, §7) as Micrometer meters, until
 * {@link #close()} removes them and stops listening. {@link Http3ServerMetrics} binds one for its server.
 *
 * <p>The meters, each carrying the tags given to {@code bind}:
 * <ul>
 * <li>{@code quic4j.http3.breaker.state} tagged {@code state} = {@code healthy}, {@code degraded} or
 * {@code blocked}: 1 for the current state, 0 for the others (alert on {@code state="blocked"} being 1);</li>
 * <li>{@code quic4j.http3.breaker.state.level}: the state as one number, 0 healthy, 1 degraded, 2 blocked;</li>
 * <li>gauges of the latest evaluation: {@code quic4j.http3.breaker.reset.rate} (streams ended by a client reset /
 * streams ended, over the window), {@code quic4j.http3.breaker.threshold} (what the rate is compared with),
 * {@code quic4j.http3.breaker.load.factor}, {@code quic4j.http3.breaker.window.streams.ended} and
 * {@code quic4j.http3.breaker.window.streams.reset};</li>
 * <li>function counters {@code quic4j.http3.breaker.requests.shed} (503 while DEGRADED and over capacity) and
 * {@code quic4j.http3.breaker.requests.refused} (503 while BLOCKED);</li>
 * <li>counter {@code quic4j.http3.breaker.transitions} tagged {@code from} and {@code to} (the state names above),
 * counting the transitions heard after {@code bind} through a {@link CircuitBreakerListener}.</li>
 * </ul>
 * Every meter reads the breaker's published numbers (a volatile read, at most one evaluation interval old): none
 * waits for anything.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * try (CircuitBreakerMetrics metrics = CircuitBreakerMetrics.bind(server.circuitBreaker(), registry)) {
 *     ...
 *     boolean blocked = registry.get("quic4j.http3.breaker.state").tag("state", "blocked").gauge().value() == 1;
 * }
 * }</pre>
 */
public final class CircuitBreakerMetrics implements AutoCloseable {
    static final String PREFIX = "quic4j.http3.breaker.";
    private static final String TRANSITIONS = PREFIX + "transitions";

    private final CircuitBreaker breaker;
    private final MeterSet meters;
    private final Iterable<Tag> tags;
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final CircuitBreakerListener listener = this::count;

    private CircuitBreakerMetrics(CircuitBreaker breaker, MeterSet meters, Iterable<Tag> tags) {
        this.breaker = breaker;
        this.meters = meters;
        this.tags = tags;
    }

    /**
     * Registers the breaker's meters and starts counting its transitions.
     *
     * @param breaker the breaker, from {@link io.quic4j.http3.Http3Server#circuitBreaker()}
     * @param registry where the meters go
     * @param tags tags every meter carries, for example which server this is
     * @return the binding; {@link #close()} removes the meters and the listener
     */
    public static CircuitBreakerMetrics bind(CircuitBreaker breaker, MeterRegistry registry, Tag... tags) {
        return bind(breaker, registry, Tags.of(tags));
    }

    /**
     * As {@link #bind(CircuitBreaker, MeterRegistry, Tag...)}.
     *
     * @param breaker the breaker
     * @param registry where the meters go
     * @param tags tags every meter carries
     * @return the binding; {@link #close()} removes the meters and the listener
     */
    public static CircuitBreakerMetrics bind(CircuitBreaker breaker, MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(breaker, "breaker");
        CircuitBreakerMetrics m = new CircuitBreakerMetrics(breaker, new MeterSet(registry), Tags.of(tags));
        m.register();
        return m;
    }

    private void register() {
        MeterRegistry registry = meters.registry();
        for (CircuitBreakerState s : CircuitBreakerState.values()) {
            meters.add(Gauge.builder(PREFIX + "state", breaker, b -> b.state() == s ? 1 : 0)
                    .description("1 while the circuit breaker is in this state, else 0").tags(tags)
                    .tag("state", name(s)).register(registry));
        }
        meters.add(Gauge.builder(PREFIX + "state.level", breaker, b -> level(b.state()))
                .description("The circuit breaker's state: 0 healthy, 1 degraded, 2 blocked").tags(tags)
                .register(registry));
        snapshotGauge("reset.rate", "Streams ended by a client reset / streams ended, over the sliding window",
                CircuitBreakerSnapshot::rate);
        snapshotGauge("threshold", "The reset rate above which the breaker degrades (dynamic, clamped)",
                CircuitBreakerSnapshot::threshold);
        snapshotGauge("load.factor", "The load factor the threshold was computed with",
                CircuitBreakerSnapshot::loadFactor);
        snapshotGauge("window.streams.ended", "Request streams ended within the sliding window",
                CircuitBreakerSnapshot::endedInWindow);
        snapshotGauge("window.streams.reset", "Request streams ended by a client reset within the sliding window",
                CircuitBreakerSnapshot::resetsInWindow);
        meters.add(FunctionCounter.builder(PREFIX + "requests.shed", breaker, CircuitBreaker::requestsShed)
                .description("Requests answered 503 because the breaker was degraded and the server over capacity")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder(PREFIX + "requests.refused", breaker, CircuitBreaker::requestsRefused)
                .description("Requests answered 503 because the breaker was blocked").tags(tags).register(registry));
        // DESIGN.md §5's transitions, registered at 0 so that a rate over them starts from the first one
        transitionCounter(CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED);
        transitionCounter(CircuitBreakerState.DEGRADED, CircuitBreakerState.HEALTHY);
        transitionCounter(CircuitBreakerState.DEGRADED, CircuitBreakerState.BLOCKED);
        transitionCounter(CircuitBreakerState.BLOCKED, CircuitBreakerState.HEALTHY);
        breaker.addListener(listener);
    }

    private void snapshotGauge(String name, String description, ToDoubleFunction<CircuitBreakerSnapshot> f) {
        meters.add(Gauge.builder(PREFIX + name, breaker, b -> f.applyAsDouble(b.snapshot())).description(description)
                .tags(tags).register(meters.registry()));
    }

    /** On the breaker's thread, one transition at a time. */
    private void count(CircuitBreakerTransition t) {
        if (!meters.isClosed()) {
            transitionCounter(t.from(), t.to()).increment();
        }
    }

    private Counter transitionCounter(CircuitBreakerState from, CircuitBreakerState to) {
        // any other pair (none in DESIGN.md §5) is registered when first heard
        return transitions.computeIfAbsent(name(from) + ">" + name(to),
                k -> meters.add(Counter.builder(TRANSITIONS)
                        .description("Circuit breaker transitions heard since the meters were bound").tags(tags)
                        .tag("from", name(from)).tag("to", name(to)).register(meters.registry())));
    }

    static String name(CircuitBreakerState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static int level(CircuitBreakerState s) {
        return switch (s) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            case BLOCKED -> 2;
        };
    }

    /** Stops listening to the breaker and removes this binding's meters; idempotent. */
    @Override
    public void close() {
        breaker.removeListener(listener);
        meters.close();
    }
}
