/**
 * HTTP/3 (RFC 9114) and QPACK (RFC 9204), the module's API. Serve requests with
 * {@link io.quic4j.http3.Http3Server#bind} and an {@link io.quic4j.http3.Http3Handler}, which sees an
 * {@link io.quic4j.http3.Http3Request} (pseudo-headers, {@link io.quic4j.http3.Http3Headers}, streaming body,
 * trailers, cancellation) and answers through an {@link io.quic4j.http3.Http3Response}; configure with
 * {@link io.quic4j.http3.Http3ServerConfig}; stop with {@link io.quic4j.http3.Http3Server#shutdown} (GOAWAY, RFC 9114
 * §5.2). Errors use {@link io.quic4j.http3.Http3Error} and {@link io.quic4j.http3.Http3Exception}.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
 *         .certificate(Path.of("cert.pem"), Path.of("key.pem")).build();
 * try (Http3Server server = Http3Server.bind(new InetSocketAddress(4433), Http3ServerConfig.defaults(), tls,
 *         (request, response) -> response.send(200, "text/plain", request.path().getBytes(UTF_8)))) {
 *     Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 *
 * <p>Internals: {@code frame} (HTTP/3 frames, stream types, settings), {@code qpack} (field compression),
 * {@code session} (one connection's control and QPACK streams) and {@code server} (request streams).
 */
package io.quic4j.http3;
