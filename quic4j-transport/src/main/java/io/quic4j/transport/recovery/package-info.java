/**
 * Loss detection and RTT estimation (RFC 9002 §5, §6, §7.6 and Appendix A), and the receive side of
 * acknowledgments (RFC 9000 §13.2). Sans-I/O: time is a {@code long} of nanoseconds passed in by the
 * connection, which also feeds the results (acknowledged and lost packets, persistent congestion, ECN-CE)
 * to {@code transport.congestion}; nothing here calls congestion control.
 *
 * <p>Start with {@link io.quic4j.transport.recovery.LossDetector} (the sender side: {@link
 * io.quic4j.transport.recovery.SentPacket} in, {@link io.quic4j.transport.recovery.AckResult} and {@link
 * io.quic4j.transport.recovery.TimeoutResult} out, the sent packets of each space kept in a ring by
 * {@code SentPacketLog}) and {@link io.quic4j.transport.recovery.AckTracker} (the receiver side, one per
 * {@link io.quic4j.transport.recovery.PacketNumberSpace}). {@link
 * io.quic4j.transport.recovery.RttEstimator} holds the RTT of the path.
 */
package io.quic4j.transport.recovery;
