/**
 * Congestion control (RFC 9002 §7, Appendix B; RFC 9438) and pacing (RFC 9002 §7.7). Start with
 * {@link io.quic4j.transport.congestion.CongestionController}, the interface the connection drives with
 * what {@code transport.recovery} detects; {@link io.quic4j.transport.congestion.CongestionControl}
 * creates a controller ({@code CUBIC} by default). {@code WindowBase} holds what every controller shares
 * (bytes in flight, the recovery period, slow start, RFC 9002 §7.8's no-growth-when-application-limited);
 * {@link io.quic4j.transport.congestion.NewReno} and {@link io.quic4j.transport.congestion.Cubic} add only
 * how the window grows in congestion avoidance and falls on a congestion event.
 * {@link io.quic4j.transport.congestion.Pacer} spaces in-flight packets by the controller's window. Times
 * are nanoseconds passed in by the caller; nothing here reads a clock.
 */
package io.quic4j.transport.congestion;
