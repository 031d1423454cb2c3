/**
 * Sans-I/O QUIC endpoints (DESIGN.md §2, §5): what an event loop runs for one UDP socket. Start with
 * {@link io.quic4j.transport.endpoint.ServerEndpoint}: routing by connection ID through a table that a
 * peer cannot flood into collisions ({@code ConnectionTable}), new connections for valid client Initials
 * (RFC 9000 §14.1), Version Negotiation (§6.1), Retry with stateless tokens from {@code transport.token}
 * (§8.1.2, §17.2.5), and stateless resets from {@code transport.cid} (§10.3). Settings are in
 * {@link io.quic4j.transport.endpoint.ServerEndpointConfig}. {@link io.quic4j.transport.endpoint.ClientEndpoint}
 * is the client's counterpart around one connection. The live connections take turns to send in a
 * {@code SendRing}: round-robin that no removal disturbs, O(1) to add and remove, for a million connections and a
 * churn of them.
 *
 * <p><b>Floods and overload</b> (RFC 9000 §21, issue 8), set by {@link io.quic4j.transport.endpoint.EndpointLimits}:
 * no datagram from an unknown sender creates state until its Initial opens with its Initial keys; answers
 * that need no state (Version Negotiation, Retry, stateless resets of at most 64 bytes) are bounded by a token
 * bucket and always smaller than what triggered them; a server that will not serve a client (shutting down,
 * at its connection cap, handshake backlog or buffer ceiling, or the client's address prefix over its handshake
 * rate) answers with one stateless Initial carrying CONNECTION_CLOSE with CONNECTION_REFUSED
 * ({@code StatelessClose}, §5.2.2), within its own rate; {@code HandshakeRateLimiter} keeps one token bucket per
 * address prefix in a bounded, keyed map; the buffer ceiling (back-pressure on credit, admission, shedding) is
 * accounted in {@code transport.memory}.
 *
 * <p><b>Saying what it does</b> (DESIGN.md §7): {@code ServerEndpoint.stats()} counts refusals by reason, Retry,
 * rate limiting, suppressed answers, shed connections and the buffers against the ceiling, as a
 * {@link io.quic4j.transport.QuicServerStats} that {@code QuicServer.stats()} sums over the loops;
 * {@code EndpointLog} writes to {@link System.Logger} {@code io.quic4j.transport.endpoint}: WARNING per shed
 * connection, INFO when memory pressure starts and ends, and an INFO summary of refusals and rate limiting at
 * most every 10 seconds (time passed in, like everything here).
 */
package io.quic4j.transport.endpoint;
