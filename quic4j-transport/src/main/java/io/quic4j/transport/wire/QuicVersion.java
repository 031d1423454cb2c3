package io.quic4j.transport.wire;

import java.util.Optional;

/**
 * The QUIC versions quic4j speaks. A version changes the long-header packet type codes (RFC 9369
 * §3.2), and the salts and labels of packet protection (RFC 9369 §3.3-§3.3.4, kept in {@code crypto}).
 */
public enum QuicVersion {
    /** QUIC version 1, RFC 9000. */
    V1(0x0000_0001),
    /** QUIC version 2, RFC 9369. */
    V2(0x6b33_43cf);

    private final int wire;

    QuicVersion(int wire) {
        this.wire = wire;
    }

    /** @return the 32-bit version number as it appears in long headers */
    public int wire() {
        return wire;
    }

    /**
     * @param wire a version number from a long header
     * @return the version, or empty if quic4j does not speak it
     */
    public static Optional<QuicVersion> fromWire(int wire) {
        for (QuicVersion v : values()) {
            if (v.wire == wire) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * The two "Long Packet Type" bits of the first byte for a long-header packet type.
     *
     * @param type one of {@link PacketType#INITIAL}, {@link PacketType#ZERO_RTT},
     *        {@link PacketType#HANDSHAKE}, {@link PacketType#RETRY}
     * @return 0 to 3
     */
    public int longTypeBits(PacketType type) {
        int v1 = switch (type) {
            case INITIAL -> 0;
            case ZERO_RTT -> 1;
            case HANDSHAKE -> 2;
            case RETRY -> 3;
            default -> throw new IllegalArgumentException(type + " has no long header type bits");
        };
        // RFC 9369 §3.2: v2 rotates the codes by one: Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00.
        return this == V1 ? v1 : (v1 + 1) & 3;
    }

    /**
     * The long-header packet type for the two type bits of the first byte.
     *
     * @param bits 0 to 3
     * @return the packet type
     */
    public PacketType longType(int bits) {
        int v1 = this == V1 ? bits & 3 : (bits - 1) & 3;
        return switch (v1) {
            case 0 -> PacketType.INITIAL;
            case 1 -> PacketType.ZERO_RTT;
            case 2 -> PacketType.HANDSHAKE;
            default -> PacketType.RETRY;
        };
    }
}
