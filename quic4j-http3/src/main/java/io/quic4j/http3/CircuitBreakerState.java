package io.quic4j.http3;

/**
 * The states of the server's reset-rate circuit breaker (DESIGN.md §5), and what each does to new requests.
 *
 * <pre>{@code
 * if (server.circuitBreaker().state() == CircuitBreakerState.BLOCKED) {
 *     alertOperator();
 * }
 * }</pre>
 */
public enum CircuitBreakerState {
    /** Every request is served. */
    HEALTHY,
    /**
     * The reset rate is above the threshold: requests are served, but each connection's stream credit is lowered to
     * {@link CircuitBreakerConfig#sheddingFraction()} of its limit, and when the server or the connection is over
     * capacity new requests are answered 503 with Retry-After. Returns to
     * {@link #HEALTHY} after the rate stays below half the threshold for the cooldown, moves to {@link #BLOCKED}
     * after it stays above the threshold for {@link CircuitBreakerConfig#blockAfter()}.
     */
    DEGRADED,
    /**
     * Sustained abuse: new requests are answered 503 with Retry-After, except those for the health paths; stream
     * credit stays lowered. Only an
     * operator's {@link CircuitBreaker#reset} or a passing {@link CircuitBreakerConfig#healthCheck()} returns to
     * {@link #HEALTHY}.
     */
    BLOCKED
}
