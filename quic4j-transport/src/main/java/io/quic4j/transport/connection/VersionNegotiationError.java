package io.quic4j.transport.connection;

import java.io.Serial;

/**
 * VERSION_NEGOTIATION_ERROR (0x11, RFC 9368 §10.2), which {@code TransportError} does not list yet; thrown
 * from transport parameter checks and turned into a CONNECTION_CLOSE with that code.
 */
final class VersionNegotiationError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The error code (RFC 9368 §10.2). */
    static final long CODE = 0x11;

    VersionNegotiationError(String message) {
        super(message);
    }
}
