/**
 * The HTTP/3 server's request handling (RFC 9114 §4): {@link io.quic4j.http3.server.ServerConnection} ties a
 * connection's {@code Http3Session} to the application's handler; {@code RequestStream} reads one request stream's
 * frames (HEADERS through the session's QPACK decoder, DATA handed to the handler as it reads), runs the handler on
 * a virtual thread and finishes or resets both halves when it returns (DESIGN.md §3); {@code RequestHead} checks
 * the header section (§4.1.2, §4.2, §4.3.1, §4.4: malformed means H3_MESSAGE_ERROR); {@code ServerRequest} and
 * {@code ServerResponse} are what the handler holds. Start with {@code RequestStream}.
 *
 * <p>Abuse (issue 8, DESIGN.md §5, RFC 9114 §10.5), bounded by {@link io.quic4j.http3.Http3AbuseLimits}:
 * a request stream returns its stream credit only when its handle is closed after the handler returned (the server
 * binds with {@code QuicConfig.streamCreditOnClose}), so a client that resets streams whose handlers still run gets
 * no new ones; {@code ServerConnection} also runs at most the request limit of handlers per connection, and
 * counts request streams that end reset, by the client or provoked, beside those that complete, in a
 * {@code ResetAccounting}; past its bound the connection is closed with H3_EXCESSIVE_LOAD (rapid reset,
 * CVE-2023-44487). {@code RequestStream} resets a request whose head is not complete
 * in time (H3_REQUEST_INCOMPLETE) or whose body stalls while the handler waits (H3_REQUEST_CANCELLED), and
 * {@code ServerResponse} one whose client grants no credit for a write (H3_REQUEST_CANCELLED); {@code Timers} runs
 * those clocks off the loop.
 */
package io.quic4j.http3.server;
