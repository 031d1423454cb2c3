package io.quic4j.transport.connection;

/**
 * The idle timeout and keep-alive of RFC 9000 §10.1: the effective timeout is the smaller non-zero
 * max_idle_timeout of the two endpoints, at least three PTOs; the timer restarts when a packet from the
 * peer is processed, and when an ack-eliciting packet is sent if none was sent since the last receipt.
 * Keep-alive sends a PING after a quiet period, which restarts both ends' timers.
 */
final class IdleTimer {
    private final long localTimeout;
    private final long keepAlivePeriod;
    private long effectiveTimeout;
    private long lastActivity;
    private boolean ackElicitingSentSinceReceive;
    private long lastKeepAlive;

    /**
     * @param localTimeoutNanos our max_idle_timeout, 0 for none
     * @param keepAliveNanos keep-alive period, 0 for none
     * @param now creation time
     */
    IdleTimer(long localTimeoutNanos, long keepAliveNanos, long now) {
        this.localTimeout = localTimeoutNanos;
        this.keepAlivePeriod = keepAliveNanos;
        this.effectiveTimeout = localTimeoutNanos;
        this.lastActivity = now;
        this.lastKeepAlive = now;
    }

    /**
     * RFC 9000 §10.1: "the effective value at an endpoint is computed as the minimum of the two
     * advertised values (or the sole advertised value, if only one endpoint advertises a non-zero value)".
     *
     * @param peerTimeoutNanos the peer's max_idle_timeout, 0 for none
     */
    void onPeerTimeout(long peerTimeoutNanos) {
        if (localTimeout == 0) {
            effectiveTimeout = peerTimeoutNanos;
        } else if (peerTimeoutNanos != 0) {
            effectiveTimeout = Math.min(localTimeout, peerTimeoutNanos);
        }
    }

    void onPacketReceived(long now) {
        lastActivity = now;
        lastKeepAlive = now;
        ackElicitingSentSinceReceive = false;
    }

    void onAckElicitingSent(long now) {
        if (!ackElicitingSentSinceReceive) {
            lastActivity = now;
            ackElicitingSentSinceReceive = true;
        }
        lastKeepAlive = now;
    }

    /**
     * @param pto the current PTO, for the three-PTO floor
     * @return when the connection times out, or {@code Long.MAX_VALUE}
     */
    long deadline(long pto) {
        if (effectiveTimeout == 0) {
            return Long.MAX_VALUE;
        }
        // RFC 9000 §10.1: "endpoints MUST increase the idle timeout period to be at least three times the
        // current Probe Timeout (PTO)".
        return lastActivity + Math.max(effectiveTimeout, 3 * pto);
    }

    /** @return when a keep-alive PING is due, or {@code Long.MAX_VALUE} */
    long keepAliveDeadline() {
        return keepAlivePeriod == 0 ? Long.MAX_VALUE : lastKeepAlive + keepAlivePeriod;
    }

    /** A keep-alive was queued; do not queue another until the period passes again. */
    void onKeepAliveQueued(long now) {
        lastKeepAlive = now;
    }
}
