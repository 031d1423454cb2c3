package io.quic4j.transport;

import java.io.IOException;
import java.io.Serial;

/**
 * Something went wrong on a QUIC connection or stream. An {@link IOException}, so that the
 * {@link QuicStream#inputStream()} and {@link QuicStream#outputStream()} views can throw it as it is; the
 * {@code CompletableFuture}s of the API fail with it.
 */
public class QuicException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message what happened */
    public QuicException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause why
     */
    public QuicException(String message, Throwable cause) {
        super(message, cause);
    }
}
