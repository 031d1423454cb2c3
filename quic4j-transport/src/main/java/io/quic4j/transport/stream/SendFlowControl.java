package io.quic4j.transport.stream;

/**
 * Send-side credit for one stream or the whole connection (RFC 9000 §4.1): the peer's limit, from its
 * transport parameters and MAX_STREAM_DATA / MAX_DATA frames, and how much of it we used.
 *
 * <p>RFC 9000 §4.1: "A sender MUST ignore any MAX_STREAM_DATA or MAX_DATA frames that do not increase
 * flow control limits." When data waits only for credit the sender reports it once per limit
 * (STREAM_DATA_BLOCKED / DATA_BLOCKED, §4.1: "A sender SHOULD send a STREAM_DATA_BLOCKED or
 * DATA_BLOCKED frame to indicate to the receiver that it has data to write but is blocked by flow
 * control limits"); a lost report is repeated only while it is still true (§13.3).
 */
public final class SendFlowControl {
    private long limit;
    private long used;
    /** The limit at which a blocked report was last queued, -1 if none. */
    private long blockedReportedAt = -1;
    private boolean blockedPending;

    /** @param initialLimit the peer's initial limit (0 until transport parameters arrive) */
    public SendFlowControl(long initialLimit) {
        if (initialLimit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + initialLimit);
        }
        this.limit = initialLimit;
    }

    /**
     * Takes a new limit from the peer; smaller or equal values are ignored (RFC 9000 §4.1).
     *
     * @param newLimit the maximum from MAX_DATA / MAX_STREAM_DATA
     * @return whether the limit grew
     */
    public boolean update(long newLimit) {
        if (newLimit <= limit) {
            return false;
        }
        limit = newLimit;
        blockedPending = false;
        return true;
    }

    /** @return the credit left */
    public long available() {
        return limit - used;
    }

    /**
     * @param n bytes of new data sent
     * @throws IllegalStateException if that overruns the peer's limit: a bug in our code
     */
    public void consume(long n) {
        if (n < 0 || n > available()) {
            throw new IllegalStateException("sending " + n + " bytes overruns the peer's limit " + limit
                    + " (used " + used + ", RFC 9000 §4.1)");
        }
        used += n;
    }

    /**
     * Notes that data is waiting and there is no credit: queues a blocked report unless one was already
     * queued at this limit.
     */
    public void onBlocked() {
        if (available() == 0 && blockedReportedAt != limit) {
            blockedReportedAt = limit;
            blockedPending = true;
        }
    }

    /** @return the limit to report in a *_BLOCKED frame now (clearing it), or -1 */
    public long pollBlocked() {
        if (!blockedPending) {
            return -1;
        }
        blockedPending = false;
        return limit;
    }

    /** @return whether {@link #pollBlocked} would return a value */
    public boolean hasBlockedPending() {
        return blockedPending;
    }

    /** @param reportedLimit the limit in a lost *_BLOCKED frame: repeated only if still blocked there */
    public void onBlockedLost(long reportedLimit) {
        if (reportedLimit == limit && available() == 0) {
            blockedPending = true;
        }
    }

    /** @return the peer's limit */
    public long limit() {
        return limit;
    }

    /** @return the bytes of new data sent */
    public long used() {
        return used;
    }

    @Override
    public String toString() {
        return "SendFlowControl[limit=" + limit + ", used=" + used + "]";
    }
}
