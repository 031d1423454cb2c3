package io.quic4j.transport.endpoint;

/**
 * A token bucket on the caller's clock (nanoseconds passed in, DESIGN.md §2): {@code burst} tokens at most,
 * refilled at {@code perSecond}. One owner thread; no allocation per call.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private boolean started;

    /**
     * @param perSecond tokens added per second, more than 0
     * @param burst the most tokens held, at least 1; the bucket starts full at its first use
     */
    TokenBucket(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("need perSecond > 0 and burst >= 1, was " + perSecond + ", " + burst);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
    }

    /**
     * Takes a token if one is there.
     *
     * @param now the current time, nanoseconds (earlier than a previous call counts as no time passed)
     * @return whether a token was taken
     */
    boolean tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** @return whether the bucket would be full at {@code now}, so forgetting it loses nothing */
    boolean isFull(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        if (!started) {
            started = true;
            last = now;
            return;
        }
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = now;
        }
    }
}
