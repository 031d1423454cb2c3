package io.quic4j.http3.server;

/**
 * Counts one connection's request streams that ended reset, over a sliding window, to catch a client that resets
 * streams far faster than it lets them complete (HTTP/3 "rapid reset", CVE-2023-44487) or that provokes the server
 * into resetting them ("made you reset"). Holds the times of the last {@code max} resets, so its memory is fixed.
 * Time is passed in (nanoseconds); not thread-safe: the connection's loop owns it.
 *
 * <pre>{@code
 * ResetBudget budget = new ResetBudget(200, Duration.ofSeconds(10).toNanos());
 * if (!budget.record(System.nanoTime())) { close(H3_EXCESSIVE_LOAD); }
 * }</pre>
 */
final class ResetBudget {
    private final long[] times;
    private final long windowNanos;
    private int next;
    private long count;

    /**
     * @param max the most resets allowed within the window, at least 1
     * @param windowNanos the window, positive
     */
    ResetBudget(int max, long windowNanos) {
        if (max < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("max must be at least 1 and the window positive, were " + max + ", "
                    + windowNanos);
        }
        this.times = new long[max];
        this.windowNanos = windowNanos;
    }

    /**
     * Records one reset.
     *
     * @param now the time, in nanoseconds of any fixed origin
     * @return false if this reset is one more than {@code max} within the window
     */
    boolean record(long now) {
        // The slot about to be overwritten holds the reset max resets ago: within the window means max + 1 of them.
        boolean over = count >= times.length && now - times[next] < windowNanos;
        times[next] = now;
        next = (next + 1) % times.length;
        count++;
        return !over;
    }

    /** @return the resets recorded so far */
    long count() {
        return count;
    }
}
