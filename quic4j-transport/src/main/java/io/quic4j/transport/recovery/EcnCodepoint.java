package io.quic4j.transport.recovery;

/**
 * The ECN field of an IP header (RFC 3168 §5), as the engine read it for a received datagram. Every QUIC
 * packet of the datagram counts once in its space's ECN counts (RFC 9000 §13.4.1).
 */
public enum EcnCodepoint {
    /** 0b00: not ECN-capable, or the platform cannot read the field. */
    NOT_ECT,
    /** 0b01: ECT(1). */
    ECT1,
    /** 0b10: ECT(0). */
    ECT0,
    /** 0b11: congestion experienced. */
    CE;

    /**
     * @param tosOrTrafficClass the IPv4 TOS or IPv6 Traffic Class byte; only the two low bits matter
     * @return the codepoint in its two low bits
     */
    public static EcnCodepoint fromBits(int tosOrTrafficClass) {
        return switch (tosOrTrafficClass & 0b11) {
            case 0b01 -> ECT1;
            case 0b10 -> ECT0;
            case 0b11 -> CE;
            default -> NOT_ECT;
        };
    }
}
