package io.quic4j.http3.overload;

/**
 * A sliding window of two counters, streams ended and streams ended by a reset, kept in a ring of fixed time
 * buckets: memory is bounded by the bucket count, whatever the traffic. The window covers the bucket holding the
 * latest time plus the {@code buckets - 1} before it, so between {@code (buckets - 1) × width} and
 * {@code buckets × width} of history. Time is passed in and never goes backwards (an earlier time counts as the
 * latest). Single-threaded.
 *
 * <pre>{@code
 * ResetWindow w = new ResetWindow(1_000_000_000L, 10, now); // 10 buckets of 1 s
 * w.add(now, 1, 1);                                          // one stream, ended by a reset
 * double rate = (double) w.resets() / w.ended();
 * }</pre>
 */
public final class ResetWindow {
    private final long bucketNanos;
    private final long[] ended;
    private final long[] resets;
    private long latest;
    private long endedSum;
    private long resetSum;

    /**
     * @param bucketNanos each bucket's width, at least 1
     * @param buckets how many buckets, at least 1
     * @param now the current time
     */
    public ResetWindow(long bucketNanos, int buckets, long now) {
        if (bucketNanos < 1 || buckets < 1) {
            throw new IllegalArgumentException("bucketNanos and buckets must be at least 1, were " + bucketNanos
                    + " and " + buckets);
        }
        this.bucketNanos = bucketNanos;
        this.ended = new long[buckets];
        this.resets = new long[buckets];
        this.latest = Math.floorDiv(now, bucketNanos);
    }

    /**
     * Slides the window to {@code now}, dropping buckets that fell out of it.
     *
     * @param now the current time
     */
    public void advance(long now) {
        long index = Math.floorDiv(now, bucketNanos);
        if (index <= latest) {
            return;
        }
        int n = ended.length;
        if (index - latest >= n) {
            java.util.Arrays.fill(ended, 0);
            java.util.Arrays.fill(resets, 0);
            endedSum = 0;
            resetSum = 0;
        } else {
            for (long i = latest + 1; i <= index; i++) {
                int slot = (int) Math.floorMod(i, (long) n);
                endedSum -= ended[slot];
                resetSum -= resets[slot];
                ended[slot] = 0;
                resets[slot] = 0;
            }
        }
        latest = index;
    }

    /**
     * Counts streams that ended at {@code now}.
     *
     * @param now when
     * @param endedCount streams ended, 0 or more
     * @param resetCount of those, ended by a reset: 0 to {@code endedCount}
     */
    public void add(long now, long endedCount, long resetCount) {
        if (endedCount < 0 || resetCount < 0 || resetCount > endedCount) {
            throw new IllegalArgumentException("need 0 <= resets <= ended, was " + resetCount + " of " + endedCount);
        }
        advance(now);
        int slot = (int) Math.floorMod(latest, (long) ended.length);
        ended[slot] += endedCount;
        resets[slot] += resetCount;
        endedSum += endedCount;
        resetSum += resetCount;
    }

    /** Forgets everything counted so far. */
    public void clear() {
        java.util.Arrays.fill(ended, 0);
        java.util.Arrays.fill(resets, 0);
        endedSum = 0;
        resetSum = 0;
    }

    /** @return streams ended within the window */
    public long ended() {
        return endedSum;
    }

    /** @return streams ended by a reset within the window */
    public long resets() {
        return resetSum;
    }

    /** @return resets / ended, 0 when nothing ended */
    public double rate() {
        return endedSum == 0 ? 0 : (double) resetSum / endedSum;
    }
}
