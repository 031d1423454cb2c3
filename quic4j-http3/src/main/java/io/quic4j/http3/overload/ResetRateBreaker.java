package io.quic4j.http3.overload;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The reset-rate circuit breaker's state machine (DESIGN.md §5, from seeds/003 §4.3), pure: time is a {@code long}
 * of nanoseconds passed in (never read), no threads, no locks; one owner calls it. Deterministic, so a test drives
 * it through every transition with a simulated clock.
 *
 * <p>Streams are counted with {@link #record}; the load factor and RTT arrive with {@link #inputs}; transitions
 * happen only in {@link #evaluate}, {@link #operatorReset} and {@link #healthCheckPassed}. "Continuously" is judged
 * at the evaluations: the cooldown (or the block-after period) runs from the first evaluation that found the rate
 * below {@code threshold × recoveryRatio} (above the threshold), and restarts at any evaluation that does not.
 * With fewer than {@code minSamples} streams in the window the rate is no evidence: it never trips the breaker and
 * counts as recovered. Comparisons are strict: a rate exactly at the threshold does not trip, a rate exactly at
 * the recovery level does not recover.
 *
 * <pre>{@code
 * ResetRateBreaker b = new ResetRateBreaker(CircuitBreakerConfig.defaults(), now);
 * b.inputs(1.0, 20);                         // load factor, smoothed RTT in ms
 * b.record(now, 100, 30);                    // 100 streams ended, 30 by a client reset
 * b.evaluate(now).ifPresent(t -> log(t));    // HEALTHY -> DEGRADED
 * }</pre>
 */
public final class ResetRateBreaker {
    private final CircuitBreakerConfig config;
    private final ResetWindow window;
    private final long cooldownNanos;
    private final long blockAfterNanos;
    private CircuitBreakerState state = CircuitBreakerState.HEALTHY;
    private long now;
    private long stateSince;
    private double loadFactor;
    private double rttMillis;
    /** DEGRADED: whether the rate has been below the recovery level at every evaluation since {@link #belowSince}. */
    private boolean below;
    private long belowSince;
    /** DEGRADED: whether the rate has been above the threshold at every evaluation since {@link #overSince}. */
    private boolean over;
    private long overSince;
    private long toDegraded;
    private long toHealthy;
    private long toBlocked;

    /**
     * Starts HEALTHY with an empty window, load factor 1 (clamped) and RTT 0.
     *
     * @param config the settings
     * @param now the current time
     */
    public ResetRateBreaker(CircuitBreakerConfig config, long now) {
        this.config = config;
        this.window = new ResetWindow(config.window().toNanos() / config.windowBuckets(), config.windowBuckets(),
                now);
        this.cooldownNanos = config.cooldown().toNanos();
        this.blockAfterNanos = config.blockAfter().toNanos();
        this.now = now;
        this.stateSince = now;
        this.loadFactor = clampLoad(1.0);
    }

    /**
     * The dynamic threshold: {@code clamp(minThreshold, maxThreshold, baseThreshold × loadFactor × (1 + rtt /
     * rttScale))}.
     *
     * @param config the settings
     * @param loadFactor the load factor (clamped to the configured range here)
     * @param rttMillis the smoothed RTT in milliseconds, 0 or more
     * @return the threshold, within {@code [minThreshold, maxThreshold]}
     */
    public static double threshold(CircuitBreakerConfig config, double loadFactor, double rttMillis) {
        double load = Math.clamp(loadFactor, config.minLoadFactor(), config.maxLoadFactor());
        double scaleMillis = config.rttScale().toNanos() / 1e6;
        double raw = config.baseThreshold() * load * (1 + Math.max(0, rttMillis) / scaleMillis);
        // min(max, max(min, raw)); NaN cannot arise from the checked inputs
        return Math.min(config.maxThreshold(), Math.max(config.minThreshold(), raw));
    }

    /**
     * The load factor: requests in flight over the whole server / the capacity it is sized for, clamped to
     * {@code [minLoadFactor, maxLoadFactor]} (seeds/003 §4.3's "queue pressure", 0.8 to 2.0 by default).
     *
     * @param config the settings
     * @param inFlight requests in flight now
     * @return the clamped load factor
     */
    public static double loadFactor(CircuitBreakerConfig config, long inFlight) {
        return Math.clamp((double) Math.max(0, inFlight) / config.capacity(), config.minLoadFactor(),
                config.maxLoadFactor());
    }

    private double clampLoad(double v) {
        return Math.clamp(v, config.minLoadFactor(), config.maxLoadFactor());
    }

    private long tick(long t) {
        // time never goes backwards here: an earlier reading counts as the latest
        now = Math.max(now, t);
        window.advance(now);
        return now;
    }

    /**
     * Counts request streams that ended.
     *
     * @param t when they ended
     * @param ended how many ended
     * @param resets of those, how many the client reset (0 to {@code ended})
     */
    public void record(long t, long ended, long resets) {
        window.add(tick(t), ended, resets);
    }

    /**
     * Sets what the threshold depends on.
     *
     * @param load the load factor, clamped to the configured range (see {@link #loadFactor})
     * @param smoothedRttMillis the smoothed RTT in milliseconds; negative counts as 0
     * @throws IllegalArgumentException if either is not a number
     */
    public void inputs(double load, double smoothedRttMillis) {
        if (Double.isNaN(load) || Double.isNaN(smoothedRttMillis)) {
            throw new IllegalArgumentException("load factor and RTT must be numbers, were " + load + " and "
                    + smoothedRttMillis);
        }
        loadFactor = clampLoad(load);
        rttMillis = Math.min(Math.max(0, smoothedRttMillis), 1e9);
    }

    /** @return the current threshold */
    public double threshold() {
        return threshold(config, loadFactor, rttMillis);
    }

    /** @return the current state */
    public CircuitBreakerState state() {
        return state;
    }

    /**
     * Slides the window to {@code t} and applies the transition the numbers call for, if any.
     *
     * @param t the current time
     * @return the transition made, if one was
     */
    public Optional<CircuitBreakerTransition> evaluate(long t) {
        tick(t);
        long ended = window.ended();
        double rate = window.rate();
        double threshold = threshold();
        boolean evidence = ended >= config.minSamples();
        boolean isOver = evidence && rate > threshold;
        double recovery = threshold * config.recoveryRatio();
        boolean isBelow = !evidence || rate < recovery;
        switch (state) {
            case HEALTHY -> {
                if (isOver) {
                    over = true;
                    overSince = now;
                    below = false;
                    return Optional.of(move(CircuitBreakerState.DEGRADED, "reset rate " + numbers() + " is above"
                            + " the threshold " + f(threshold) + inputsText()));
                }
            }
            case DEGRADED -> {
                if (isOver) {
                    below = false;
                    if (!over) {
                        over = true;
                        overSince = now;
                    }
                    if (now - overSince >= blockAfterNanos) {
                        return Optional.of(move(CircuitBreakerState.BLOCKED, "reset rate " + numbers()
                                + " stayed above the threshold " + f(threshold) + " for " + d(now - overSince)
                                + inputsText()));
                    }
                } else if (isBelow) {
                    over = false;
                    if (!below) {
                        below = true;
                        belowSince = now;
                    }
                    if (now - belowSince >= cooldownNanos) {
                        return Optional.of(move(CircuitBreakerState.HEALTHY, "reset rate " + numbers()
                                + " stayed below " + f(recovery) + " (threshold × " + config.recoveryRatio()
                                + ") for " + d(now - belowSince) + inputsText()));
                    }
                } else {
                    // between the recovery level and the threshold: neither period runs
                    over = false;
                    below = false;
                }
            }
            case BLOCKED -> {
                // only an operator or a health check leaves BLOCKED
            }
        }
        return Optional.empty();
    }

    /**
     * The operator's action: HEALTHY from any state, with a fresh window.
     *
     * @param t the current time
     * @param reason who and why
     * @return the transition, empty if already HEALTHY (the window is cleared either way)
     */
    public Optional<CircuitBreakerTransition> operatorReset(long t, String reason) {
        tick(t);
        return toHealthyFresh("operator reset: " + reason);
    }

    /**
     * A health check passed: BLOCKED returns to HEALTHY with a fresh window; in any other state nothing happens.
     *
     * @param t the current time
     * @return the transition, if one was made
     */
    public Optional<CircuitBreakerTransition> healthCheckPassed(long t) {
        tick(t);
        if (state != CircuitBreakerState.BLOCKED) {
            return Optional.empty();
        }
        return toHealthyFresh("the health check passed");
    }

    private Optional<CircuitBreakerTransition> toHealthyFresh(String reason) {
        String text = reason + " (window had " + numbers() + ")";
        window.clear();
        below = false;
        over = false;
        return state == CircuitBreakerState.HEALTHY
                ? Optional.empty()
                : Optional.of(move(CircuitBreakerState.HEALTHY, text));
    }

    private CircuitBreakerTransition move(CircuitBreakerState to, String reason) {
        CircuitBreakerState from = state;
        state = to;
        stateSince = now;
        switch (to) {
            case HEALTHY -> toHealthy++;
            case DEGRADED -> toDegraded++;
            case BLOCKED -> toBlocked++;
        }
        return new CircuitBreakerTransition(from, to, now, reason, snapshot(now));
    }

    /**
     * @param t the current time
     * @return the numbers now
     */
    public CircuitBreakerSnapshot snapshot(long t) {
        tick(t);
        return new CircuitBreakerSnapshot(state, window.rate(), threshold(), loadFactor, rttMillis, window.ended(),
                window.resets(), Duration.ofNanos(now - stateSince), toDegraded, toHealthy, toBlocked);
    }

    private String numbers() {
        return f(window.rate()) + " (" + window.resets() + " of " + window.ended() + " streams reset in "
                + config.window().toSeconds() + " s)";
    }

    private String inputsText() {
        return ", load factor " + f(loadFactor) + ", smoothed RTT " + String.format(Locale.ROOT, "%.1f", rttMillis)
                + " ms";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String d(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
