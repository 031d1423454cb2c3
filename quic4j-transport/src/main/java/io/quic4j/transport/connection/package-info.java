/**
 * The sans-I/O QUIC connection (DESIGN.md §2; RFC 9000 §5-§10, §12-§14, §17; RFC 9001 §4-§6; RFC 9002
 * §6): one client or server connection driven entirely by its owner, with time passed in.
 *
 * <p>Start at {@link io.quic4j.transport.connection.Connection} (the facade: {@code receive}, {@code send},
 * {@code nextTimeout}, {@code onTimeout}, {@code pollEvent} and the commands), then read the concerns it
 * delegates to, each in its own class over the shared {@code ConnectionState}:
 * {@code HandshakeDriver} (TLS over CRYPTO frames, keys per level, transport parameters, confirmation and
 * key discard, RFC 9001 §4), {@code PacketReceiver} and {@code FrameHandler} (coalesced packets,
 * protection removal, frame rules and dispatch), {@code PacketAssembler} (coalescing, padding to 1200,
 * congestion/pacing/amplification limits, protection), {@code Recovery} (loss detection, congestion control,
 * retransmission of frame content), {@code OneRttKeys} (key update, RFC 9001 §6), {@code Lifecycle},
 * {@code CloseState} and {@code IdleTimer} (RFC 9000 §10), {@code VersionAndRetry} (RFC 9000 §6, §17.2.5),
 * {@code ConnectionIds} (§5.1, §10.3), {@code PathValidation} (migration of either side and path validation, §9, §8.2), {@code PathResponses} (PATH_RESPONSEs owed to a path the peer probes without moving to it, §8.2.2), {@code EarlyPackets}
 * (packets that beat their keys, §12.2) and {@code ConnectionStreams} (the application's stream commands and
 * events over the {@link io.quic4j.transport.stream.StreamMap}, RFC 9000 §2-§4). {@code Datagrams} (the DATAGRAM extension, RFC 9221: bounded queues, checks, never retransmitted). {@code PathMtu} (the maximum datagram size: 1200 until path MTU discovery, DPLPMTUD in {@link io.quic4j.transport.pmtu}, finds more, RFC 9000 §14). {@code ConnectionLog} writes {@link System.Logger} lines; {@link io.quic4j.transport.connection.ConnectionTracer} (made per connection by {@code ConnectionConfig.tracers}, called through {@code GuardedTracer}) receives what happens as plain values, for qlog ({@code io.quic4j.transport.qlog}). Settings are in {@link io.quic4j.transport.connection.ConnectionConfig},
 * what happens is reported as {@link io.quic4j.transport.connection.ConnectionEvent}s.
 */
package io.quic4j.transport.connection;
