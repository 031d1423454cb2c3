package io.quic4j.transport.congestion;

/**
 * A congestion controller (RFC 9002 §7): decides how many bytes may be in flight. The connection
 * calls it with what loss detection found; it never sees packets, frames or a clock of its own. Times
 * are nanoseconds on the caller's clock.
 *
 * <p>Only packets that count as in flight (RFC 9002 §2: ack-eliciting or carrying PADDING) are
 * reported; a packet of nothing but ACK frames never reaches the controller.
 *
 * <p>Implementations: {@link NewReno} (RFC 9002 Appendix B) and {@link Cubic} (RFC 9438, the default).
 */
public interface CongestionController {

    /**
     * RFC 9002 §7.2: the initial window, ten datagrams capped at 14720 bytes and at least two.
     *
     * @param maxDatagramSize the sender's maximum datagram size, at least 1200
     * @return the initial congestion window in bytes
     */
    static long initialWindow(int maxDatagramSize) {
        return Math.min(10L * maxDatagramSize, Math.max(14_720L, 2L * maxDatagramSize));
    }

    /**
     * RFC 9002 §7.2: the minimum window, two datagrams.
     *
     * @param maxDatagramSize the sender's maximum datagram size
     * @return the minimum congestion window in bytes
     */
    static long minimumWindow(int maxDatagramSize) {
        return 2L * maxDatagramSize;
    }

    /** @return the congestion window in bytes */
    long congestionWindow();

    /**
     * @return the slow start threshold in bytes, {@link Long#MAX_VALUE} while it is infinite (RFC 9002
     *         Appendix B.3), for qlog and statistics
     */
    long slowStartThreshold();

    /** @return bytes sent in in-flight packets that are neither acknowledged, lost nor discarded */
    long bytesInFlight();

    /**
     * @return bytes that may still be sent before the window is full, 0 if it is (RFC 9002 §7: a
     *         sender MUST NOT send more than the window, probes excepted)
     */
    default long availableWindow() {
        return Math.max(0, congestionWindow() - bytesInFlight());
    }

    /**
     * A packet that counts as in flight was sent.
     *
     * @param now the send time
     * @param bytes its size, QUIC header and AEAD tag included, UDP/IP excluded
     */
    void onPacketSent(long now, int bytes);

    /**
     * An in-flight packet was newly acknowledged (RFC 9002 Appendix B.5, OnPacketAcked).
     *
     * @param now the time the acknowledgment was processed
     * @param bytes the packet's size
     * @param timeSent when it was sent
     * @param appLimited whether the sender was application- or flow-control-limited, so the window
     *        must not grow (RFC 9002 §7.8)
     * @param smoothedRtt the current smoothed RTT in nanoseconds, for controllers that need it
     * @param minRtt the current minimum RTT in nanoseconds
     */
    void onPacketAcked(long now, int bytes, long timeSent, boolean appLimited, long smoothedRtt, long minRtt);

    /**
     * In-flight packets were declared lost (RFC 9002 Appendix B.8, OnPacketsLost), or the peer
     * reported an increased ECN-CE count (B.7): a congestion event, unless one already covers
     * {@code largestTimeSent}.
     *
     * @param now the time of detection
     * @param largestTimeSent the send time of the newest packet lost (or of the largest acknowledged
     *        packet, for ECN)
     */
    void onCongestionEvent(long now, long largestTimeSent);

    /**
     * Removes a lost packet from bytes in flight. Call for each lost in-flight packet, before
     * {@link #onCongestionEvent}.
     *
     * @param bytes the packet's size
     */
    void onPacketLost(int bytes);

    /**
     * Persistent congestion was established (RFC 9002 §7.6.2): the window collapses to the minimum.
     *
     * @param now the time of detection
     */
    void onPersistentCongestion(long now);

    /**
     * Removes packets whose keys were discarded, or that were abandoned, from bytes in flight without
     * treating them as lost (RFC 9002 Appendix B.9).
     *
     * @param bytes the packet's size
     */
    void onPacketDiscarded(int bytes);

    /**
     * The path's maximum datagram size changed (RFC 9002 §7.2, DPLPMTUD). Later window arithmetic uses
     * the new size, and the window never stays below the new minimum window. If the size decreased
     * to complete the handshake, call {@link #reset()} too, which sets the new initial window.
     *
     * @param maxDatagramSize the new maximum datagram size, at least 1200
     */
    void onMaxDatagramSizeChanged(int maxDatagramSize);

    /**
     * Starts over with the initial window and no congestion history, as after a change of path
     * (RFC 9000 §9.4), keeping bytes in flight.
     */
    void reset();

    /**
     * @param timeSent a packet's send time
     * @return whether the packet was sent during the current recovery period (RFC 9002 §7.3.2)
     */
    boolean inRecovery(long timeSent);
}
