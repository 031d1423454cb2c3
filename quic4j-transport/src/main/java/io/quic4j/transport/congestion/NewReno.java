package io.quic4j.transport.congestion;

/**
 * The NewReno controller of RFC 9002 §7 and Appendix B: slow start, one halving per recovery period,
 * and additive increase of one maximum datagram size per window acknowledged.
 *
 * <p>Congestion avoidance counts acknowledged bytes (RFC 3465 §2.1) instead of adding
 * {@code max_datagram_size * acked / cwnd} per packet, whose integer division would round small
 * increments down to nothing on large windows.
 */
public final class NewReno extends WindowBase {

    /** RFC 9002 Appendix B.1 kLossReductionFactor, as a fraction: 1/2. */
    private static final int LOSS_REDUCTION_DIVISOR = 2;

    /** RFC 3465 §2.1 bytes_acked: bytes acknowledged in congestion avoidance not yet turned into window. */
    private long bytesAcked;

    /**
     * @param maxDatagramSize the sender's maximum datagram size, at least 1200
     * @throws IllegalArgumentException if the size is below 1200
     */
    public NewReno(int maxDatagramSize) {
        super(maxDatagramSize);
    }

    @Override
    void onCongestionAvoidanceAck(long now, int bytes, long smoothedRtt, long minRtt) {
        // RFC 9002 §7.3.3: at most one maximum datagram size per congestion window acknowledged.
        bytesAcked += bytes;
        if (bytesAcked >= congestionWindow) {
            bytesAcked -= congestionWindow;
            congestionWindow += maxDatagramSize;
        }
    }

    @Override
    void reduceWindow(long now) {
        // RFC 9002 Appendix B.6: ssthresh = cwnd * kLossReductionFactor; cwnd = max(ssthresh, kMinimumWindow).
        ssthresh = congestionWindow / LOSS_REDUCTION_DIVISOR;
        congestionWindow = Math.max(ssthresh, minimumWindow());
        bytesAcked = 0;
    }

    @Override
    void onWindowCollapsed() {
        bytesAcked = 0;
    }

    @Override
    void onReset() {
        // Nothing beyond the shared state.
    }

    @Override
    public String toString() {
        return "NewReno[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + ", inFlight=" + bytesInFlight() + "]";
    }
}
