package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.frame.GoAwayFrame;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.transport.QuicStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What feeds the circuit breaker (DESIGN.md §5): requests the application served count as ended, client resets as
 * resets, and the server's own refusals not at all: H3_REQUEST_REJECTED past a GOAWAY, malformed requests, and the
 * breaker's 503s. Each test ends with a marker request known to count; once the breaker shows it, everything before
 * it has been folded in, so "not counted" is checked without waiting on a clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BreakerAccountingTest {
    private final Map<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> release = new ConcurrentHashMap<>();

    /** {@code /hold/<name>} waits until released or cancelled; anything else answers 200. */
    private Http3Handler handler() {
        return (request, response) -> {
            if (request.path().startsWith("/hold/")) {
                String name = request.path().substring(6);
                started.computeIfAbsent(name, k -> new CompletableFuture<>()).complete(null);
                CompletableFuture<Void> r = release.computeIfAbsent(name, k -> new CompletableFuture<>());
                CompletableFuture.anyOf(r, request.cancellation()).get(30, TimeUnit.SECONDS);
                if (request.cancellation().isDone()) {
                    return;
                }
            }
            response.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static Http3ServerConfig config(CircuitBreakerConfig breaker) {
        return Http3ServerConfig.builder().quicConfig(TestServers.quicConfig()).circuitBreaker(breaker).build();
    }

    /** Opens {@code /hold/<name>} and waits until its handler runs. */
    private QuicStream hold(RawClient c, String name) throws Exception {
        QuicStream s = c.connection.openBidirectionalStream().join();
        s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/hold/" + name))).join();
        s.finish().join();
        started.computeIfAbsent(name, k -> new CompletableFuture<>()).get(20, TimeUnit.SECONDS);
        return s;
    }

    private static CircuitBreakerSnapshot awaitEnded(Http3Server server, long ended) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.circuitBreaker().snapshot().endedInWindow() < ended && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return server.circuitBreaker().snapshot();
    }

    @Test
    void servedRequestsCountAsEndedAndClientResetsAsResets(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, config(CircuitBreakerConfig.builder().minSamples(1000)
                .build()), handler()); RawClient c = new RawClient(dir, server.localAddress())) {
            c.control();
            for (int i = 0; i < 5; i++) {
                assertThat(c.get("/").status()).isEqualTo(200);
            }
            QuicStream s = hold(c, "reset-me");
            s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code()); // STOP_SENDING
            s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
            s.close();

            CircuitBreakerSnapshot snap = awaitEnded(server, 6);

            assertThat(snap.endedInWindow()).isEqualTo(6);
            assertThat(snap.resetsInWindow()).isEqualTo(1);
        }
    }

    @Test
    void requestsRejectedPastGoAwayDoNotCount(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, config(CircuitBreakerConfig.defaults()), handler());
                RawClient a = new RawClient(dir, server.localAddress());
                RawClient keeper = new RawClient(dir, server.localAddress())) {
            a.control();
            keeper.control();
            QuicStream heldA = hold(a, "a");
            QuicStream heldKeeper = hold(keeper, "keeper"); // keeps the server and its breaker running meanwhile
            server.shutdown(Duration.ofSeconds(30));
            a.awaitControlFrame(GoAwayFrame.class);

            // RFC 9114 §5.2: a request past the GOAWAY is reset with H3_REQUEST_REJECTED, unprocessed
            assertThatThrownBy(() -> a.get("/"))
                    .hasMessageContaining("error code " + Http3Error.H3_REQUEST_REJECTED.code());
            release.computeIfAbsent("a", k -> new CompletableFuture<>()).complete(null); // the marker
            assertThat(RawClient.readResponse(heldA).status()).isEqualTo(200);

            CircuitBreakerSnapshot snap = awaitEnded(server, 1);

            assertThat(snap.endedInWindow()).isEqualTo(1);
            assertThat(snap.resetsInWindow()).isZero();
            release.computeIfAbsent("keeper", k -> new CompletableFuture<>()).complete(null);
            assertThat(RawClient.readResponse(heldKeeper).status()).isEqualTo(200);
        }
    }

    @Test
    void malformedRequestsDoNotCount(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, config(CircuitBreakerConfig.defaults()), handler());
                RawClient c = new RawClient(dir, server.localAddress())) {
            c.control();
            // RFC 9114 §4.3.1: a request without :path is malformed, reset with H3_MESSAGE_ERROR by the server
            FieldSection noPath = FieldSection.of(FieldLine.of(":method", "GET"), FieldLine.of(":scheme", "https"),
                    FieldLine.of(":authority", "localhost"));
            assertThatThrownBy(() -> c.request(noPath, null))
                    .hasMessageContaining("error code " + Http3Error.H3_MESSAGE_ERROR.code());
            assertThat(c.get("/").status()).isEqualTo(200); // the marker

            CircuitBreakerSnapshot snap = awaitEnded(server, 1);

            assertThat(snap.endedInWindow()).isEqualTo(1);
            assertThat(snap.resetsInWindow()).isZero();
        }
    }

    @Test
    void blockedAnswers503WithRetryAfterServesHealthAndDoesNotCountItsRefusals(@TempDir Path dir)
            throws Exception {
        CircuitBreakerConfig breaker = CircuitBreakerConfig.builder().minSamples(1).blockAfter(Duration.ofMillis(1))
                .retryAfter(Duration.ofSeconds(7)).build();
        try (Http3Server server = TestServers.start(dir, config(breaker), handler());
                RawClient c = new RawClient(dir, server.localAddress())) {
            c.control();
            QuicStream s = hold(c, "abuse");
            s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
            s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
            s.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.circuitBreaker().state() != CircuitBreakerState.BLOCKED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.circuitBreaker().state()).isEqualTo(CircuitBreakerState.BLOCKED);
            long before = server.circuitBreaker().snapshot().endedInWindow();

            for (int i = 0; i < 5; i++) {
                RawClient.Response r = c.get("/");
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.headers().get("retry-after")).isEqualTo("7");
            }
            assertThat(c.get("/healthz?probe=1").status()).isEqualTo(200); // the marker, and always served

            CircuitBreakerSnapshot snap = awaitEnded(server, before + 1);
            assertThat(snap.endedInWindow()).isEqualTo(before + 1);
            assertThat(server.circuitBreaker().requestsRefused()).isEqualTo(5);
        }
    }
}
