package io.quic4j.transport.token;

/** What a server does with a client's Initial packet, given the validation of its token. */
public enum TokenAction {
    /** The client's address is validated: proceed without the anti-amplification limit (§8.1). */
    VALIDATED,
    /**
     * Proceed as if the Initial packet carried no token, possibly sending a Retry. §8.1.3: "If the token
     * is invalid, then the server SHOULD proceed as if the client did not have a validated address,
     * including potentially sending a Retry packet."
     */
    UNVALIDATED,
    /**
     * Close at once with INVALID_TOKEN, without entering the closing period. §8.1.2: "If a server receives
     * a client Initial that contains an invalid Retry token but is otherwise valid, it knows the client
     * will not accept another Retry token. ... Instead, the server SHOULD immediately close ... the
     * connection with an INVALID_TOKEN error."
     */
    CLOSE_INVALID_TOKEN
}
