package io.quic4j.http3;

import java.time.Duration;

/**
 * The reset-rate circuit breaker's numbers at one moment (DESIGN.md §5, §7): what a metrics exporter or an admin
 * page shows.
 *
 * <pre>{@code
 * CircuitBreakerSnapshot s = server.circuitBreaker().snapshot();
 * System.out.printf("%s rate %.3f threshold %.3f (%d of %d streams reset)%n",
 *         s.state(), s.rate(), s.threshold(), s.resetsInWindow(), s.endedInWindow());
 * }</pre>
 *
 * @param state the state
 * @param rate streams ended by a client reset / streams ended, over the sliding window; 0 when none ended
 * @param threshold the dynamic threshold the rate is compared with, within the configured clamp
 * @param loadFactor the load factor the threshold was computed with, within the configured clamp
 * @param smoothedRttMillis the smoothed round-trip time the threshold was computed with, milliseconds
 * @param endedInWindow request streams ended within the window
 * @param resetsInWindow of those, streams ended by a client reset
 * @param timeInState how long the breaker has been in {@code state}
 * @param toDegraded transitions into {@link CircuitBreakerState#DEGRADED} so far
 * @param toHealthy transitions into {@link CircuitBreakerState#HEALTHY} so far
 * @param toBlocked transitions into {@link CircuitBreakerState#BLOCKED} so far
 */
public record CircuitBreakerSnapshot(CircuitBreakerState state, double rate, double threshold, double loadFactor,
        double smoothedRttMillis, long endedInWindow, long resetsInWindow, Duration timeInState, long toDegraded,
        long toHealthy, long toBlocked) {

    /** @return the total number of transitions so far */
    public long transitions() {
        return toDegraded + toHealthy + toBlocked;
    }
}
