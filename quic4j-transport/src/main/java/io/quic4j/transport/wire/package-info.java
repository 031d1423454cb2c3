/**
 * QUIC wire format: everything that turns bytes into values and back, with no state.
 *
 * <p>This package holds the primitives: {@link io.quic4j.transport.wire.VarInt} (RFC 9000 §16) and
 * {@link io.quic4j.transport.wire.ConnectionId} (§5.1). Sub-packages hold the rest: {@code frame}
 * (§19 and RFC 9221), {@code packet} (§17, RFC 9369 §3), {@code params} (§18).
 *
 * <p>Rule for every decoder here: never trust a length. Malformed input raises
 * {@link io.quic4j.transport.QuicTransportException} with the RFC error code, never another exception.
 */
package io.quic4j.transport.wire;
