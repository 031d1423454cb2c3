/**
 * Congestion control (RFC 9002 §7, Appendix B; RFC 9438) and pacing (RFC 9002 §7.7) behind the
 * {@link io.quic4j.transport.congestion.CongestionController} interface. The connection feeds it what
 * {@code transport.recovery} detects; controllers read RTT values passed in, never a clock.
 */
package io.quic4j.transport.congestion;
