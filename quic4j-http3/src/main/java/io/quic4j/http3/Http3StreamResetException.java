package io.quic4j.http3;

import java.io.IOException;
import java.io.Serial;

/**
 * The server reset a request stream (RESET_STREAM) or stopped reading it (STOP_SENDING) with an HTTP/3 error code
 * (RFC 9114 §8.1), so the request failed.
 *
 * <pre>{@code
 * catch (Http3StreamResetException e) { log("reset with " + e.error()); }
 * }</pre>
 */
public class Http3StreamResetException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long errorCode;

    /**
     * @param errorCode the code from the wire
     * @param message what failed
     * @param cause the transport's exception, or null
     */
    public Http3StreamResetException(long errorCode, String message, Throwable cause) {
        super(message + " (" + describe(errorCode) + ")", cause);
        this.errorCode = errorCode;
    }

    /** @return the error code from the wire */
    public long errorCode() {
        return errorCode;
    }

    /** @return the error code as an {@link Http3Error}, or {@code null} if it names none */
    public Http3Error error() {
        return Http3Error.fromCode(errorCode);
    }

    private static String describe(long code) {
        Http3Error e = Http3Error.fromCode(code);
        return e != null ? e.name() : "error 0x" + Long.toHexString(code);
    }
}
