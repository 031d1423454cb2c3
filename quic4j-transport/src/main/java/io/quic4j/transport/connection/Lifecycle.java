package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import java.nio.charset.StandardCharsets;

/**
 * How a connection ends (RFC 9000 §10): immediate close by us (closing period) or by the peer (draining
 * period), idle timeout (§10.1), the handshake timeout, and keep-alive PINGs that keep the idle timer
 * from firing. Timers here are read by {@link Connection#nextTimeout()}.
 */
final class Lifecycle {
    /** Longest reason phrase we send; the rest is cut so a close always fits in a packet. */
    static final int MAX_REASON_BYTES = 512;

    private final ConnectionState s;
    private boolean closedEventSent;

    Lifecycle(ConnectionState state) {
        this.s = state;
    }

    /** We detected an error: close with its transport code and frame type. */
    void onError(QuicTransportException e, long now) {
        ConnectionCloseFrame frame = ConnectionCloseFrame.transport(e.code(), e.frameType(), trim(e.getMessage()));
        closeWith(new CloseReason(CloseReason.Kind.LOCAL, false, e.code(), e.frameType(), e.getMessage()), frame, now);
    }

    void closeTransport(TransportError error, String reason, long now) {
        ConnectionCloseFrame frame = ConnectionCloseFrame.transport(error, 0, trim(reason));
        closeWith(CloseReason.transport(CloseReason.Kind.LOCAL, error, reason), frame, now);
    }

    void closeApplication(long code, String reason, long now) {
        ConnectionCloseFrame frame = ConnectionCloseFrame.application(code, trim(reason));
        closeWith(new CloseReason(CloseReason.Kind.LOCAL, true, code, 0, reason), frame, now);
    }

    private void closeWith(CloseReason reason, ConnectionCloseFrame frame, long now) {
        if (s.close.close(reason, frame, now, s.threePto())) {
            ConnectionLog.debug(s, () -> "closing: " + reason);
            s.emit(new ConnectionEvent.Closing(reason));
            s.tracer.connectionClosed(reason, now);
            s.tracer.stateUpdated(ConnectionTracer.State.CLOSING, now);
        }
    }

    /** RFC 9000 §10.2.2: the peer's CONNECTION_CLOSE starts the draining period. */
    void onPeerClose(ConnectionCloseFrame c, long now) {
        CloseReason reason = new CloseReason(CloseReason.Kind.PEER, c.application(), c.errorCode(), c.frameType(),
                c.reason());
        if (s.close.drain(reason, now, s.threePto())) {
            ConnectionLog.debug(s, () -> "draining: " + reason);
            s.emit(new ConnectionEvent.Closing(reason));
            s.tracer.connectionClosed(reason, now);
            s.tracer.stateUpdated(ConnectionTracer.State.DRAINING, now);
        }
    }

    /** RFC 9000 §10.3.1: a stateless reset from the peer: drain, sending nothing. */
    void onStatelessReset(long now) {
        CloseReason reason = new CloseReason(CloseReason.Kind.STATELESS_RESET, false, 0, 0, "stateless reset");
        if (s.close.drain(reason, now, s.threePto())) {
            s.emit(new ConnectionEvent.Closing(reason));
            s.tracer.connectionClosed(reason, now);
            s.tracer.stateUpdated(ConnectionTracer.State.DRAINING, now);
        }
    }

    /** Ends the connection at once, without a closing period (idle timeout, handshake timeout, VN). */
    void closeSilently(CloseReason reason, long now) {
        if (s.close.closeSilently(reason)) {
            ConnectionLog.debug(s, () -> "closed: " + reason);
            s.tracer.connectionClosed(reason, now);
            emitClosed(now);
        }
    }

    long nextTimeout() {
        if (s.close.phase() == CloseState.Phase.CLOSED) {
            return Long.MAX_VALUE;
        }
        long t = s.close.endTime();
        if (!s.close.isOpen()) {
            return t;
        }
        t = Math.min(t, s.idle.deadline(s.pto()));
        if (!s.handshakeComplete) {
            t = Math.min(t, s.handshakeDeadline);
        }
        if (s.handshakeConfirmed) {
            t = Math.min(t, s.idle.keepAliveDeadline());
        }
        if (s.oneRtt != null) {
            t = Math.min(t, s.oneRtt.discardTime());
        }
        return t;
    }

    void onTimeout(long now) {
        if (s.close.onTimeout(now)) {
            emitClosed(now);
            return;
        }
        if (!s.close.isOpen()) {
            return;
        }
        if (now >= s.idle.deadline(s.pto())) {
            // RFC 9000 §10.1: the connection "is silently closed and its state is discarded".
            closeSilently(new CloseReason(CloseReason.Kind.IDLE_TIMEOUT, false, TransportError.NO_ERROR.code(), 0,
                    "idle timeout"), now);
            return;
        }
        if (!s.handshakeComplete && now >= s.handshakeDeadline) {
            closeSilently(new CloseReason(CloseReason.Kind.HANDSHAKE_TIMEOUT, false,
                    TransportError.NO_ERROR.code(), 0, "handshake timeout"), now);
            return;
        }
        if (s.handshakeConfirmed && now >= s.idle.keepAliveDeadline()) {
            s.control.queuePing();
            s.idle.onKeepAliveQueued(now);
        }
        if (s.oneRtt != null) {
            s.oneRtt.onTimeout(now);
        }
    }

    private void emitClosed(long now) {
        if (!closedEventSent) {
            closedEventSent = true;
            s.emit(new ConnectionEvent.Closed(s.close.reason()));
            s.tracer.stateUpdated(ConnectionTracer.State.CLOSED, now);
        }
    }

    private static String trim(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        return new String(b, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8);
    }
}
