package io.quic4j.transport.connection;

import io.quic4j.transport.TransportError;

/**
 * Why a connection ended.
 *
 * @param kind who or what ended it
 * @param application whether the code is an application error code (CONNECTION_CLOSE 0x1d) rather than a
 *            transport error code (0x1c)
 * @param errorCode the error code
 * @param frameType for a transport close, the frame type that caused it (0 if none)
 * @param reason the reason phrase, possibly empty
 */
public record CloseReason(Kind kind, boolean application, long errorCode, long frameType, String reason) {

    /** Who or what ended the connection. */
    public enum Kind {
        /** This endpoint closed it (a command, or an error it detected). */
        LOCAL,
        /** The peer sent CONNECTION_CLOSE. */
        PEER,
        /** The idle timeout expired (RFC 9000 §10.1). */
        IDLE_TIMEOUT,
        /** The handshake did not finish in time. */
        HANDSHAKE_TIMEOUT,
        /** The peer sent a stateless reset (RFC 9000 §10.3). */
        STATELESS_RESET,
        /** Version negotiation found no common version (RFC 9000 §6.2). */
        VERSION_NEGOTIATION
    }

    /** Checks the fields. */
    public CloseReason {
        java.util.Objects.requireNonNull(kind, "kind");
        reason = reason == null ? "" : reason;
    }

    /**
     * @param kind who or what
     * @param error a transport error
     * @param reason why
     * @return a transport-level reason
     */
    static CloseReason transport(Kind kind, TransportError error, String reason) {
        return new CloseReason(kind, false, error.code(), 0, reason);
    }

    /** @return whether this is a clean close: NO_ERROR at the transport level, or any application close */
    public boolean isNoError() {
        return !application && errorCode == TransportError.NO_ERROR.code();
    }
}
