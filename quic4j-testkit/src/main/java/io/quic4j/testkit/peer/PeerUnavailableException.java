package io.quic4j.testkit.peer;

import java.io.Serial;

/**
 * A tool needed by a test is missing and could not be installed. {@link RealPeers#require} turns it into a
 * skipped test when {@code -Dquic4j.peers.optional=true} is given.
 */
public final class PeerUnavailableException extends PeerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which binary is missing, what was tried, and the tail of the installer's output
     */
    public PeerUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message which binary is missing, what was tried, and the tail of the installer's output
     * @param cause the underlying failure
     */
    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
