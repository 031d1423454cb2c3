package io.quic4j.http3.overload;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerState;

/**
 * What the circuit breaker's state does to a new request (DESIGN.md §5): a pure decision from the state, the path
 * and the numbers of requests in flight.
 *
 * <ul>
 * <li>Health paths are always admitted.</li>
 * <li>HEALTHY admits.</li>
 * <li>DEGRADED sheds when over capacity: requests in flight on the server reach {@code sheddingFraction ×
 * capacity}, or those on the request's connection reach {@code sheddingFraction × maxConcurrentRequests} (so a busy
 * connection gets less room than its stream credit allows).</li>
 * <li>BLOCKED refuses.</li>
 * </ul>
 *
 * <pre>{@code
 * if (Admission.decide(config, state, path, serverInFlight, connectionActive, limit) != Admission.Decision.ADMIT) {
 *     answer503();
 * }
 * }</pre>
 */
public final class Admission {
    /** The decision for one request. */
    public enum Decision {
        /** Serve it. */
        ADMIT,
        /** DEGRADED and over capacity: 503 with Retry-After. */
        SHED,
        /** BLOCKED: 503 with Retry-After. */
        REFUSE
    }

    private Admission() {
    }

    /**
     * @param config the breaker's settings
     * @param state the breaker's state
     * @param path the request's {@code :path}
     * @param serverInFlight requests in flight on the whole server, not counting this one
     * @param connectionActive requests in flight on this request's connection, not counting this one
     * @param connectionLimit the most requests a connection may have in flight
     *     ({@link io.quic4j.http3.Http3ServerConfig#maxConcurrentRequests()})
     * @return what to do with the request
     */
    public static Decision decide(CircuitBreakerConfig config, CircuitBreakerState state, String path,
            long serverInFlight, long connectionActive, long connectionLimit) {
        if (!config.enabled() || config.isHealthPath(path)) {
            return Decision.ADMIT;
        }
        return switch (state) {
            case HEALTHY -> Decision.ADMIT;
            case DEGRADED -> serverInFlight >= limit(config.capacity(), config.sheddingFraction())
                    || connectionActive >= limit(connectionLimit, config.sheddingFraction())
                            ? Decision.SHED
                            : Decision.ADMIT;
            case BLOCKED -> Decision.REFUSE;
        };
    }

    /**
     * The stream credit a connection gets while the breaker is not HEALTHY: {@code sheddingFraction ×
     * maxConcurrentRequests}, at least 1.
     *
     * @param config the breaker's settings
     * @param connectionLimit the per-connection request limit
     * @return the reduced limit
     */
    public static long reducedStreams(CircuitBreakerConfig config, long connectionLimit) {
        return limit(connectionLimit, config.sheddingFraction());
    }

    /** @return {@code fraction × limit}, at least 1, so DEGRADED never sheds an idle server or connection */
    static long limit(long limit, double fraction) {
        return Math.max(1, (long) Math.ceil(limit * fraction));
    }
}
