package io.quic4j.transport.connection;

/**
 * An application a {@link SimPeer} runs over its connection: it sees every event, then gets a step to
 * issue commands (only while the connection is open).
 */
interface SimApp {
    /** @param e an event the connection reported */
    void onEvent(ConnectionEvent e);

    /** @param c the open connection, to issue stream commands on */
    void step(Connection c);
}
