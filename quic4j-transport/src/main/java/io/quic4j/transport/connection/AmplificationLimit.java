package io.quic4j.transport.connection;

/**
 * The anti-amplification limit (RFC 9000 §8.1): "Prior to validating the client address, servers MUST
 * NOT send more than three times as many bytes as the number of bytes they have received." A client's
 * address counts as validated once a Handshake packet from it is processed, or its token was valid
 * (Retry or NEW_TOKEN); clients are never limited.
 */
final class AmplificationLimit {
    /** RFC 9000 §8.1: three times. */
    static final int FACTOR = 3;

    private boolean validated;
    private long received;
    private long sent;

    AmplificationLimit(boolean validated) {
        this.validated = validated;
    }

    boolean validated() {
        return validated;
    }

    void validate() {
        validated = true;
    }

    void onReceived(int bytes) {
        received += bytes;
    }

    void onSent(int bytes) {
        sent += bytes;
    }

    /** @return bytes we may still send; {@code Long.MAX_VALUE} once validated */
    long allowance() {
        return validated ? Long.MAX_VALUE : Math.max(0, FACTOR * received - sent);
    }

    long received() {
        return received;
    }

    long sent() {
        return sent;
    }
}
