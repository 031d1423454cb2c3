package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import java.io.Serial;

/**
 * A peer's data that a {@link ReceiveBuffer} refused, with the rule it broke. Checked, so that every
 * caller decides which error code closes the connection: the same overrun is CRYPTO_BUFFER_EXCEEDED
 * for a crypto stream (RFC 9000 §7.5) and FLOW_CONTROL_ERROR for a stream (RFC 9000 §4.1).
 */
public final class ReceiveBufferException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Which rule the data broke. */
    public enum Kind {
        /** The data ends past the offset limit the caller passed in. */
        LIMIT_EXCEEDED,
        /** Data ends past a known final size, or a final size is below data already received. */
        BEYOND_FINAL_SIZE,
        /** A second final size differs from the first. */
        FINAL_SIZE_CHANGED,
        /** Data differs from bytes received before at the same offsets (RFC 9000 §2.2). */
        DATA_CHANGED
    }

    private final Kind kind;

    /**
     * @param kind the rule broken
     * @param message what was wrong, with the offsets
     */
    public ReceiveBufferException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** @return the rule broken */
    public Kind kind() {
        return kind;
    }

    /**
     * Maps this to the transport error that closes the connection.
     *
     * @param limitError the code for {@link Kind#LIMIT_EXCEEDED}: CRYPTO_BUFFER_EXCEEDED for CRYPTO
     *     data, FLOW_CONTROL_ERROR for stream data
     * @param frameType the type of the frame that carried the data, for CONNECTION_CLOSE
     * @return the exception; both final size kinds are FINAL_SIZE_ERROR (RFC 9000 §4.5), changed data is
     *     PROTOCOL_VIOLATION (§2.2)
     */
    public QuicTransportException toTransportException(TransportError limitError, long frameType) {
        TransportError error = switch (kind) {
            case LIMIT_EXCEEDED -> limitError;
            case BEYOND_FINAL_SIZE, FINAL_SIZE_CHANGED -> TransportError.FINAL_SIZE_ERROR;
            // RFC 9000 §2.2: "an endpoint MAY treat receipt of different data at the same offset within a stream
            // as a connection error of type PROTOCOL_VIOLATION."
            case DATA_CHANGED -> TransportError.PROTOCOL_VIOLATION;
        };
        return QuicTransportException.inFrame(error, frameType, getMessage());
    }
}
