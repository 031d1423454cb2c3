package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3RetryableException;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's shutdown under load (DESIGN.md §4, RFC 9114 §5.2): two clients keep 150 requests each on a server that
 * admits 100 per connection, so 200 requests are in its handlers and 100 wait for stream credit when
 * {@code shutdown(10s)} begins. Every request then either completes intact or fails with
 * {@link Http3RetryableException}: nothing else, and the shutdown ends within its grace.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownUnderLoadTest {
    private static final int CLIENTS = 2;
    private static final int PER_CLIENT = 150;
    private static final int PER_CONNECTION = 100;
    private static final int IN_FLIGHT = CLIENTS * PER_CONNECTION;
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** How one request ended. */
    private sealed interface Outcome {
        record Completed(String path, int status, String body) implements Outcome {
        }

        record Refused(Http3RetryableException e) implements Outcome {
        }

        record Failed(String path, Throwable t) implements Outcome {
        }
    }

    @Test
    void everyRequestCompletesOrIsRefusedRetryably(@TempDir Path dir) throws Exception {
        CountDownLatch inFlight = new CountDownLatch(IN_FLIGHT);
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(TestServers.quicConfig())
                .maxConcurrentRequests(PER_CONNECTION).build();
        Http3Server server = TestServers.start(dir, config, (request, response) -> {
            inFlight.countDown();
            inFlight.await(30, TimeUnit.SECONDS);
            // each handler finishes at its own time within the grace, most after the GOAWAY went out
            Thread.sleep(new SplittableRandom(request.path().hashCode()).nextInt(50, 2_000));
            response.send(200, "text/plain", ("done " + request.path()).getBytes(StandardCharsets.UTF_8));
        });
        List<Http3Client> clients = new ArrayList<>();
        try (server) {
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Http3Client client = Http3Client.create(Http3ClientConfig.builder(TestServers.clientTls(dir))
                        .quicConfig(TestServers.quicConfig()).requestTimeout(Duration.ofSeconds(40)).build());
                clients.add(client);
                for (int i = 0; i < PER_CLIENT; i++) {
                    String path = "/c" + c + "/r" + i;
                    URI uri = URI.create("https://localhost:" + server.localAddress().getPort() + path);
                    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
                    Thread.startVirtualThread(() -> outcome.complete(fetch(client, uri)));
                    outcomes.add(outcome);
                }
            }
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("200 requests reached their handlers").isTrue();

            CompletableFuture<Void> shutdown = server.shutdown(GRACE);

            int completed = 0;
            int refused = 0;
            for (CompletableFuture<Outcome> f : outcomes) {
                switch (f.get(60, TimeUnit.SECONDS)) {
                    case Outcome.Completed(String path, int status, String body) -> {
                        assertThat(status).isEqualTo(200);
                        assertThat(body).isEqualTo("done " + path);
                        completed++;
                    }
                    case Outcome.Refused r -> refused++;
                    case Outcome.Failed(String path, Throwable t) -> throw new AssertionError(
                            path + " neither completed nor was refused retryably", t);
                }
            }
            assertThat(completed).as("every request in a handler when the shutdown began completes")
                    .isGreaterThanOrEqualTo(IN_FLIGHT);
            assertThat(completed + refused).isEqualTo(CLIENTS * PER_CLIENT);
            shutdown.get(GRACE.toSeconds() + 10, TimeUnit.SECONDS);
            System.out.printf("shutdown under load: %d completed, %d refused retryably%n", completed, refused);
        } finally {
            clients.forEach(Http3Client::close);
        }
    }

    private static Outcome fetch(Http3Client client, URI uri) {
        try {
            Http3ClientResponse response = client.send(Http3ClientRequest.newBuilder(uri).build());
            try (InputStream body = response.body()) {
                return new Outcome.Completed(uri.getPath(), response.statusCode(),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (Http3RetryableException e) {
            return new Outcome.Refused(e);
        } catch (Throwable t) {
            return new Outcome.Failed(uri.getPath(), t);
        }
    }
}
