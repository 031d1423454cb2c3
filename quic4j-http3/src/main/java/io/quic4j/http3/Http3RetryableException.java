package io.quic4j.http3;

import java.io.Serial;

/**
 * The server did not process the request, so it may be sent again, on another connection (RFC 9114 §5.2, §8.1): the
 * server sent GOAWAY with an ID at or below the request's stream, or reset it with H3_REQUEST_REJECTED, or the
 * connection ended while the request waited for a stream, before anything of it was sent.
 *
 * <pre>{@code
 * try { return client.send(request); }
 * catch (Http3RetryableException e) { return client.send(request); } // a new connection is opened
 * }</pre>
 */
public final class Http3RetryableException extends Http3StreamResetException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the code the stream was reset with, or H3_REQUEST_REJECTED's for a GOAWAY or a request never
     *     sent
     * @param message what happened
     * @param cause the transport's exception, or null
     */
    public Http3RetryableException(long errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
