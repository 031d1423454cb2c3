package io.quic4j.http3.server;

import io.quic4j.http3.overload.ResetWindow;

/**
 * One connection's request streams that ended, and those of them that ended reset, over one sliding window: the
 * rapid-reset rule of DESIGN.md §5. A client that has more than {@code maxResets} streams end reset within the window
 * (it reset them, HTTP/3 "rapid reset", CVE-2023-44487, or provoked the server into resetting them, "made you reset")
 * while no more than {@code maxResets} of its streams completed normally in the same window resets far faster than
 * it completes, and is to be closed; a busy client that cancels a share of many requests is not. Both counts share
 * one {@link ResetWindow} of 10 buckets, so memory is fixed and "within the window" means the last 9/10 to 10/10 of
 * it. Time is passed in (nanoseconds); not thread-safe: the connection's loop owns it.
 *
 * <pre>{@code
 * ResetAccounting a = new ResetAccounting(200, Duration.ofSeconds(10).toNanos(), now);
 * a.completed(now);
 * if (a.reset(now)) { close(H3_EXCESSIVE_LOAD); }
 * }</pre>
 */
final class ResetAccounting {
    private static final int BUCKETS = 10;
    private final int maxResets;
    private final ResetWindow window;

    /**
     * @param maxResets the most resets allowed within the window, at least 1
     * @param windowNanos the window, positive
     * @param now the current time
     */
    ResetAccounting(int maxResets, long windowNanos, long now) {
        if (maxResets < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("maxResets must be at least 1 and the window positive, were "
                    + maxResets + ", " + windowNanos);
        }
        this.maxResets = maxResets;
        this.window = new ResetWindow(Math.max(1, windowNanos / BUCKETS), BUCKETS, now);
    }

    /**
     * Counts a request stream that completed without a reset.
     *
     * @param now the time
     */
    void completed(long now) {
        window.add(now, 1, 0);
    }

    /**
     * Counts a request stream that ended reset.
     *
     * @param now the time
     * @return whether the connection is now over the rule: more than {@code maxResets} resets in the window while
     *     no more than {@code maxResets} streams completed in it
     */
    boolean reset(long now) {
        window.add(now, 1, 1);
        return window.resets() > maxResets && window.ended() - window.resets() <= maxResets;
    }

    /** @return the resets within the window */
    long resets() {
        return window.resets();
    }

    /** @return the streams that completed without a reset within the window */
    long completions() {
        return window.ended() - window.resets();
    }
}
