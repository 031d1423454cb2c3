package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §5: while the circuit breaker is not HEALTHY, a connection's stream credit is lowered to
 * {@code sheddingFraction × maxConcurrentRequests} (here 5 of 10), through the transport's
 * {@code limitIncomingBidirectionalStreams}; the client sees it as the streams it may open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BreakerStreamCreditTest {

    /** After {@code n} sequential requests, how many more streams the server's credit lets us open at once. */
    private static int creditAfter(RawClient client, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertThat(client.get("/").status()).isEqualTo(200);
        }
        Thread.sleep(300); // lets the last ACKs and MAX_STREAMS cross; the bounds below hold either way
        List<QuicStream> opened = new ArrayList<>();
        try {
            while (opened.size() < 100) {
                opened.add(client.connection.tryOpenStream(true).join());
            }
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(QuicStreamException.class,
                    q -> assertThat(q.kind()).isEqualTo(QuicStreamException.Kind.LIMIT));
        }
        for (QuicStream s : opened) {
            s.close();
        }
        return opened.size();
    }

    @Test
    void degradedBreakerLowersEachConnectionsStreamCredit(@TempDir Path dir) throws Exception {
        Semaphore held = new Semaphore(0);
        Http3Handler handler = (request, response) -> {
            if (request.path().equals("/hold")) {
                held.release();
                request.cancellation().get(10, TimeUnit.SECONDS);
                return;
            }
            response.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
        };
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(TestServers.quicConfig())
                .maxConcurrentRequests(10)
                .circuitBreaker(CircuitBreakerConfig.builder().minSamples(3).sheddingFraction(0.5)
                        .cooldown(Duration.ofMinutes(10)).build())
                .build();
        try (Http3Server server = TestServers.start(dir, config, handler);
                RawClient before = new RawClient(dir, server.localAddress());
                RawClient abuser = new RawClient(dir, server.localAddress())) {
            before.control();
            abuser.control();
            int healthyCredit = creditAfter(before, 12);

            // three requests reset by the client once the handler has them: rate 1, DEGRADED
            for (int i = 0; i < 3; i++) {
                QuicStream s = abuser.connection.openBidirectionalStream().join();
                s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/hold"))).join();
                assertThat(held.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
                s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
                s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
                s.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.circuitBreaker().state() != CircuitBreakerState.DEGRADED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.circuitBreaker().state()).isEqualTo(CircuitBreakerState.DEGRADED);
            // (the streams creditAfter opened and abandoned count as client resets too)
            assertThat(server.circuitBreaker().snapshot().resetsInWindow()).isGreaterThanOrEqualTo(3);

            try (RawClient during = new RawClient(dir, server.localAddress())) {
                during.control();
                int degradedCredit = creditAfter(during, 12);

                System.out.println("stream credit after 12 requests: HEALTHY " + healthyCredit + ", DEGRADED "
                        + degradedCredit + " (limit 10, lowered to 5)");
                // HEALTHY: the whole window of 10 comes back (9 if the last retirement's MAX_STREAMS is late)
                assertThat(healthyCredit).isBetween(9, 10);
                // DEGRADED: never more than 5 (4 if the last retirement's MAX_STREAMS is late)
                assertThat(degradedCredit).isBetween(4, 5);
            }
        }
    }
}
