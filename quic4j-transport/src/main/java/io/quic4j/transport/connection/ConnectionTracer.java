package io.quic4j.transport.connection;

import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What happens inside one connection, as plain values, for qlog and other tracing (DESIGN.md §7). The
 * connection calls it on its own thread, at the moment things happen, with the {@code now} it was given;
 * a tracer never reads a clock for the connection and must not block. Every method does nothing by default.
 *
 * <p>Frames are the records the connection sent or decoded; their payload buffers are views of packet
 * memory and are valid only during the call (read the numbers, keep no reference). A tracer that throws
 * cannot break the connection: the connection calls it through a guard that logs the first failure and
 * stops tracing that connection. {@link io.quic4j.transport.qlog.QlogDirectory} writes qlog files.
 */
public interface ConnectionTracer {

    /** Why a packet was dropped; the names follow qlog's {@code packet_dropped} triggers. */
    enum DropReason {
        /** Could not be parsed, or broke a rule checked before decryption. */
        INVALID,
        /** A packet number already received (RFC 9000 §12.3). */
        DUPLICATE,
        /** Failed to decrypt (RFC 9001 §5.5). */
        DECRYPTION_FAILURE,
        /** No keys for its level (yet or any more). */
        KEY_UNAVAILABLE,
        /** A version or packet type this connection does not process. */
        UNSUPPORTED,
        /** Not for this connection (connection IDs, RFC 9000 §7.2, §12.2). */
        CONNECTION_UNKNOWN,
        /** Refused by a rule such as the minimum Initial datagram size (RFC 9000 §14.1). */
        REJECTED
    }

    /** How a packet was declared lost (RFC 9002 §6.1). */
    enum LossTrigger {
        /** Enough later packets were acknowledged (§6.1.1). */
        REORDERING_THRESHOLD,
        /** Sent too long before an acknowledged one (§6.1.2). */
        TIME_THRESHOLD
    }

    /** Steps of the connection's life, as qlog's {@code connection_state_updated} names them. */
    enum State {
        /** The TLS handshake completed (RFC 9001 §4.1.1). */
        HANDSHAKE_COMPLETE,
        /** The handshake is confirmed (RFC 9001 §4.1.2). */
        HANDSHAKE_CONFIRMED,
        /** We sent CONNECTION_CLOSE (RFC 9000 §10.2.1). */
        CLOSING,
        /** The peer closed or reset the connection (RFC 9000 §10.2.2). */
        DRAINING,
        /** The connection's state is gone; the tracer gets no more calls. */
        CLOSED
    }

    /**
     * Creates the tracer of each new connection. Called once per connection, on its thread.
     */
    interface Factory {
        /** Traces nothing, at no cost. */
        Factory NONE = (role, originalDestinationId, now) -> ConnectionTracer.NONE;

        /**
         * @param role our side
         * @param originalDestinationId the Destination Connection ID of the client's first Initial, which
         *            names the connection in logs (RFC 9000 §7.3)
         * @param now the connection's time in nanoseconds: the tracer's reference time
         * @return the tracer, or {@link ConnectionTracer#NONE}
         */
        ConnectionTracer create(Role role, ConnectionId originalDestinationId, long now);
    }

    /** The tracer that does nothing. */
    ConnectionTracer NONE = new ConnectionTracer() {
        @Override
        public boolean enabled() {
            return false;
        }
    };

    /**
     * Whether the connection should gather what only tracing needs (the decoded frames of a received
     * packet, recovery metrics). {@link #NONE} says no.
     *
     * @return true unless this tracer ignores everything
     */
    default boolean enabled() {
        return true;
    }

    /**
     * The connection exists: a client before its first packet, a server for the client's first Initial.
     *
     * @param peer the peer's address
     * @param localId our connection ID for the handshake
     * @param peerId the peer's connection ID as far as known
     * @param now nanoseconds
     */
    default void connectionStarted(InetSocketAddress peer, ConnectionId localId, ConnectionId peerId, long now) {
    }

    /**
     * Transport parameters are in effect: ours when the connection starts, the peer's when TLS delivers them.
     *
     * @param local whether these are ours
     * @param parameters the parameters
     * @param now nanoseconds
     */
    default void parametersSet(boolean local, TransportParameters parameters, long now) {
    }

    /**
     * A packet was protected and put in a datagram.
     *
     * @param type its type
     * @param packetNumber its packet number
     * @param length its size on the wire, header and AEAD tag included
     * @param frames its frames, PADDING included
     * @param now nanoseconds
     */
    default void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
    }

    /**
     * A packet was authenticated and is about to be processed; called only when {@link #enabled()}.
     *
     * @param type its type
     * @param packetNumber its packet number
     * @param length its size on the wire
     * @param frames its frames, PADDING included; a malformed frame ends the list (the packet then closes
     *            the connection)
     * @param now nanoseconds
     */
    default void packetReceived(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
    }

    /**
     * A packet, or the rest of a datagram, was dropped without processing.
     *
     * @param type its type, or null if unknown
     * @param length bytes dropped
     * @param reason why
     * @param now nanoseconds
     */
    default void packetDropped(PacketType type, int length, DropReason reason, long now) {
    }

    /**
     * Loss detection declared a packet lost.
     *
     * @param space its packet number space
     * @param packetNumber its packet number
     * @param frames what it carried
     * @param trigger which rule found it
     * @param now nanoseconds
     */
    default void packetLost(PacketNumberSpace space, long packetNumber, List<Frame> frames, LossTrigger trigger,
            long now) {
    }

    /**
     * Recovery state after an acknowledgment, a loss or a timeout; called only when {@link #enabled()}, and
     * possibly with unchanged values.
     *
     * @param minRtt nanoseconds, 0 before the first sample
     * @param smoothedRtt nanoseconds
     * @param latestRtt nanoseconds, 0 before the first sample
     * @param rttVariance nanoseconds
     * @param ptoCount probe timeouts in a row (RFC 9002 §6.2.1)
     * @param congestionWindow bytes
     * @param bytesInFlight bytes
     * @param now nanoseconds
     */
    default void metricsUpdated(long minRtt, long smoothedRtt, long latestRtt, long rttVariance, int ptoCount,
            long congestionWindow, long bytesInFlight, long now) {
    }

    /**
     * Keys of a level were installed for one direction: Initial keys from the connection ID (RFC 9001 §5.2),
     * Handshake and 1-RTT keys from TLS (§4.1.4).
     *
     * @param space the level's packet number space ({@link PacketNumberSpace#APPLICATION} for 1-RTT)
     * @param write whether the keys protect what we send; otherwise what we receive
     * @param now nanoseconds
     */
    default void keyInstalled(PacketNumberSpace space, boolean write, long now) {
    }

    /**
     * A 1-RTT key update (RFC 9001 §6): both directions moved to the next key phase.
     *
     * @param local whether we initiated it
     * @param keyPhase the number of the new phase (its low bit is the Key Phase bit)
     * @param now nanoseconds
     */
    default void keyUpdated(boolean local, long keyPhase, long now) {
    }

    /**
     * The keys of a packet number space were discarded (RFC 9001 §4.9).
     *
     * @param space {@link PacketNumberSpace#INITIAL} or {@link PacketNumberSpace#HANDSHAKE}
     * @param now nanoseconds
     */
    default void keysDiscarded(PacketNumberSpace space, long now) {
    }

    /**
     * The connection began to end: CONNECTION_CLOSE sent or received, stateless reset, idle or handshake
     * timeout, failed version negotiation. Called once.
     *
     * @param reason why
     * @param now nanoseconds
     */
    default void connectionClosed(CloseReason reason, long now) {
    }

    /**
     * The connection moved to a new state. {@link State#CLOSED} is the last call: release resources there.
     *
     * @param state the new state
     * @param now nanoseconds
     */
    default void stateUpdated(State state, long now) {
    }

    /**
     * The maximum datagram size changed (path MTU discovery, RFC 9000 §14.3), as qlog's
     * {@code connectivity:mtu_updated}.
     *
     * @param oldSize the size before
     * @param newSize the largest UDP payload sent from now on, probes aside
     * @param done whether the search is complete
     * @param now nanoseconds
     */
    default void mtuUpdated(int oldSize, int newSize, boolean done, long now) {
    }
}
