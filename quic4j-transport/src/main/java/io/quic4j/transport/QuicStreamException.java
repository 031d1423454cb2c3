package io.quic4j.transport;

import java.io.Serial;
import java.util.Objects;

/**
 * A stream operation cannot complete because one half of the stream ended abnormally: the peer reset it
 * (RESET_STREAM) or asked us to stop sending (STOP_SENDING), or this side cancelled or closed it.
 *
 * <pre>{@code
 * stream.read(buffer).exceptionally(e -> {
 *     if (e.getCause() instanceof QuicStreamException s && s.kind() == QuicStreamException.Kind.RESET_BY_PEER) {
 *         System.out.println("peer reset with " + s.errorCode());
 *     }
 *     return -1;
 * });
 * }</pre>
 */
public final class QuicStreamException extends QuicException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What ended the stream half. */
    public enum Kind {
        /** The peer reset its sending half (RESET_STREAM, RFC 9000 §19.4): unread data is gone. */
        RESET_BY_PEER,
        /** The peer no longer reads (STOP_SENDING, RFC 9000 §19.5); our sending half was reset. */
        STOPPED_BY_PEER,
        /** This side cancelled the half ({@link QuicStream#cancelRead} or {@link QuicStream#cancelWrite}). */
        CANCELLED,
        /** This side closed the stream, or finished writing, before the operation ran. */
        CLOSED,
        /** The peer's stream limit leaves no room for another stream, and the caller asked not to wait. */
        LIMIT
    }

    private final Kind kind;
    private final long streamId;
    private final long errorCode;

    /**
     * @param kind what ended the stream half
     * @param streamId the stream, or -1 for an open that did not get one
     * @param errorCode the application error code (0 when there is none)
     * @param message what happened
     */
    public QuicStreamException(Kind kind, long streamId, long errorCode, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.streamId = streamId;
        this.errorCode = errorCode;
    }

    /** @return what ended the stream half */
    public Kind kind() {
        return kind;
    }

    /** @return the stream, or -1 */
    public long streamId() {
        return streamId;
    }

    /** @return the application error code of the reset or STOP_SENDING, 0 when there is none */
    public long errorCode() {
        return errorCode;
    }
}
