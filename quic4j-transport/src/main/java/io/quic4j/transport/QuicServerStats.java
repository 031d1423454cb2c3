package io.quic4j.transport;

/**
 * A snapshot of what a server's endpoint is doing to protect itself (DESIGN.md §5, §7), from
 * {@link QuicServer#stats()}: summed over the server's event loops, each loop's figures read on its own thread.
 * Counters ({@code connectionsAccepted}, the {@code refused*} reasons, ...) only grow over the server's life;
 * the gauges ({@code connectionsOpen}, {@code handshakesInProgress}, {@code bufferedBytes},
 * {@code underMemoryPressure}) are what held at the moment each loop was read.
 *
 * <pre>{@code
 * QuicServerStats s = server.stats();
 * if (s.underMemoryPressure() || s.refused() > lastRefused) {
 *     System.out.printf("%d open, %d handshaking; refused %d (memory %d, limit %d, rate %d); buffers %d of %d%n",
 *             s.connectionsOpen(), s.handshakesInProgress(), s.refused(), s.refusedMemory(),
 *             s.refusedConnectionLimit(), s.refusedRateLimit(), s.bufferedBytes(), s.bufferCeiling());
 * }
 * }</pre>
 *
 * <p>The same events are logged through {@link System.Logger} {@code io.quic4j.transport.endpoint}: WARNING for
 * each connection shed for memory, INFO when memory pressure starts and ends, and an INFO summary of refusals
 * and rate limiting at most once every 10 seconds per event loop.
 *
 * @param connectionsOpen connections the server keeps state for: handshaking, established or closing
 * @param handshakesInProgress connections whose handshake has not completed (the handshake backlog in use)
 * @param connectionsAccepted connections whose handshake completed, handed towards {@link QuicServer#accept()}
 * @param refusedShuttingDown new connections refused (CONNECTION_REFUSED, RFC 9000 §5.2.2) because the server is
 *     closing
 * @param refusedConnectionLimit new connections refused at {@link QuicConfig#maxConnections()}
 * @param refusedHandshakeBacklog new connections refused because {@link QuicConfig#handshakeBacklog()}
 *     handshakes were in progress
 * @param refusedMemory new connections refused because buffers held 7/8 of {@link QuicConfig#bufferCeiling()}
 * @param refusedRateLimit new connections from a proven address refused over its prefix's handshake rate
 * @param refusedInvalidToken Initials with an invalid Retry token, closed with INVALID_TOKEN (RFC 9000 §8.1.2)
 * @param refusalsUnanswered refusals (any reason above) whose CONNECTION_CLOSE was not sent: over
 *     {@link QuicConfig#refusalsPerSecond()}
 * @param handshakesRateLimited Initials over their address prefix's handshake rate (answered with a Retry or
 *     counted in {@code refusedRateLimit})
 * @param retriesSent Retry packets sent (RFC 9000 §8.1.2)
 * @param statelessAnswersSuppressed Version Negotiation, Retry and stateless reset answers not sent: over
 *     {@link QuicConfig#statelessAnswersPerSecond()}
 * @param datagramsDropped datagrams dropped without reaching a connection: malformed, too small, unknown, over a
 *     limit
 * @param connectionsShed open connections closed (INTERNAL_ERROR) because buffers passed the ceiling
 * @param bufferedBytes what the connections' buffers cost the heap now (stream, CRYPTO and DATAGRAM buffers,
 *     in whole pages)
 * @param bufferCeiling the ceiling on {@code bufferedBytes} ({@link QuicConfig#bufferCeiling()})
 * @param underMemoryPressure whether any event loop is under memory pressure (from 3/4 of its share of the
 *     ceiling until below 5/8): its connections holding at least their fair share of its buffers extend no
 *     flow-control credit (RFC 9000 §4.2)
 */
public record QuicServerStats(int connectionsOpen, int handshakesInProgress, long connectionsAccepted,
        long refusedShuttingDown, long refusedConnectionLimit, long refusedHandshakeBacklog, long refusedMemory,
        long refusedRateLimit, long refusedInvalidToken, long refusalsUnanswered, long handshakesRateLimited,
        long retriesSent, long statelessAnswersSuppressed, long datagramsDropped, long connectionsShed,
        long bufferedBytes, long bufferCeiling, boolean underMemoryPressure) {

    /** @return new connections refused, every reason together */
    public long refused() {
        return refusedShuttingDown + refusedConnectionLimit + refusedHandshakeBacklog + refusedMemory
                + refusedRateLimit + refusedInvalidToken;
    }

    /**
     * @param other another loop's (or server's) figures
     * @return the sum: counters and gauges added (a ceiling of {@link Long#MAX_VALUE}, none, stays that), under
     *         pressure if either is
     */
    public QuicServerStats plus(QuicServerStats other) {
        return new QuicServerStats(connectionsOpen + other.connectionsOpen,
                handshakesInProgress + other.handshakesInProgress, connectionsAccepted + other.connectionsAccepted,
                refusedShuttingDown + other.refusedShuttingDown,
                refusedConnectionLimit + other.refusedConnectionLimit,
                refusedHandshakeBacklog + other.refusedHandshakeBacklog, refusedMemory + other.refusedMemory,
                refusedRateLimit + other.refusedRateLimit, refusedInvalidToken + other.refusedInvalidToken,
                refusalsUnanswered + other.refusalsUnanswered, handshakesRateLimited + other.handshakesRateLimited,
                retriesSent + other.retriesSent, statelessAnswersSuppressed + other.statelessAnswersSuppressed,
                datagramsDropped + other.datagramsDropped, connectionsShed + other.connectionsShed,
                bufferedBytes + other.bufferedBytes, saturatedSum(bufferCeiling, other.bufferCeiling),
                underMemoryPressure || other.underMemoryPressure);
    }

    private static long saturatedSum(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }
}
