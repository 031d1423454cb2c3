package io.quic4j.transport;

import java.io.Serial;

/**
 * A violation of the QUIC transport protocol, carrying the RFC 9000 §20.1 error code that the
 * connection closes with.
 *
 * <p>Every decoder in quic4j reports malformed network input with this exception and nothing else,
 * so a caller can map any parse failure to a CONNECTION_CLOSE frame:
 *
 * <pre>{@code
 * try {
 *     frame = FrameCodec.decode(payload);
 * } catch (QuicTransportException e) {
 *     close(e.code(), e.frameType(), e.getMessage());
 * }
 * }</pre>
 */
public final class QuicTransportException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Frame type to report when the error is not tied to a frame (RFC 9000 §19.19 uses 0). */
    public static final long NO_FRAME = 0;

    private final TransportError error;
    private final long code;
    private final long frameType;

    private QuicTransportException(TransportError error, long code, long frameType, String message) {
        super(message);
        this.error = error;
        this.code = code;
        this.frameType = frameType;
    }

    /**
     * An error not tied to a particular frame.
     *
     * @param error the error code
     * @param message what was wrong, for logs and the CONNECTION_CLOSE reason phrase
     * @return the exception
     */
    public static QuicTransportException of(TransportError error, String message) {
        return new QuicTransportException(error, error.code(), NO_FRAME, message);
    }

    /**
     * An error caused by a frame of the given type (reported in CONNECTION_CLOSE, RFC 9000 §19.19).
     *
     * @param error the error code
     * @param frameType the type of the frame that triggered the error
     * @param message what was wrong
     * @return the exception
     */
    public static QuicTransportException inFrame(TransportError error, long frameType, String message) {
        return new QuicTransportException(error, error.code(), frameType, message);
    }

    /**
     * A TLS handshake failure: CRYPTO_ERROR with the alert in the low byte (RFC 9001 §4.8).
     *
     * @param alert the TLS alert description, 0-255
     * @param message what was wrong
     * @return the exception, with {@link #code()} = 0x100 + alert
     */
    public static QuicTransportException crypto(int alert, String message) {
        if (alert < 0 || alert > 0xff) {
            throw new IllegalArgumentException("TLS alert must be 0-255, was " + alert);
        }
        return new QuicTransportException(TransportError.CRYPTO_ERROR, 0x100L + alert, NO_FRAME, message);
    }

    /** @return the error, {@link TransportError#CRYPTO_ERROR} for the whole crypto range */
    public TransportError error() {
        return error;
    }

    /** @return the exact code to send in CONNECTION_CLOSE */
    public long code() {
        return code;
    }

    /** @return the frame type that caused the error, or {@link #NO_FRAME} */
    public long frameType() {
        return frameType;
    }
}
