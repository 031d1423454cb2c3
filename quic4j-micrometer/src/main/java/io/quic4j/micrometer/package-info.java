/**
 * The optional Micrometer bridge (DESIGN.md §7, §10): binds a server's overload metrics into a
 * {@link io.micrometer.core.instrument.MeterRegistry}. Start with {@link io.quic4j.micrometer.Http3ServerMetrics}
 * for an {@link io.quic4j.http3.Http3Server}: the reset-rate circuit breaker of DESIGN.md §5
 * ({@link io.quic4j.micrometer.CircuitBreakerMetrics}, {@code quic4j.http3.breaker.*}: state, rate, threshold,
 * requests shed and refused, transitions tagged {@code from}/{@code to}) and the QUIC endpoint's protection
 * counters ({@link io.quic4j.micrometer.QuicServerMetrics}, {@code quic4j.quic.*}: connections open, accepted and
 * refused by reason, Retry and rate limiting, datagrams dropped, buffered bytes and memory pressure). Each
 * {@code bind} returns an {@link java.lang.AutoCloseable} whose {@code close()} removes its meters.
 *
 * <p>With Prometheus ({@code io.micrometer:micrometer-registry-prometheus}, not a dependency of this module):
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Http3Server server = Http3Server.bind(new InetSocketAddress(443), Http3ServerConfig.defaults(), tls,
 *         (request, response) -> {
 *             if (request.path().equals("/metrics")) { // a virtual thread: the scrape may wait for the loops
 *                 response.send(200, "text/plain; version=0.0.4", prometheus.scrape().getBytes(UTF_8));
 *             } else {
 *                 site.handle(request, response);
 *             }
 *         });
 * Http3ServerMetrics metrics = Http3ServerMetrics.bind(server, prometheus, Tag.of("server", "www"));
 * // quic4j_http3_breaker_state{server="www",state="blocked"} 0.0
 * // quic4j_http3_breaker_transitions_total{from="healthy",server="www",to="degraded"} 0.0
 * // quic4j_quic_connections_refused_total{reason="connection_limit",server="www"} 0.0
 * // quic4j_quic_buffered_bytes{server="www"} 0.0
 * }</pre>
 *
 * <p>Or in a test, with a {@link io.micrometer.core.instrument.simple.SimpleMeterRegistry}:
 *
 * <pre>{@code
 * SimpleMeterRegistry registry = new SimpleMeterRegistry();
 * try (Http3ServerMetrics metrics = Http3ServerMetrics.bind(server, registry)) {
 *     double level = registry.get("quic4j.http3.breaker.state.level").gauge().value(); // 0 healthy
 *     double open = registry.get("quic4j.quic.connections.open").gauge().value();
 *     System.out.println(registry.getMetersAsString());
 * }
 * }</pre>
 *
 * <p>The transport's figures come from {@link io.quic4j.transport.QuicServer#stats()}, which asks every event loop:
 * the meters share one snapshot reused for a second (configurable), and never wait on an event loop thread.
 */
package io.quic4j.micrometer;
