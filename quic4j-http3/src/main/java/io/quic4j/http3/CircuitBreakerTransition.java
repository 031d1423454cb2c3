package io.quic4j.http3;

/**
 * One change of the circuit breaker's state, as {@link CircuitBreakerListener}s receive it.
 *
 * <pre>{@code
 * server.circuitBreaker().addListener(t -> metrics.counter("h3.breaker." + t.to()).increment());
 * }</pre>
 *
 * @param from the state before
 * @param to the state after
 * @param atNanos when, on the breaker's {@link System#nanoTime()} clock
 * @param reason why, with the numbers (for logs)
 * @param after the breaker's numbers right after the transition
 */
public record CircuitBreakerTransition(CircuitBreakerState from, CircuitBreakerState to, long atNanos, String reason,
        CircuitBreakerSnapshot after) {
}
