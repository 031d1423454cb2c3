package io.quic4j.transport.wire;

/**
 * The kinds of QUIC packet (RFC 9000 §17). Which frames each may carry is RFC 9000 §12.4, Table 3.
 */
public enum PacketType {
    /** Long header, carries the first CRYPTO frames; RFC 9000 §17.2.2. */
    INITIAL,
    /** Long header, early data before the handshake completes; RFC 9000 §17.2.3. */
    ZERO_RTT,
    /** Long header, the rest of the handshake; RFC 9000 §17.2.4. */
    HANDSHAKE,
    /** Long header, the server's address-validation request; RFC 9000 §17.2.5. */
    RETRY,
    /** Long header with version 0, the server's list of versions; RFC 9000 §17.2.1. */
    VERSION_NEGOTIATION,
    /** Short header, everything after the handshake; RFC 9000 §17.3.1. */
    ONE_RTT
}
