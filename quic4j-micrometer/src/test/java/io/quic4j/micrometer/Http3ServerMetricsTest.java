package io.quic4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.transport.QuicConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Http3ServerMetrics} on a real {@link Http3Server} over loopback: the transport meters count accepted and
 * refused connections; the circuit breaker's meters follow it HEALTHY → DEGRADED (clients resetting requests) →
 * HEALTHY (operator reset) and HEALTHY → DEGRADED → BLOCKED, with requests shed and refused counted; closing the
 * binding removes every meter and stops counting. Every wait is bounded; nothing is asserted on speed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http3ServerMetricsTest {
    private static final String H3 = "h3";
    private static final Tags TAGS = Tags.of("server", "test");
    private static final Duration BOUND = Duration.ofSeconds(30);
    /**
     * Client resets, exactly the breaker's minSamples: no request follows the last one before the breaker trips, so
     * none of them can be shed (a shed request never reaches the handler).
     */
    private static final int RESETS = 5;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * {@code x-reset: id}: waits until the client cancels (a client reset). {@code x-hold: id}: waits for
     * {@link #release}, then 200. Anything else: 200.
     */
    private Http3Handler handler() {
        return (request, response) -> {
            String id = request.headers().get("x-reset");
            if (id != null) {
                started.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
                request.cancellation().get(30, TimeUnit.SECONDS);
                return; // the client is gone
            }
            String hold = request.headers().get("x-hold");
            if (hold != null) {
                started.computeIfAbsent(hold, k -> new CompletableFuture<>()).complete(null);
                release.get(30, TimeUnit.SECONDS);
            }
            response.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static Http3Server start(Path dir, Http3ServerConfig config, Http3Handler handler) throws IOException {
        return Http3Server.bind(TestTls.LOOPBACK, config, TestTls.server(dir, H3), handler);
    }

    private static Http3Client client(Path dir) {
        return Http3Client.create(Http3ClientConfig.defaults(TestTls.client(dir, H3)));
    }

    private static URI base(Http3Server server) {
        return URI.create("https://localhost:" + server.localAddress().getPort() + "/");
    }

    private static int get(Http3Client client, URI uri) throws IOException, InterruptedException {
        Http3ClientResponse r = client.send(Http3ClientRequest.newBuilder(uri).build());
        r.bodyBytes();
        return r.statusCode();
    }

    /** Sends a request the server holds, and cancels it once the handler has it: one stream ended by a reset. */
    private void resetOne(Http3Client client, URI base) throws Exception {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Void> inHandler = started.computeIfAbsent(id, k -> new CompletableFuture<>());
        CompletableFuture<Http3ClientResponse> f = client
                .sendAsync(Http3ClientRequest.newBuilder(base.resolve("/work")).header("x-reset", id).build());
        inHandler.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        f.completeExceptionally(new IOException("client gives up")); // Http3Client resets the stream
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(TAGS).tags(tags).gauge().value();
    }

    private double functionCounter(String name, String... tags) {
        return registry.get(name).tags(TAGS).tags(tags).functionCounter().count();
    }

    private double transitions(CircuitBreakerState from, CircuitBreakerState to) {
        return registry.get("quic4j.http3.breaker.transitions").tags(TAGS)
                .tags("from", CircuitBreakerMetrics.name(from), "to", CircuitBreakerMetrics.name(to)).counter()
                .count();
    }

    /** Polls (bounded) until {@code value} is {@code expected}, then asserts it. */
    private static void await(String what, DoubleSupplier value, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (value.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsDouble()).as(what + " within " + BOUND).isEqualTo(expected);
    }

    private void assertState(CircuitBreakerState state) {
        for (CircuitBreakerState s : CircuitBreakerState.values()) {
            assertThat(gauge("quic4j.http3.breaker.state", "state", CircuitBreakerMetrics.name(s)))
                    .as("state gauge " + s).isEqualTo(s == state ? 1 : 0);
        }
        assertThat(gauge("quic4j.http3.breaker.state.level")).isEqualTo(CircuitBreakerMetrics.level(state));
    }

    /** A breaker that trips on 5 streams, sheds once one request is in flight on the server. */
    private static Http3ServerConfig breakerConfig(Duration blockAfter) {
        return Http3ServerConfig.builder()
                .quicConfig(QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(30)).build())
                .circuitBreaker(CircuitBreakerConfig.builder().minSamples(RESETS).capacity(2).blockAfter(blockAfter)
                        .build())
                .build();
    }

    @Test
    void transportMetersCountAcceptedAndRefusedConnections(@TempDir Path dir) throws Exception {
        // one connection at most: a second client is refused with CONNECTION_REFUSED (RFC 9000 §5.2.2)
        QuicConfig quic = QuicConfig.builder().eventLoops(1).maxConnections(1).handshakeBacklog(1)
                .maxIdleTimeout(Duration.ofSeconds(30)).build();
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(quic).build();
        try (Http3Server server = start(dir, config, handler());
                Http3ServerMetrics _ = Http3ServerMetrics.bind(server, registry, Duration.ZERO, TAGS);
                Http3Client first = client(dir);
                Http3Client second = client(dir)) {
            assertThat(gauge("quic4j.quic.connections.open")).isZero();
            assertThat(functionCounter("quic4j.quic.connections.accepted")).isZero();
            assertThat(gauge("quic4j.quic.buffer.ceiling")).isPositive();
            assertThat(gauge("quic4j.quic.memory.pressure")).isZero();
            assertThat(registry.get("quic4j.quic.connections.refused").tags(TAGS).functionCounters())
                    .extracting(c -> c.getId().getTag("reason")).containsExactlyInAnyOrder("shutting_down",
                            "connection_limit", "handshake_backlog", "memory", "rate_limit", "invalid_token");

            assertThat(get(first, base(server))).isEqualTo(200);
            await("connections accepted", () -> functionCounter("quic4j.quic.connections.accepted"), 1);
            assertThat(gauge("quic4j.quic.connections.open")).isEqualTo(1);
            assertThat(gauge("quic4j.quic.handshakes.in.progress")).isZero();
            assertThat(gauge("quic4j.quic.buffered")).isGreaterThanOrEqualTo(0);

            assertThatThrownBy(() -> get(second, base(server))).isInstanceOf(IOException.class);
            assertThat(functionCounter("quic4j.quic.connections.refused", "reason", "connection_limit"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(functionCounter("quic4j.quic.connections.refused", "reason", "memory")).isZero();
            assertThat(functionCounter("quic4j.quic.connections.accepted")).isEqualTo(1);
            assertThat(gauge("quic4j.quic.connections.open")).isEqualTo(1);
            assertThat(functionCounter("quic4j.quic.connections.shed")).isZero();
        }
    }

    @Test
    void breakerMetersFollowDegradedSheddingAndTheOperatorsReset(@TempDir Path dir) throws Exception {
        try (Http3Server server = start(dir, breakerConfig(Duration.ofMinutes(10)), handler());
                Http3ServerMetrics _ = Http3ServerMetrics.bind(server, registry, TAGS);
                Http3Client client = client(dir)) {
            URI base = base(server);
            assertState(CircuitBreakerState.HEALTHY);
            assertThat(transitions(CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED)).isZero();
            assertThat(functionCounter("quic4j.http3.breaker.requests.shed")).isZero();

            // 5 of 5 streams reset by the client: rate 1, above any threshold (at most 0.30, DESIGN.md §5)
            for (int i = 0; i < RESETS; i++) {
                resetOne(client, base);
            }
            await("healthy -> degraded transitions",
                    () -> transitions(CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED), 1);
            assertThat(server.circuitBreaker().state()).isEqualTo(CircuitBreakerState.DEGRADED);
            assertState(CircuitBreakerState.DEGRADED);
            assertThat(gauge("quic4j.http3.breaker.reset.rate")).isEqualTo(1.0);
            assertThat(gauge("quic4j.http3.breaker.threshold")).isBetween(0.02, 0.30);
            assertThat(gauge("quic4j.http3.breaker.window.streams.reset")).isEqualTo(RESETS);
            assertThat(gauge("quic4j.http3.breaker.window.streams.ended")).isEqualTo(RESETS);

            // DEGRADED and one request in flight (capacity 2 × shedding fraction 0.5): the next one is shed
            int shedBefore = 0;
            CompletableFuture<Http3ClientResponse> held = null;
            for (int attempt = 0; attempt < 100 && held == null; attempt++) {
                String id = "hold-" + attempt;
                CompletableFuture<Void> inHandler = started.computeIfAbsent(id, k -> new CompletableFuture<>());
                CompletableFuture<Http3ClientResponse> f = client
                        .sendAsync(Http3ClientRequest.newBuilder(base.resolve("/hold")).header("x-hold", id).build());
                CompletableFuture.anyOf(inHandler, f).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                if (inHandler.isDone()) {
                    held = f;
                } else {
                    // a reset request's handler was still finishing, so this one was shed too: try again
                    assertThat(f.join().statusCode()).isEqualTo(503);
                    shedBefore++;
                    Thread.sleep(50);
                }
            }
            assertThat(held).as("a request held in its handler").isNotNull();
            assertThat(get(client, base.resolve("/work"))).isEqualTo(503);
            assertThat(functionCounter("quic4j.http3.breaker.requests.shed")).isEqualTo(shedBefore + 1);
            assertThat(functionCounter("quic4j.http3.breaker.requests.refused")).isZero();
            release.complete(null);
            assertThat(held.get(BOUND.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            server.circuitBreaker().reset("metrics test").get(BOUND.toSeconds(), TimeUnit.SECONDS);
            await("degraded -> healthy transitions",
                    () -> transitions(CircuitBreakerState.DEGRADED, CircuitBreakerState.HEALTHY), 1);
            assertState(CircuitBreakerState.HEALTHY);
            assertThat(transitions(CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED)).isEqualTo(1);
            assertThat(transitions(CircuitBreakerState.DEGRADED, CircuitBreakerState.BLOCKED)).isZero();
            assertThat(get(client, base.resolve("/work"))).isEqualTo(200);
        }
    }

    @Test
    void blockedRefusalsAreCountedAndCloseRemovesEveryMeter(@TempDir Path dir) throws Exception {
        try (Http3Server server = start(dir, breakerConfig(Duration.ofSeconds(1)), handler());
                Http3Client client = client(dir)) {
            Http3ServerMetrics metrics = Http3ServerMetrics.bind(server, registry, TAGS);
            URI base = base(server);
            for (int i = 0; i < RESETS; i++) {
                resetOne(client, base);
            }
            // the resets stay in the 10 s window, so the rate stays above the threshold for blockAfter (1 s)
            await("degraded -> blocked transitions",
                    () -> transitions(CircuitBreakerState.DEGRADED, CircuitBreakerState.BLOCKED), 1);
            assertThat(transitions(CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED)).isEqualTo(1);
            assertState(CircuitBreakerState.BLOCKED);

            assertThat(get(client, base.resolve("/work"))).isEqualTo(503);
            assertThat(get(client, base.resolve("/healthz"))).isEqualTo(200); // health paths stay served
            assertThat(functionCounter("quic4j.http3.breaker.requests.refused")).isEqualTo(1);

            metrics.close();
            assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
            metrics.close(); // idempotent

            // no longer listening: a later transition registers nothing
            server.circuitBreaker().reset("after close").get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(server.circuitBreaker().state()).isEqualTo(CircuitBreakerState.HEALTHY);
            assertThat(registry.getMeters()).isEmpty();

            // a new binding starts again, counting from its own start
            try (Http3ServerMetrics _ = Http3ServerMetrics.bind(server, registry, TAGS)) {
                assertState(CircuitBreakerState.HEALTHY);
                assertThat(transitions(CircuitBreakerState.BLOCKED, CircuitBreakerState.HEALTHY)).isZero();
                assertThat(registry.get("quic4j.http3.breaker.requests.refused").functionCounters())
                        .extracting(FunctionCounter::count).containsExactly(1.0);
            }
        }
    }
}
