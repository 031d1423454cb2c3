package io.quic4j.transport.recovery;

import io.quic4j.transport.wire.PacketType;

/**
 * The three packet number spaces (RFC 9000 §12.3). Each has its own packet numbers, acknowledgments
 * and loss detection; 0-RTT and 1-RTT packets share {@link #APPLICATION}.
 */
public enum PacketNumberSpace {
    /** Initial packets. */
    INITIAL,
    /** Handshake packets. */
    HANDSHAKE,
    /** 0-RTT and 1-RTT packets. */
    APPLICATION;

    /**
     * @param type a packet type that carries a packet number
     * @return its space
     * @throws IllegalArgumentException for Retry and Version Negotiation, which have none
     */
    public static PacketNumberSpace of(PacketType type) {
        return switch (type) {
            case INITIAL -> INITIAL;
            case HANDSHAKE -> HANDSHAKE;
            case ZERO_RTT, ONE_RTT -> APPLICATION;
            case RETRY, VERSION_NEGOTIATION -> throw new IllegalArgumentException(type + " has no packet number");
        };
    }
}
