/**
 * Connection IDs (RFC 9000 §5.1) and stateless resets (§10.3): how we mint our connection IDs, which ones
 * we have issued to the peer ({@link io.quic4j.transport.cid.LocalConnectionIds}, §5.1.1, §19.15, §19.16),
 * which ones the peer has issued to us ({@link io.quic4j.transport.cid.PeerConnectionIds}, §5.1.2),
 * stateless reset tokens derived from a server-wide key ({@link io.quic4j.transport.cid.StatelessResetTokens},
 * §10.3.2) and the stateless reset datagram itself ({@link io.quic4j.transport.cid.StatelessReset}, §10.3,
 * §10.3.1, §10.3.3).
 *
 * <p>The per-connection managers are sans-I/O and thread-confined like the rest of the connection: no
 * clock, no locks. The generator and the reset-token key are server-wide; how a generated ID encodes
 * its owning event loop (QUIC-LB style, DESIGN.md §2) is up to the {@link
 * io.quic4j.transport.cid.ConnectionIdGenerator} plugged in. Start reading at {@code LocalConnectionIds}
 * and {@code PeerConnectionIds}.
 */
package io.quic4j.transport.cid;
