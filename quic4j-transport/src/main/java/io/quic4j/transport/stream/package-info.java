/**
 * The byte-buffer layer under streams and CRYPTO data (RFC 9000 §2.2, §4.5, §7.5, §13.3, §19.6, §19.8):
 * {@link io.quic4j.transport.stream.ReceiveBuffer} reassembles a peer's out-of-order, overlapping and
 * repeated ranges into an in-order byte stream under a hard bound the caller sets, enforcing final size
 * rules; {@link io.quic4j.transport.stream.SendBuffer} holds our bytes until acknowledged, hands out
 * lost ranges before new data, and applies back-pressure; {@link io.quic4j.transport.stream.CryptoStream}
 * puts one of each behind the CRYPTO frames of an encryption level, with the CRYPTO_BUFFER_EXCEEDED
 * bound. Refusals of peer data are typed ({@link io.quic4j.transport.stream.ReceiveBufferException}) so
 * each caller picks its error code. The stream state machines of RFC 9000 §3 build on these. Start
 * reading at {@code ReceiveBuffer}, then {@code SendBuffer}.
 */
package io.quic4j.transport.stream;
