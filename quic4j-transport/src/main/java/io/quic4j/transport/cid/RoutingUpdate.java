package io.quic4j.transport.cid;

import io.quic4j.transport.wire.ConnectionId;

/**
 * A change to the set of our connection IDs that route to a connection, drained by the engine from
 * {@link LocalConnectionIds#pollRoutingUpdate()} to keep its connection ID table in step.
 */
public sealed interface RoutingUpdate {
    /** @return the connection ID concerned */
    ConnectionId id();

    /**
     * Packets with this destination connection ID now belong to the connection (§5.1.1: "it MUST accept
     * packets that carry this connection ID for the duration of the connection or until its peer
     * invalidates the connection ID").
     *
     * @param id the connection ID
     */
    record Added(ConnectionId id) implements RoutingUpdate {
    }

    /**
     * The peer retired this connection ID: it no longer routes to the connection.
     *
     * @param id the connection ID
     */
    record Removed(ConnectionId id) implements RoutingUpdate {
    }
}
