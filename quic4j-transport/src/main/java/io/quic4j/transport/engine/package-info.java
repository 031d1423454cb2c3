/**
 * The UDP engine (DESIGN.md §2): event loops that own sockets, connections and timers; the only place in
 * the transport with threads, sockets and clocks.
 *
 * <p>Start at {@link io.quic4j.transport.engine.EventLoop}: one platform thread with a selector, a queue of
 * commands posted by other threads, a {@link io.quic4j.transport.engine.TimerHeap} of per-connection
 * timers and a flush queue; {@code UdpSocket} reads in batches and keeps one datagram when the kernel is
 * full. A server ({@link io.quic4j.transport.engine.ServerEngine}) runs one {@code ServerLoop} per event loop,
 * each with its own SO_REUSEPORT socket and sans-I/O {@code ServerEndpoint}; its connection IDs encode the
 * owning loop ({@link io.quic4j.transport.engine.LoopConnectionIds}), so a datagram read by the wrong loop is
 * forwarded. A client ({@link io.quic4j.transport.engine.ClientEngine}) gives each connection its own
 * socket on a loop chosen round-robin.
 *
 * <p>Per connection, a {@code ConnectionDriver} (loop side) owns the sans-I/O connection and turns its
 * events into completed futures; the application holds a {@code ConnectionHandle} that only posts
 * commands. Streams are split the same way: {@code StreamDriver} on the loop, {@code StreamHandle} for the
 * application, watched by a {@link java.lang.ref.Cleaner} so a dropped handle cannot hold the peer's
 * credit (DESIGN.md §3). {@code Drain} is the graceful close of one loop's connections (DESIGN.md §4); Initials
 * that arrive meanwhile are refused by the endpoint with a stateless CONNECTION_REFUSED, so they create no
 * connection and no driver for the drain to wait on. The server-wide protections of {@code QuicConfig}
 * (handshake rate per address prefix, stateless answer and refusal rates, buffer ceiling) are split evenly
 * between the loops by {@code EngineConfigs.limits}, each loop owning its share (DESIGN.md §2).
 */
package io.quic4j.transport.engine;
