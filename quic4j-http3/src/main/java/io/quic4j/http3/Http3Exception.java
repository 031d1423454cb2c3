package io.quic4j.http3;

import java.io.Serial;
import java.util.Objects;

/**
 * An HTTP/3 or QPACK error with its RFC error code: what decoders throw for malformed input, and what the
 * connection turns into a CONNECTION_CLOSE or a stream reset with {@link #error()}'s code.
 *
 * <pre>{@code
 * try { event = reader.next(buffer); }
 * catch (Http3Exception e) { connection.close(e.error().code(), e.getMessage()); }
 * }</pre>
 */
public final class Http3Exception extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Http3Error error;

    /**
     * @param error the RFC error code
     * @param message what was wrong
     */
    public Http3Exception(Http3Error error, String message) {
        super(Objects.requireNonNull(error, "error") + ": " + message);
        this.error = error;
    }

    /** @return the error code to close or reset with */
    public Http3Error error() {
        return error;
    }
}
