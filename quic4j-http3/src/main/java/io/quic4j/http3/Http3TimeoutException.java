package io.quic4j.http3;

import java.io.IOException;
import java.io.Serial;

/**
 * No response header section arrived within the request's timeout; the request stream was cancelled with
 * H3_REQUEST_CANCELLED (RFC 9114 §4.1.1).
 *
 * <pre>{@code
 * catch (Http3TimeoutException e) { log("gave up: " + e.getMessage()); }
 * }</pre>
 */
public final class Http3TimeoutException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what timed out */
    public Http3TimeoutException(String message) {
        super(message);
    }
}
