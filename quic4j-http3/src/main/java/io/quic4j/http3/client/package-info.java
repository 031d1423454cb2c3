/**
 * The HTTP/3 client's internals (RFC 9114 §3.3, §4.1, §5.2): {@link io.quic4j.http3.client.ClientEngine} keeps one
 * connection per origin ({@code ClientConnection}: its client {@link io.quic4j.http3.session.Http3Session} and the
 * server's GOAWAY), and runs each request as an {@code Exchange} on virtual threads, encoding and decoding field
 * sections on the connection's event loop. Start reading at {@code ClientEngine#send}.
 */
package io.quic4j.http3.client;
