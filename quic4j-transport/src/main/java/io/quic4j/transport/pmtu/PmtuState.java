package io.quic4j.transport.pmtu;

/**
 * The DPLPMTUD phases of RFC 8899 §5.2, as used by QUIC (RFC 9000 §14.3). There is no ERROR phase: QUIC's
 * MIN_PLPMTU equals its BASE_PLPMTU (1200 bytes, RFC 9000 §14.3), and a path that cannot carry 1200 bytes is a
 * broken path, left to the idle timeout and path validation rather than to a smaller packet size.
 */
public enum PmtuState {
    /** Not started: the handshake is not confirmed yet (RFC 9000 §14.3.1), so only BASE_PLPMTU is used. */
    DISABLED,
    /**
     * Using BASE_PLPMTU after a new path or a black hole, until a packet of at least that size sent since is
     * acknowledged, confirming it (RFC 8899 §5.2).
     */
    BASE,
    /** Sending probes of larger sizes, one at a time (RFC 8899 §5.3). */
    SEARCHING,
    /** The search found its answer; it starts again when PMTU_RAISE_TIMER expires (RFC 8899 §5.1.1). */
    SEARCH_COMPLETE
}
