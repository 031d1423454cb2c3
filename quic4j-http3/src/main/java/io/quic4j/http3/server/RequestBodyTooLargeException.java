package io.quic4j.http3.server;

import java.io.IOException;
import java.io.Serial;

/** The request body exceeded {@code Http3ServerConfig.maxRequestBodySize()}; answered with 413 if still possible. */
final class RequestBodyTooLargeException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    RequestBodyTooLargeException(long max) {
        super("the request body exceeds the limit of " + max + " bytes");
    }
}
