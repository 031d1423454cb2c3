package io.quic4j.testkit;

/**
 * A snapshot of a {@link LossyUdpProxy}'s counters.
 *
 * @param clientToServer datagrams from clients to the server
 * @param serverToClient datagrams from the server to clients
 * @param clients clients currently mapped to an upstream socket
 * @param evictedClients clients whose mapping was dropped to make room for a new one
 */
public record ProxyStats(Direction clientToServer, Direction serverToClient, int clients, long evictedClients) {

    /**
     * The counters of one direction. Every copy is eventually forwarded or dropped, so once the proxy is
     * idle (nothing held back or delayed) {@code received + duplicated == forwarded + dropped}.
     *
     * @param received datagrams that reached the proxy
     * @param forwarded copies sent on, duplicates included
     * @param dropped copies dropped: lost by the impairment, beyond {@link Impairment#maxHeld()}, or refused by
     *        the socket
     * @param duplicated extra copies made
     * @param reordered datagrams held back for reordering
     */
    public record Direction(long received, long forwarded, long dropped, long duplicated, long reordered) {

        /**
         * Copies neither forwarded nor dropped yet (held back or delayed when the snapshot was taken).
         *
         * @return {@code received + duplicated - forwarded - dropped}
         */
        public long inFlight() {
            return received + duplicated - forwarded - dropped;
        }
    }
}
