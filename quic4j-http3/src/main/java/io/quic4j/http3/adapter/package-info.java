/**
 * Runs a {@code com.sun.net.httpserver.HttpHandler} unchanged over HTTP/3: {@link
 * io.quic4j.http3.adapter.HttpHandlerAdapter} is an {@link io.quic4j.http3.Http3Handler} presenting each request as an
 * {@code HttpExchange} ({@code Http3Exchange}), with {@code sendResponseHeaders} mapped onto the HEADERS frame and the
 * body onto DATA frames (RFC 9114 §4.1). Start with {@link io.quic4j.http3.adapter.HttpHandlerAdapter}.
 */
package io.quic4j.http3.adapter;
