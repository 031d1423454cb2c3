package io.quic4j.http3;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Settings of the reset-rate circuit breaker (DESIGN.md §5): immutable, built with {@link #builder()}, checked when
 * built; the defaults are DESIGN.md's. Part of {@link Http3ServerConfig#circuitBreaker()}.
 *
 * <p>Over a sliding {@code window}, {@code rate = streams ended by a client reset / streams ended}. The threshold
 * is {@code clamp(minThreshold, maxThreshold, baseThreshold × loadFactor × (1 + smoothed RTT / rttScale))}, where
 * {@code loadFactor = clamp(minLoadFactor, maxLoadFactor, requests in flight on the whole server / capacity)}:
 * a busy server or a long RTT tolerates a few more resets. HEALTHY → DEGRADED when the rate is above the threshold
 * (and at least {@code minSamples} streams ended in the window); DEGRADED → HEALTHY once the rate stays below
 * {@code threshold × recoveryRatio} for the {@code cooldown}; DEGRADED → BLOCKED once it stays above the threshold
 * for {@code blockAfter}; BLOCKED → HEALTHY by {@link CircuitBreaker#reset} or a passing {@code healthCheck}.
 *
 * <pre>{@code
 * CircuitBreakerConfig breaker = CircuitBreakerConfig.builder()
 *         .capacity(5_000)                         // requests in flight the server is sized for
 *         .healthPaths(Set.of("/healthz", "/readyz"))
 *         .healthCheck(() -> database.isUp())      // lets BLOCKED recover without an operator
 *         .build();
 * Http3ServerConfig config = Http3ServerConfig.builder().circuitBreaker(breaker).build();
 * }</pre>
 *
 * @param enabled whether the breaker runs at all; when off every request is admitted (default on)
 * @param window the sliding window over which the rate is measured (default 10 s)
 * @param windowBuckets how many time buckets the window is kept in: memory is two counters per bucket, and the
 *     window slides one bucket at a time (default 10, so 1 s each); 1 to 3600, each bucket at least 1 ms
 * @param minSamples the fewest streams ended in the window for the rate to count: fewer never trip the breaker
 *     and always count as recovered (default 20, so 1 reset among 2 streams is not an attack)
 * @param baseThreshold the threshold at load factor 1 and RTT 0 (default 0.05)
 * @param minThreshold the lower clamp of the threshold (default 0.02)
 * @param maxThreshold the upper clamp of the threshold (default 0.30)
 * @param rttScale the RTT that doubles the threshold, the 200 ms of {@code 1 + RTT ms / 200} (default 200 ms)
 * @param minLoadFactor the lower clamp of the load factor (default 0.8)
 * @param maxLoadFactor the upper clamp of the load factor (default 2.0)
 * @param capacity the requests in flight, over all connections, the server is sized for: load factor 1 (default
 *     1000)
 * @param recoveryRatio DEGRADED recovers while the rate is below {@code threshold × recoveryRatio} (default 0.5)
 * @param cooldown how long the rate must stay below the recovery level for DEGRADED → HEALTHY (default 30 s)
 * @param blockAfter how long the rate must stay above the threshold for DEGRADED → BLOCKED (default 2 min)
 * @param sheddingFraction when DEGRADED, a new request is shed (503) if requests in flight reach this fraction of
 *     {@code capacity} on the server, or of {@link Http3ServerConfig#maxConcurrentRequests()} on its connection
 *     (default 0.5); while not HEALTHY, each connection's stream credit (MAX_STREAMS) is lowered to this fraction
 *     of {@code maxConcurrentRequests} too
 * @param retryAfter the Retry-After of the 503 answers, whole seconds (default 30 s)
 * @param healthPaths request paths (without the query) always served, whatever the state (default
 *     {@code /healthz})
 * @param healthCheck run every {@code healthCheckInterval} while BLOCKED, on a virtual thread; {@code true}
 *     returns the breaker to HEALTHY; {@code null} (the default) for none, leaving it to the operator
 * @param healthCheckInterval how often the health check runs while BLOCKED (default 5 s)
 * @param evaluationInterval how often the breaker folds in the connections' counts and evaluates its state
 *     (default 250 ms); at most one bucket
 */
public record CircuitBreakerConfig(boolean enabled, Duration window, int windowBuckets, long minSamples,
        double baseThreshold, double minThreshold, double maxThreshold, Duration rttScale, double minLoadFactor,
        double maxLoadFactor, long capacity, double recoveryRatio, Duration cooldown, Duration blockAfter,
        double sheddingFraction, Duration retryAfter, Set<String> healthPaths, BooleanSupplier healthCheck,
        Duration healthCheckInterval, Duration evaluationInterval) {

    /** Checks every setting; each message says what to change. */
    public CircuitBreakerConfig {
        positive("window", window);
        if (windowBuckets < 1 || windowBuckets > 3600) {
            throw new IllegalArgumentException("windowBuckets must be 1 to 3600, was " + windowBuckets);
        }
        if (window.toNanos() / windowBuckets < 1_000_000) {
            throw new IllegalArgumentException("window " + window + " split into " + windowBuckets
                    + " buckets gives buckets under 1 ms: use fewer windowBuckets or a longer window");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
        }
        fraction("minThreshold", minThreshold);
        fraction("maxThreshold", maxThreshold);
        fraction("baseThreshold", baseThreshold);
        if (minThreshold > maxThreshold) {
            throw new IllegalArgumentException("minThreshold " + minThreshold + " is above maxThreshold "
                    + maxThreshold + ": lower minThreshold or raise maxThreshold");
        }
        positive("rttScale", rttScale);
        if (!(minLoadFactor > 0) || !Double.isFinite(maxLoadFactor) || minLoadFactor > maxLoadFactor) {
            throw new IllegalArgumentException("the load factor clamp must satisfy 0 < minLoadFactor <= maxLoadFactor"
                    + " (finite), was " + minLoadFactor + " to " + maxLoadFactor);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity (requests in flight the server is sized for) must be at"
                    + " least 1, was " + capacity);
        }
        fraction("recoveryRatio", recoveryRatio);
        positive("cooldown", cooldown);
        positive("blockAfter", blockAfter);
        fraction("sheddingFraction", sheddingFraction);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.toSeconds() < 1 || retryAfter.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("retryAfter must be a whole number of seconds, at least 1 (Retry-After"
                    + " counts seconds, RFC 9110 §10.2.3), was " + retryAfter);
        }
        healthPaths = Set.copyOf(Objects.requireNonNull(healthPaths, "healthPaths"));
        for (String p : healthPaths) {
            if (!p.startsWith("/") || p.indexOf('?') >= 0) {
                throw new IllegalArgumentException("health path '" + p + "' must start with '/' and have no query");
            }
        }
        positive("healthCheckInterval", healthCheckInterval);
        positive("evaluationInterval", evaluationInterval);
        if (evaluationInterval.compareTo(window.dividedBy(windowBuckets)) > 0) {
            throw new IllegalArgumentException("evaluationInterval " + evaluationInterval + " is longer than one"
                    + " bucket (" + window.dividedBy(windowBuckets) + "): shorten it or use fewer windowBuckets");
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void fraction(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be above 0 and at most 1, was " + v);
        }
    }

    /** @return DESIGN.md §5's defaults */
    public static CircuitBreakerConfig defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.window = window;
        b.windowBuckets = windowBuckets;
        b.minSamples = minSamples;
        b.baseThreshold = baseThreshold;
        b.minThreshold = minThreshold;
        b.maxThreshold = maxThreshold;
        b.rttScale = rttScale;
        b.minLoadFactor = minLoadFactor;
        b.maxLoadFactor = maxLoadFactor;
        b.capacity = capacity;
        b.recoveryRatio = recoveryRatio;
        b.cooldown = cooldown;
        b.blockAfter = blockAfter;
        b.sheddingFraction = sheddingFraction;
        b.retryAfter = retryAfter;
        b.healthPaths = healthPaths;
        b.healthCheck = healthCheck;
        b.healthCheckInterval = healthCheckInterval;
        b.evaluationInterval = evaluationInterval;
        return b;
    }

    /**
     * @param path a request's {@code :path}
     * @return whether it names a health endpoint (the query is ignored)
     */
    public boolean isHealthPath(String path) {
        if (healthPaths.isEmpty() || path == null) {
            return false;
        }
        int q = path.indexOf('?');
        return healthPaths.contains(q < 0 ? path : path.substring(0, q));
    }

    /** Builds a {@link CircuitBreakerConfig}; every setting is described on the record. */
    public static final class Builder {
        private boolean enabled = true;
        private Duration window = Duration.ofSeconds(10);
        private int windowBuckets = 10;
        private long minSamples = 20;
        private double baseThreshold = 0.05;
        private double minThreshold = 0.02;
        private double maxThreshold = 0.30;
        private Duration rttScale = Duration.ofMillis(200);
        private double minLoadFactor = 0.8;
        private double maxLoadFactor = 2.0;
        private long capacity = 1000;
        private double recoveryRatio = 0.5;
        private Duration cooldown = Duration.ofSeconds(30);
        private Duration blockAfter = Duration.ofMinutes(2);
        private double sheddingFraction = 0.5;
        private Duration retryAfter = Duration.ofSeconds(30);
        private Set<String> healthPaths = Set.of("/healthz");
        private BooleanSupplier healthCheck;
        private Duration healthCheckInterval = Duration.ofSeconds(5);
        private Duration evaluationInterval = Duration.ofMillis(250);

        /** A builder with the defaults; see {@link CircuitBreakerConfig#builder()}. */
        public Builder() {
        }

        /**
         * @param v whether the breaker runs
         * @return this builder
         */
        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /**
         * @param v the sliding window
         * @return this builder
         */
        public Builder window(Duration v) {
            window = v;
            return this;
        }

        /**
         * @param v buckets in the window
         * @return this builder
         */
        public Builder windowBuckets(int v) {
            windowBuckets = v;
            return this;
        }

        /**
         * @param v the fewest streams for the rate to count
         * @return this builder
         */
        public Builder minSamples(long v) {
            minSamples = v;
            return this;
        }

        /**
         * @param v the threshold at load factor 1 and RTT 0
         * @return this builder
         */
        public Builder baseThreshold(double v) {
            baseThreshold = v;
            return this;
        }

        /**
         * @param min the lower clamp of the threshold
         * @param max the upper clamp of the threshold
         * @return this builder
         */
        public Builder thresholdClamp(double min, double max) {
            minThreshold = min;
            maxThreshold = max;
            return this;
        }

        /**
         * @param v the RTT that doubles the threshold
         * @return this builder
         */
        public Builder rttScale(Duration v) {
            rttScale = v;
            return this;
        }

        /**
         * @param min the lower clamp of the load factor
         * @param max the upper clamp of the load factor
         * @return this builder
         */
        public Builder loadFactorClamp(double min, double max) {
            minLoadFactor = min;
            maxLoadFactor = max;
            return this;
        }

        /**
         * @param v requests in flight at load factor 1
         * @return this builder
         */
        public Builder capacity(long v) {
            capacity = v;
            return this;
        }

        /**
         * @param v the recovery level as a fraction of the threshold
         * @return this builder
         */
        public Builder recoveryRatio(double v) {
            recoveryRatio = v;
            return this;
        }

        /**
         * @param v how long below the recovery level before HEALTHY
         * @return this builder
         */
        public Builder cooldown(Duration v) {
            cooldown = v;
            return this;
        }

        /**
         * @param v how long above the threshold before BLOCKED
         * @return this builder
         */
        public Builder blockAfter(Duration v) {
            blockAfter = v;
            return this;
        }

        /**
         * @param v the fraction of capacity above which DEGRADED sheds
         * @return this builder
         */
        public Builder sheddingFraction(double v) {
            sheddingFraction = v;
            return this;
        }

        /**
         * @param v the Retry-After of 503 answers
         * @return this builder
         */
        public Builder retryAfter(Duration v) {
            retryAfter = v;
            return this;
        }

        /**
         * @param v paths always served
         * @return this builder
         */
        public Builder healthPaths(Set<String> v) {
            healthPaths = v;
            return this;
        }

        /**
         * @param v the health check, or {@code null} for none
         * @return this builder
         */
        public Builder healthCheck(BooleanSupplier v) {
            healthCheck = v;
            return this;
        }

        /**
         * @param v how often the health check runs while BLOCKED
         * @return this builder
         */
        public Builder healthCheckInterval(Duration v) {
            healthCheckInterval = v;
            return this;
        }

        /**
         * @param v how often the breaker evaluates
         * @return this builder
         */
        public Builder evaluationInterval(Duration v) {
            evaluationInterval = v;
            return this;
        }

        /** @return the checked configuration */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(enabled, window, windowBuckets, minSamples, baseThreshold, minThreshold,
                    maxThreshold, rttScale, minLoadFactor, maxLoadFactor, capacity, recoveryRatio, cooldown,
                    blockAfter, sheddingFraction, retryAfter, healthPaths, healthCheck, healthCheckInterval,
                    evaluationInterval);
        }
    }
}
