/**
 * The per-connection HTTP/3 state (RFC 9114 §6.2, RFC 9204 §4.2): {@link io.quic4j.http3.session.Http3Session}
 * opens our control and QPACK streams, dispatches the peer's unidirectional streams by type (control frames through
 * {@code ControlStreamState}, QPACK instructions to the shared encoder and decoder), hands request streams on, and
 * turns {@link io.quic4j.http3.Http3Exception}s on critical streams into a connection close with their code. It
 * bounds unknown stream types and control-stream frames ({@link io.quic4j.http3.session.SessionSettings}, from
 * {@link io.quic4j.http3.Http3AbuseLimits}) and tells the encoder how much of its stream the transport has yet to
 * take. All of
 * it runs on the connection's event loop (DESIGN.md §2), so it needs no lock.
 */
package io.quic4j.http3.session;
