package io.quic4j.transport.token;

import io.quic4j.transport.wire.ConnectionId;

/** The result of validating the token of a client's Initial packet. Never an exception. */
public sealed interface TokenValidation {
    /** @return what the server does with the Initial packet */
    TokenAction action();

    /**
     * A valid Retry token. The server must still check that the client's Initial carries the Retry's
     * connection ID and must send {@code originalDestinationConnectionId} and
     * {@code retrySourceConnectionId} in its transport parameters (§7.3); it must not send another Retry
     * (§8.1.2).
     *
     * @param originalDestinationConnectionId the Destination Connection ID of the client's first Initial
     * @param retrySourceConnectionId the Source Connection ID of our Retry packet
     * @param issuedAtMillis when the token was minted, epoch milliseconds
     */
    record ValidRetry(ConnectionId originalDestinationConnectionId, ConnectionId retrySourceConnectionId,
            long issuedAtMillis) implements TokenValidation {
        @Override
        public TokenAction action() {
            return TokenAction.VALIDATED;
        }
    }

    /**
     * A valid NEW_TOKEN token, from the same client IP address.
     *
     * @param issuedAtMillis when the token was minted, epoch milliseconds
     */
    record ValidNewToken(long issuedAtMillis) implements TokenValidation {
        @Override
        public TokenAction action() {
            return TokenAction.VALIDATED;
        }
    }

    /**
     * A token we do not accept.
     *
     * @param kind what the token claims to be; a failed Retry token closes the connection, anything else
     *     counts as no token
     * @param reason why it was refused
     */
    record Invalid(TokenKind kind, Reason reason) implements TokenValidation {
        @Override
        public TokenAction action() {
            return kind == TokenKind.RETRY ? TokenAction.CLOSE_INVALID_TOKEN : TokenAction.UNVALIDATED;
        }
    }

    /** Why a token was refused. */
    enum Reason {
        /** Too short, too long, or not laid out as our tokens are. */
        MALFORMED,
        /** Not one of our kinds of token (another server's, or garbage). */
        UNKNOWN_KIND,
        /** Sealed with a key we no longer hold, forged, or altered (AEAD authentication failed). */
        NOT_AUTHENTIC,
        /** Older than its lifetime, or minted implausibly far in the future. */
        EXPIRED,
        /** Minted for another client address (IP address for both kinds, and port for Retry tokens). */
        WRONG_ADDRESS,
        /** A Retry token in an Initial whose Destination Connection ID is not the one of our Retry. */
        WRONG_CONNECTION_ID
    }
}
