package io.quic4j.transport.congestion;

/**
 * The congestion control algorithms quic4j offers; {@link #DEFAULT} is CUBIC (DESIGN.md §9).
 */
public enum CongestionControl {

    /** RFC 9002 Appendix B. */
    NEW_RENO,
    /** RFC 9438. */
    CUBIC;

    /** The algorithm used unless configured otherwise. */
    public static final CongestionControl DEFAULT = CUBIC;

    /**
     * @param maxDatagramSize the sender's maximum datagram size, at least 1200
     * @return a new controller of this kind, at the initial window
     * @throws IllegalArgumentException if the size is below 1200
     */
    public CongestionController create(int maxDatagramSize) {
        return switch (this) {
            case NEW_RENO -> new NewReno(maxDatagramSize);
            case CUBIC -> new Cubic(maxDatagramSize);
        };
    }
}
