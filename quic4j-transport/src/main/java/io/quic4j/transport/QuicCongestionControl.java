package io.quic4j.transport;

/**
 * The congestion controllers a connection can use (RFC 9002 §7 and RFC 9438).
 *
 * <pre>{@code
 * QuicConfig config = QuicConfig.builder().congestionControl(QuicCongestionControl.NEW_RENO).build();
 * }</pre>
 */
public enum QuicCongestionControl {
    /** CUBIC (RFC 9438), the default: fills long fat paths faster than NewReno. */
    CUBIC,
    /** NewReno as RFC 9002 §7 describes it. */
    NEW_RENO
}
