package io.quic4j.transport;

import java.util.Objects;

/**
 * Why a connection ended, as {@link QuicConnection#closeFuture()} reports it.
 *
 * <pre>{@code
 * connection.closeFuture().thenAccept(r -> System.out.println(r.initiator() + " " + r.errorCode()));
 * }</pre>
 *
 * @param initiator who or what ended it
 * @param application whether {@code errorCode} is an application error code (CONNECTION_CLOSE 0x1d)
 *            rather than a transport error code (0x1c, {@link TransportError})
 * @param errorCode the error code
 * @param reason the reason phrase, possibly empty
 */
public record QuicCloseReason(Initiator initiator, boolean application, long errorCode, String reason) {

    /** Who or what ended the connection. */
    public enum Initiator {
        /** This side closed it: the application, or an error this side detected. */
        LOCAL,
        /** The peer sent CONNECTION_CLOSE. */
        PEER,
        /** Nothing was heard for the idle timeout (RFC 9000 §10.1). */
        IDLE_TIMEOUT,
        /** The handshake did not finish within the handshake timeout. */
        HANDSHAKE_TIMEOUT,
        /** The peer sent a stateless reset (RFC 9000 §10.3): it lost the connection's state. */
        STATELESS_RESET,
        /** No version both sides support (RFC 9000 §6). */
        VERSION_NEGOTIATION
    }

    /** Checks the fields. */
    public QuicCloseReason {
        Objects.requireNonNull(initiator, "initiator");
        reason = reason == null ? "" : reason;
    }

    /** @return whether it ended without error: transport NO_ERROR, or an application close with code 0 */
    public boolean isClean() {
        return errorCode == 0 && initiator != Initiator.STATELESS_RESET && initiator != Initiator.HANDSHAKE_TIMEOUT
                && initiator != Initiator.VERSION_NEGOTIATION;
    }

    @Override
    public String toString() {
        boolean known = errorCode >= 0 && errorCode <= 0x1ff && (errorCode <= 0x11 || errorCode >= 0x100);
        String code = application
                ? "application error 0x" + Long.toHexString(errorCode)
                : known
                        ? TransportError.fromCode(errorCode).toString()
                        : "transport error 0x" + Long.toHexString(errorCode);
        return initiator + " " + code + (reason.isEmpty() ? "" : " \"" + reason + "\"");
    }
}
