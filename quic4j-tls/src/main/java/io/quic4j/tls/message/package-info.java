/**
 * TLS 1.3 handshake messages and extensions (RFC 8446 §4, RFC 7301, RFC 6066 §3, RFC 9001 §8.2) as
 * immutable records with their codecs.
 *
 * <p>Start with {@link io.quic4j.tls.message.HandshakeMessage} (the sealed set of messages and the
 * decoder dispatch) and {@link io.quic4j.tls.message.Extensions} (an extension block, which enforces
 * RFC 8446 §4.2's no-duplicates and where-allowed rules per {@link io.quic4j.tls.message.MessageContext}).
 * {@link io.quic4j.tls.message.TlsReader} never trusts a length: malformed input raises
 * {@link io.quic4j.tls.TlsAlertException} with decode_error, illegal_parameter, unexpected_message or
 * the alert RFC 8446 names for the rule. Opaque fields are read-only slices of the input, so records
 * compare by content and decoding copies no payload. Semantic checks that need handshake state
 * (what was offered, the hash length) live in {@code io.quic4j.tls.handshake}.
 */
package io.quic4j.tls.message;
