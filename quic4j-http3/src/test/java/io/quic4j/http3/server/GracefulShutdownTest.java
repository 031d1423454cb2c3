package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.frame.GoAwayFrame;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import io.quic4j.transport.TransportError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §4 and RFC 9114 §5.2: {@link Http3Server#shutdown} sends GOAWAY, lets requests in flight finish, refuses
 * later ones with H3_REQUEST_REJECTED, closes with H3_NO_ERROR, and returns one future.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GracefulShutdownTest {
    private static final int IN_FLIGHT = 3;

    @Test
    void requestsInFlightCompleteAndLaterOnesAreRejected(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(IN_FLIGHT);
        CountDownLatch release = new CountDownLatch(1);
        Http3Server server = TestServers.start(dir, (request, response) -> {
            started.countDown();
            release.await(); // a slow handler, still running when the shutdown begins
            response.send(200, "text/plain", ("done " + request.path()).getBytes(StandardCharsets.UTF_8));
        });
        try (server; RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            List<CompletableFuture<RawClient.Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                String path = "/slow/" + i;
                CompletableFuture<RawClient.Response> f = new CompletableFuture<>();
                Thread.startVirtualThread(() -> {
                    try {
                        f.complete(client.get(path));
                    } catch (Throwable t) {
                        f.completeExceptionally(t);
                    }
                });
                inFlight.add(f);
            }
            started.await();
            // The endpoint's own view (DESIGN.md §7): one client, accepted, nothing refused yet.
            var before = server.transportStats();
            assertThat(before.connectionsOpen()).as(before::toString).isEqualTo(1);
            assertThat(before.connectionsAccepted()).as(before::toString).isEqualTo(1);
            assertThat(before.refused()).as(before::toString).isZero();

            CompletableFuture<Void> shutdown = server.shutdown(Duration.ofSeconds(10));

            assertThat(server.shutdown(Duration.ofSeconds(1))).as("idempotent: the same future").isSameAs(shutdown);
            // RFC 9114 §5.2: the GOAWAY names the first request stream not processed: 3 requests took IDs 0, 4, 8.
            GoAwayFrame goAway = (GoAwayFrame) client.awaitControlFrame(GoAwayFrame.class);
            assertThat(goAway.id()).isEqualTo(4L * IN_FLIGHT);
            // A request past the GOAWAY (this client ignores it) is refused, so that a client may retry it.
            // RESET_STREAM and STOP_SENDING both carry the code; which one the client notices first depends on timing.
            assertThatThrownBy(() -> client.get("/late")).isInstanceOfSatisfying(QuicStreamException.class, e -> {
                assertThat(e.kind()).isIn(QuicStreamException.Kind.RESET_BY_PEER,
                        QuicStreamException.Kind.STOPPED_BY_PEER);
                assertThat(e.errorCode()).isEqualTo(Http3Error.H3_REQUEST_REJECTED.code());
            });
            assertThat(shutdown).isNotDone();
            // A new connection while shutting down is refused at once (RFC 9000 §5.2.2), and counted as such.
            assertThatThrownBy(() -> new RawClient(dir, server.localAddress())).rootCause()
                    .isInstanceOfSatisfying(QuicConnectionClosedException.class, e -> assertThat(e.reason().errorCode())
                            .isEqualTo(TransportError.CONNECTION_REFUSED.code()));
            var during = server.transportStats();
            assertThat(during.refusedShuttingDown()).as(during::toString).isPositive();

            release.countDown();

            for (int i = 0; i < IN_FLIGHT; i++) {
                RawClient.Response r = inFlight.get(i).get(10, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("done /slow/" + i);
            }
            QuicCloseReason reason = client.connection.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(reason.errorCode()).as(reason::toString).isEqualTo(Http3Error.H3_NO_ERROR.code());
            assertThat(reason.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
            shutdown.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHandlerThatOutlivesTheGraceIsCutOffWithNoError(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Http3Server server = TestServers.start(dir, (request, response) -> {
            started.countDown();
            request.cancellation().get(); // runs until the connection ends
        });
        try (server; RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            QuicStream s = client.connection.openBidirectionalStream().join();
            s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/forever"))).join();
            s.finish().join();
            started.await();

            CompletableFuture<Void> shutdown = server.shutdown(Duration.ofSeconds(2));

            QuicCloseReason reason = client.connection.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(reason.errorCode()).as(reason::toString).isEqualTo(Http3Error.H3_NO_ERROR.code());
            shutdown.get(10, TimeUnit.SECONDS);
            s.close();
        }
    }
}
