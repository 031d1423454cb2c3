package io.quic4j.http3;

import java.util.concurrent.CompletableFuture;

/**
 * The server's reset-rate circuit breaker (DESIGN.md §5), from {@link Http3Server#circuitBreaker()}: one per
 * server, fed by every connection. Thread-safe.
 *
 * <pre>{@code
 * CircuitBreaker breaker = server.circuitBreaker();
 * breaker.addListener(t -> log.warn("breaker {} -> {}: {}", t.from(), t.to(), t.reason()));
 * // an operator, after dealing with the abuse:
 * breaker.reset("abuse from AS64500 filtered upstream").join();
 * }</pre>
 */
public interface CircuitBreaker {
    /** @return the current state (at most one {@link CircuitBreakerConfig#evaluationInterval()} old) */
    CircuitBreakerState state();

    /** @return the latest numbers (at most one {@link CircuitBreakerConfig#evaluationInterval()} old) */
    CircuitBreakerSnapshot snapshot();

    /**
     * The operator's action: returns to {@link CircuitBreakerState#HEALTHY} from any state and starts a fresh
     * window (the evidence that led here is dropped). Logged, and announced to the listeners, if the state changes.
     *
     * @param reason who and why, for the log
     * @return completes with the numbers after the reset
     */
    CompletableFuture<CircuitBreakerSnapshot> reset(String reason);

    /** @param listener hears every later transition */
    void addListener(CircuitBreakerListener listener);

    /** @param listener no longer hears transitions */
    void removeListener(CircuitBreakerListener listener);

    /** @return requests answered 503 because the breaker was {@code DEGRADED} and the server over capacity */
    long requestsShed();

    /** @return requests answered 503 because the breaker was {@code BLOCKED} */
    long requestsRefused();
}
