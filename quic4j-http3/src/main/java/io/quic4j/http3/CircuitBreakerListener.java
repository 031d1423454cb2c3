package io.quic4j.http3;

/**
 * Hears the circuit breaker's transitions (DESIGN.md §7), for metrics and alerts. Called on the breaker's own
 * thread, one transition at a time and in order; must return quickly and not block. An exception it throws is
 * logged and ignored.
 *
 * <pre>{@code
 * server.circuitBreaker().addListener(t -> {
 *     if (t.to() == CircuitBreakerState.BLOCKED) {
 *         pager.page("HTTP/3 server blocked: " + t.reason());
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface CircuitBreakerListener {
    /** @param transition what changed */
    void onTransition(CircuitBreakerTransition transition);
}
