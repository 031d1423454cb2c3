/**
 * The HTTP/3 server's request handling (RFC 9114 §4): {@link io.quic4j.http3.server.ServerConnection} ties a
 * connection's {@code Http3Session} to the application's handler; {@code RequestStream} reads one request stream's
 * frames (HEADERS through the session's QPACK decoder, DATA handed to the handler as it reads), runs the handler on
 * a virtual thread and finishes or resets both halves when it returns (DESIGN.md §3); {@code RequestHead} checks
 * the header section (§4.1.2, §4.2, §4.3.1, §4.4: malformed means H3_MESSAGE_ERROR); {@code ServerRequest} and
 * {@code ServerResponse} are what the handler holds. Start with {@code RequestStream}.
 */
package io.quic4j.http3.server;
