/**
 * The TLS 1.3 handshake engine for QUIC: the API. Start with {@link io.quic4j.tls.TlsEngine} (the
 * sans-I/O engine: handshake bytes in and out per {@link io.quic4j.tls.EncryptionLevel}, secrets and
 * other {@link io.quic4j.tls.TlsEvent}s out) and {@link io.quic4j.tls.TlsEngineConfig} (immutable,
 * validated settings). Failures are {@link io.quic4j.tls.TlsAlertException}s carrying the
 * {@link io.quic4j.tls.TlsAlert} that becomes QUIC CRYPTO_ERROR 0x100+alert (RFC 9001 §4.8).
 * Resumption and 0-RTT use {@link io.quic4j.tls.SessionTicket} (client),
 * {@link io.quic4j.tls.SessionTicketKeys} and {@link io.quic4j.tls.EarlyDataReplayGuard} (server).
 * {@link io.quic4j.tls.TlsKeyDerivation} gives the transport HKDF-Expand-Label for its packet keys
 * (RFC 9001 §5.1).
 */
package io.quic4j.tls;
