package io.quic4j.transport.connection;

import io.quic4j.transport.wire.frame.ConnectionCloseFrame;

/**
 * The end of a connection (RFC 9000 §10.2): after we send CONNECTION_CLOSE we are <em>closing</em> and
 * answer further packets with the close again, at a bounded rate; after the peer's CONNECTION_CLOSE
 * (or a stateless reset) we are <em>draining</em> and send nothing. Either lasts three PTOs, then the
 * connection is closed. Idle timeout and a failed handshake timeout skip straight to closed.
 */
final class CloseState {
    enum Phase {
        OPEN, CLOSING, DRAINING, CLOSED
    }

    private Phase phase = Phase.OPEN;
    private CloseReason reason;
    private ConnectionCloseFrame frame;
    private long endTime = Long.MAX_VALUE;
    /** The closing period's length (three PTOs), kept to give an unsent close one more period. */
    private long period;
    private boolean sendPending;
    /** Whether our CONNECTION_CLOSE went out at least once. */
    private boolean closeSent;
    /** Whether the closing period was already extended once for a close still unsent. */
    private boolean extended;
    private int packetsSinceLastClose;
    private int closeThreshold = 1;

    Phase phase() {
        return phase;
    }

    boolean isOpen() {
        return phase == Phase.OPEN;
    }

    CloseReason reason() {
        return reason;
    }

    ConnectionCloseFrame frame() {
        return frame;
    }

    /**
     * Enters the closing state with the frame to repeat.
     *
     * @return false if the connection was already closing, draining or closed (a close never runs twice)
     */
    boolean close(CloseReason why, ConnectionCloseFrame closeFrame, long now, long threePto) {
        if (phase != Phase.OPEN) {
            return false;
        }
        phase = Phase.CLOSING;
        reason = why;
        frame = closeFrame;
        endTime = now + threePto;
        period = threePto;
        sendPending = true;
        return true;
    }

    /** RFC 9000 §10.2.2: the peer closed; we drain. Also used for stateless reset. */
    boolean drain(CloseReason why, long now, long threePto) {
        if (phase == Phase.DRAINING || phase == Phase.CLOSED) {
            return false;
        }
        boolean wasOpen = phase == Phase.OPEN;
        if (wasOpen) {
            reason = why;
        }
        phase = Phase.DRAINING;
        sendPending = false;
        // RFC 9000 §10.2.2: a closing endpoint that receives CONNECTION_CLOSE may enter draining; the
        // period does not restart.
        endTime = Math.min(endTime, now + threePto);
        return wasOpen;
    }

    /** Closes without a closing or draining period (idle timeout, handshake timeout). */
    boolean closeSilently(CloseReason why) {
        if (phase == Phase.CLOSED) {
            return false;
        }
        if (phase == Phase.OPEN) {
            reason = why;
        }
        phase = Phase.CLOSED;
        sendPending = false;
        endTime = Long.MAX_VALUE;
        return true;
    }

    /**
     * A packet arrived while closing. RFC 9000 §10.2.1: "An endpoint in the closing state sends a packet
     * containing a CONNECTION_CLOSE frame in response to any incoming packet that it attributes to the
     * connection", and "SHOULD limit the rate": we answer the 1st, 2nd, 4th, 8th... packet.
     */
    void onPacketWhileClosing() {
        if (phase != Phase.CLOSING) {
            return;
        }
        packetsSinceLastClose++;
        if (packetsSinceLastClose >= closeThreshold) {
            packetsSinceLastClose = 0;
            closeThreshold = Math.min(closeThreshold * 2, 1 << 10);
            sendPending = true;
        }
    }

    boolean sendPending() {
        return sendPending && phase == Phase.CLOSING;
    }

    void onCloseSent() {
        sendPending = false;
        closeSent = true;
    }

    /**
     * @return whether nothing is left for the closing or draining period to say: we are draining (we send nothing),
     *     or closing and our CONNECTION_CLOSE went out at least once, or closed
     */
    boolean goodbyeSaid() {
        return switch (phase) {
            case OPEN -> false;
            case CLOSING -> closeSent;
            case DRAINING, CLOSED -> true;
        };
    }

    long endTime() {
        return phase == Phase.CLOSING || phase == Phase.DRAINING ? endTime : Long.MAX_VALUE;
    }

    /**
     * Ends the closing or draining period when it is due. RFC 9000 §10.2.1: an endpoint in the closing state
     * "sends a packet containing a CONNECTION_CLOSE frame"; the peer only learns why from that frame, so a
     * closing period that is already over when the caller next runs timers (a close after a long stall, or a
     * PTO shorter than the wait before the next send) must not end before the close went out once. It then
     * lasts one more period from {@code now} (so the timer is not due again at once), and ends anyway after
     * that: a close that could not be sent in that time (say, blocked by the amplification limit, §8.1) does
     * not keep the connection forever.
     *
     * @return true if the closing or draining period just ended
     */
    boolean onTimeout(long now) {
        if (phase == Phase.CLOSING && now >= endTime && !closeSent && !extended) {
            extended = true;
            endTime = now + Math.max(1, period);
            return false;
        }
        if ((phase == Phase.CLOSING || phase == Phase.DRAINING) && now >= endTime) {
            phase = Phase.CLOSED;
            return true;
        }
        return false;
    }
}
