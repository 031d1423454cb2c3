package io.quic4j.testkit.peer;

import java.io.Serial;

/** A real peer or tool could not be run, or misbehaved: the message says which command and shows its output. */
public class PeerException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the command and the tail of its output
     */
    public PeerException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed, with the command and the tail of its output
     * @param cause the underlying failure
     */
    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
