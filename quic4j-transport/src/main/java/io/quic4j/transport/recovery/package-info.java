/**
 * Loss detection and RTT estimation (RFC 9002 §5, §6 and Appendix A), and the receive side of
 * acknowledgments (RFC 9000 §13.2). Sans-I/O: time is a {@code long} of nanoseconds passed in by the
 * connection, which also feeds the results (acknowledged and lost packets) to
 * {@code transport.congestion}.
 *
 * <p>Start with {@link io.quic4j.transport.recovery.RttEstimator} and
 * {@link io.quic4j.transport.recovery.PacketNumberSpace}.
 */
package io.quic4j.transport.recovery;
