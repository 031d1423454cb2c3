/**
 * Sans-I/O QUIC endpoints (DESIGN.md §2, §5): what an event loop runs for one UDP socket. Start with
 * {@link io.quic4j.transport.endpoint.ServerEndpoint}: routing by connection ID through a table that a
 * peer cannot flood into collisions ({@code ConnectionTable}), new connections for valid client Initials
 * (RFC 9000 §14.1), Version Negotiation (§6.1), Retry with stateless tokens from {@code transport.token}
 * (§8.1.2, §17.2.5), and stateless resets from {@code transport.cid} (§10.3). Settings are in
 * {@link io.quic4j.transport.endpoint.ServerEndpointConfig}. {@link io.quic4j.transport.endpoint.ClientEndpoint}
 * is the client's counterpart around one connection.
 */
package io.quic4j.transport.endpoint;
