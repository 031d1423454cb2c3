package io.quic4j.transport.recovery;

import java.util.List;

/**
 * What the connection must do when the loss detection timer fires (RFC 9002 Appendix A.9,
 * OnLossDetectionTimeout).
 */
public sealed interface TimeoutResult {

    /**
     * Time-threshold loss detection declared packets lost (RFC 9002 §6.1.2). Handle as for
     * {@link AckResult#lost()}.
     *
     * @param space the packet number space
     * @param lost the lost packets, ascending packet number order
     * @param persistentCongestion whether they establish persistent congestion (RFC 9002 §7.6)
     */
    record Lost(PacketNumberSpace space, List<SentPacket> lost, boolean persistentCongestion)
            implements
                TimeoutResult {
        /**
         * @param space not null
         * @param lost not null, copied unless immutable
         * @param persistentCongestion see above
         */
        public Lost {
            lost = List.copyOf(lost);
        }
    }

    /**
     * The probe timeout expired (RFC 9002 §6.2.4): send {@code packets} ack-eliciting packets in
     * {@code space}, new data if there is any, else data still unacknowledged, else a PING. Probes may
     * exceed the congestion window but not the anti-amplification limit. The sender SHOULD also send
     * ack-eliciting packets in other spaces with data in flight, coalesced where possible.
     *
     * @param space the space whose timer expired
     * @param packets how many probe packets to send, 1 or 2
     * @param antiDeadlock true when a client with nothing in flight probes so an amplification-limited
     *     server can send again (RFC 9002 §6.2.2.1): a Handshake packet if it has Handshake keys, else an
     *     Initial packet in a datagram padded to at least 1200 bytes
     */
    record Probe(PacketNumberSpace space, int packets, boolean antiDeadlock) implements TimeoutResult {
    }

    /** The timer was not due (or not armed); nothing to do. */
    record NotDue() implements TimeoutResult {
        /** The only instance needed. */
        public static final NotDue INSTANCE = new NotDue();
    }
}
