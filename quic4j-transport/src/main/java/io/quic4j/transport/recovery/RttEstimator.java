package io.quic4j.transport.recovery;

/**
 * The round-trip time estimate of one path (RFC 9002 §5): latest_rtt, min_rtt, smoothed_rtt and
 * rttvar. Times are nanoseconds on the caller's clock; the estimator never reads one.
 *
 * <pre>{@code
 * RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
 * rtt.update(ackTime - sentTimeOfLargestAcked, ackDelayNanos, handshakeConfirmed, peerMaxAckDelayNanos);
 * long pto = rtt.smoothedRtt() + Math.max(4 * rtt.rttVar(), RttEstimator.GRANULARITY_NANOS);
 * }</pre>
 */
public final class RttEstimator {
    /** RFC 9002 §6.2.2: kInitialRtt, 333 ms. */
    public static final long INITIAL_RTT_NANOS = 333_000_000L;

    /** RFC 9002 §6.1.2: kGranularity, the system timer granularity, 1 ms. */
    public static final long GRANULARITY_NANOS = 1_000_000L;

    private final long initialRtt;
    private long latestRtt;
    private long minRtt;
    private long smoothedRtt;
    private long rttVar;
    private boolean hasSample;

    /**
     * @param initialRttNanos the RTT to assume before the first sample (RFC 9002 §6.2.2), positive
     */
    public RttEstimator(long initialRttNanos) {
        if (initialRttNanos <= 0) {
            throw new IllegalArgumentException("initial RTT must be positive, was " + initialRttNanos + " ns");
        }
        this.initialRtt = initialRttNanos;
        reset();
    }

    /**
     * Forgets every sample, as on a new path (RFC 9000 §9.4, RFC 9002 §5.3).
     */
    public void reset() {
        latestRtt = 0;
        minRtt = 0;
        smoothedRtt = initialRtt;
        rttVar = initialRtt / 2;
        hasSample = false;
    }

    /**
     * Takes an RTT sample (RFC 9002 §5.1-§5.3). The caller only calls this when the ACK newly
     * acknowledges the largest acknowledged packet and at least one ack-eliciting packet (§5.1).
     *
     * @param latestRttNanos ack time minus the send time of the largest acknowledged packet
     * @param ackDelayNanos the peer's decoded ACK Delay (0 for Initial packets, RFC 9002 §5.3)
     * @param handshakeConfirmed whether to cap the delay at the peer's max_ack_delay
     * @param maxAckDelayNanos the peer's max_ack_delay
     */
    public void update(long latestRttNanos, long ackDelayNanos, boolean handshakeConfirmed, long maxAckDelayNanos) {
        // A sample can only be negative if the caller's clock went backwards; treat it as the smallest
        // measurable RTT rather than corrupting the estimate.
        latestRtt = Math.max(latestRttNanos, 1);
        if (!hasSample) {
            // RFC 9002 §5.2, §5.3: the first sample after (re)initialization replaces all history.
            hasSample = true;
            minRtt = latestRtt;
            smoothedRtt = latestRtt;
            rttVar = latestRtt / 2;
            return;
        }
        minRtt = Math.min(minRtt, latestRtt);
        long ackDelay = Math.max(ackDelayNanos, 0);
        if (handshakeConfirmed) {
            // RFC 9002 §5.3: "MUST use the lesser of the acknowledgment delay and the peer's
            // max_ack_delay after the handshake is confirmed".
            ackDelay = Math.min(ackDelay, maxAckDelayNanos);
        }
        long adjusted = latestRtt;
        // RFC 9002 §5.3: "MUST NOT subtract the acknowledgment delay from the RTT sample if the
        // resulting value is smaller than the min_rtt".
        if (latestRtt >= minRtt + ackDelay) {
            adjusted = latestRtt - ackDelay;
        }
        rttVar = (3 * rttVar + Math.abs(smoothedRtt - adjusted)) / 4;
        smoothedRtt = (7 * smoothedRtt + adjusted) / 8;
    }

    /**
     * RFC 9002 §5.2: after persistent congestion, min_rtt restarts from the newest sample.
     */
    public void resetMinRttToLatest() {
        if (hasSample) {
            minRtt = latestRtt;
        }
    }

    /** @return whether any sample has been taken since construction or {@link #reset()} */
    public boolean hasSample() {
        return hasSample;
    }

    /** @return the most recent sample in nanoseconds, 0 before the first */
    public long latestRtt() {
        return latestRtt;
    }

    /** @return the smallest sample in nanoseconds, 0 before the first */
    public long minRtt() {
        return minRtt;
    }

    /** @return smoothed_rtt in nanoseconds (the initial RTT before the first sample) */
    public long smoothedRtt() {
        return smoothedRtt;
    }

    /** @return rttvar in nanoseconds */
    public long rttVar() {
        return rttVar;
    }
}
