/**
 * The public API of the QUIC transport.
 *
 * <p>So far this holds the error vocabulary shared by every layer: {@link io.quic4j.transport.TransportError}
 * (RFC 9000 §20.1) and {@link io.quic4j.transport.QuicTransportException}, which every decoder throws
 * for malformed input. The connection, stream and endpoint API arrives with the engine.
 *
 * <p>Internals live in sub-packages, one concern each: {@code wire} (codecs, RFC 9000 §12, §16-§19),
 * {@code crypto} (packet protection, RFC 9001 §5).
 */
package io.quic4j.transport;
