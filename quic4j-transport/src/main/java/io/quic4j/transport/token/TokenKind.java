package io.quic4j.transport.token;

/**
 * How a token reached the client (RFC 9000 §8.1.1: "A token sent in a NEW_TOKEN frame or a Retry packet
 * MUST be constructed in a way that allows the server to identify how it was provided to a client").
 * The marker is the token's first byte, in clear text and authenticated.
 */
public enum TokenKind {
    /** From a Retry packet (§8.1.2): bound to the client's IP address and port, short-lived. */
    RETRY((byte) 'R'),
    /** From a NEW_TOKEN frame (§8.1.3): bound to the client's IP address, long-lived. */
    NEW_TOKEN((byte) 'N'),
    /** Not one of our markers: another server's token, or garbage. */
    UNKNOWN((byte) 0);

    private final byte marker;

    TokenKind(byte marker) {
        this.marker = marker;
    }

    byte marker() {
        return marker;
    }

    static TokenKind ofMarker(byte marker) {
        return switch (marker) {
            case 'R' -> RETRY;
            case 'N' -> NEW_TOKEN;
            default -> UNKNOWN;
        };
    }
}
