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
 * <p>Fetch with {@link io.quic4j.http3.Http3Client}: one connection per origin, reused by concurrent requests
 * and replaced after a GOAWAY; a request the server will not process fails with
 * {@link io.quic4j.http3.Http3RetryableException}.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("h3").trustCertificates(Path.of("ca.pem")).build();
 * try (Http3Client client = Http3Client.create(Http3ClientConfig.defaults(tls))) {
 *     Http3ClientResponse r = client.send(Http3ClientRequest.newBuilder(URI.create("https://localhost:4433/")).build());
 *     System.out.println(r.statusCode() + " " + new String(r.bodyBytes(), UTF_8));
 * }
 * }</pre>
 *
 * <p>Overload: every server runs a reset-rate circuit breaker (DESIGN.md §5), {@link io.quic4j.http3.Http3Server#circuitBreaker()},
 * configured with {@link io.quic4j.http3.CircuitBreakerConfig}: when clients reset too many of their requests it
 * goes {@link io.quic4j.http3.CircuitBreakerState#DEGRADED} (less stream credit, 503 with Retry-After when over
 * capacity), then {@link io.quic4j.http3.CircuitBreakerState#BLOCKED} (503 for everything but the health paths)
 * until an operator resets it or a health check passes. Its numbers are a {@link io.quic4j.http3.CircuitBreakerSnapshot};
 * its transitions go to {@link io.quic4j.http3.CircuitBreakerListener}s, the {@code io.quic4j.http3.overload} logger
 * and JFR.
 *
 * <pre>{@code
 * server.circuitBreaker().addListener(t -> alerts.send(t.from() + " -> " + t.to() + ": " + t.reason()));
 * server.circuitBreaker().reset("abuse filtered upstream");
 * }</pre>
 *
 * <p>{@code io.quic4j.http3.adapter} runs any {@code com.sun.net.httpserver.HttpHandler} unchanged over HTTP/3.
 *
 * <p>Internals: {@code frame} (HTTP/3 frames, stream types, settings), {@code qpack} (field compression),
 * {@code session} (one connection's control and QPACK streams), {@code server} (request streams),
 * {@code overload} (the circuit breaker) and {@code client} (the client's connections and exchanges).
 */
package io.quic4j.http3;
