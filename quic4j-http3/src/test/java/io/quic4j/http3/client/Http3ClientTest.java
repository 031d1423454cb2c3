package io.quic4j.http3.client;

import static io.quic4j.http3.client.ClientTests.content;
import static io.quic4j.http3.client.ClientTests.sha256;
import static io.quic4j.http3.client.ClientTests.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3RetryableException;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3StreamResetException;
import io.quic4j.http3.Http3TimeoutException;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnectionClosedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link Http3Client} against our own {@link io.quic4j.http3.Http3Server} (RFC 9114 §3.3, §4.1, §5.2). */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http3ClientTest {
    private static final int SMALL = 1024;
    private static final int LARGE = 10 * 1024 * 1024;
    private static final int UPLOAD = 3 * 1024 * 1024;

    private final Set<Integer> remotePorts = Collections.synchronizedSet(new java.util.HashSet<>());
    private final AtomicInteger served = new AtomicInteger();

    private final Http3Handler files = (request, response) -> {
        served.incrementAndGet();
        remotePorts.add(request.remoteAddress().getPort());
        switch (request.path()) {
            case "/small" -> response.send(200, "application/octet-stream", content(SMALL, 1));
            case "/large" -> {
                byte[] body = content(LARGE, 2);
                response.status(200).header("content-length", Integer.toString(body.length));
                try (OutputStream out = response.body()) {
                    for (int off = 0; off < body.length; off += 50_000) {
                        out.write(body, off, Math.min(50_000, body.length - off));
                    }
                }
            }
            case "/echo" -> {
                response.status(200).header("x-method", request.method());
                try (InputStream in = request.body(); OutputStream out = response.body()) {
                    long n = in.transferTo(out);
                    response.trailers(Http3Headers.builder().add("x-echoed", Long.toString(n)).build());
                }
            }
            default -> response.send(200, "text/plain", ("hello " + request.path()).getBytes(StandardCharsets.UTF_8));
        }
    };

    @Test
    void getsASmallAndATenMegabyteBodyIntact(@TempDir Path dir) throws Exception {
        try (Http3Server server = ClientTests.server(dir, files); Http3Client client = ClientTests.client(dir)) {
            Http3ClientResponse small = client.send(Http3ClientRequest.newBuilder(uri(server, "/small")).build());
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.headers().get("content-type")).isEqualTo("application/octet-stream");
            assertThat(sha256(small.bodyBytes())).isEqualTo(sha256(content(SMALL, 1)));
            assertThat(small.trailers()).isEqualTo(Http3Headers.EMPTY);

            Http3ClientResponse large = client.send(Http3ClientRequest.newBuilder(uri(server, "/large")).build());
            assertThat(large.headers().get("content-length")).isEqualTo(Integer.toString(LARGE));
            assertThat(sha256(large.bodyBytes())).isEqualTo(sha256(content(LARGE, 2)));
            assertThat(large.connectionLabel()).as("one connection per origin").isEqualTo(small.connectionLabel());
        }
    }

    /** RFC 9114 §4.1: interim (1xx) responses before the final one are read past; the final one is the answer. */
    @Test
    void interimResponsesAreSkipped(@TempDir Path dir) throws Exception {
        Http3Handler hints = (request, response) -> {
            response.sendInterim(103, Http3Headers.builder().add("link", "</a.css>; rel=preload").build());
            response.sendInterim(100, Http3Headers.EMPTY);
            response.send(200, "text/plain", "final".getBytes(StandardCharsets.UTF_8));
        };
        try (Http3Server server = ClientTests.server(dir, hints); Http3Client client = ClientTests.client(dir)) {
            Http3ClientResponse r = client.send(Http3ClientRequest.newBuilder(uri(server, "/")).build());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().get("link")).isNull();
            assertThat(new String(r.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("final");
        }
    }

    @Test
    void postsAStreamedBodyAndReadsTheEchoAndItsTrailers(@TempDir Path dir) throws Exception {
        byte[] upload = content(UPLOAD, 3);
        try (Http3Server server = ClientTests.server(dir, files); Http3Client client = ClientTests.client(dir)) {
            Http3ClientRequest post = Http3ClientRequest.newBuilder(uri(server, "/echo")).method("post")
                    .body(Http3ClientRequest.Body.ofInputStream(() -> new ByteArrayInputStream(upload))).build();

            Http3ClientResponse r = client.sendAsync(post).get(60, TimeUnit.SECONDS);

            assertThat(r.headers().get("x-method")).isEqualTo("POST");
            assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
            assertThat(sha256(r.bodyBytes())).isEqualTo(sha256(upload));
            assertThat(r.trailers().get("x-echoed")).isEqualTo(Integer.toString(UPLOAD));
        }
    }

    @Test
    void oneHundredConcurrentRequestsShareOneConnection(@TempDir Path dir) throws Exception {
        try (Http3Server server = ClientTests.server(dir, files); Http3Client client = ClientTests.client(dir)) {
            List<CompletableFuture<Http3ClientResponse>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(client.sendAsync(Http3ClientRequest.newBuilder(uri(server, "/n/" + i)).build()));
            }
            Set<String> labels = new java.util.HashSet<>();
            for (int i = 0; i < 100; i++) {
                Http3ClientResponse r = all.get(i).get(60, TimeUnit.SECONDS);
                assertThat(new String(r.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("hello /n/" + i);
                labels.add(r.connectionLabel());
            }
            assertThat(labels).hasSize(1);
            assertThat(served.get()).isEqualTo(100);
            assertThat(remotePorts).as("the server saw one client port: one connection").hasSize(1);
        }
    }

    @Test
    void aRequestWithoutAResponseInTimeFailsWithATimeoutAndIsCancelled(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> serverOutcome = new CompletableFuture<>();
        try (Http3Server server = ClientTests.server(dir, (request, response) -> {
            release.await(); // answers only after the client gave up
            try {
                response.send(200, "text/plain", new byte[10]);
                serverOutcome.complete("sent");
            } catch (IOException e) {
                serverOutcome.complete("stopped");
            }
        }); Http3Client client = ClientTests.client(dir)) {
            Http3ClientRequest slow = Http3ClientRequest.newBuilder(uri(server, "/slow"))
                    .timeout(Duration.ofMillis(300)).build();

            assertThatThrownBy(() -> client.send(slow)).isInstanceOf(Http3TimeoutException.class)
                    .hasMessageContaining("/slow");
            Thread.sleep(1000); // lets the STOP_SENDING reach the server before it answers
            release.countDown();
            // RFC 9114 §4.1.1: the client cancelled the stream, so the server's answer is refused.
            assertThat(serverOutcome.get(20, TimeUnit.SECONDS)).isEqualTo("stopped");
        }
    }

    @Test
    void aResponseResetByTheServerFailsWithItsCode(@TempDir Path dir) throws Exception {
        try (Http3Server server = ClientTests.server(dir, (request, response) -> {
            OutputStream out = response.status(200).body();
            out.write(new byte[100]);
            out.flush();
            throw new IllegalStateException("handler failed after responding"); // the server resets the stream
        }); Http3Client client = ClientTests.client(dir)) {
            // The reset may overtake the response's header section (RFC 9000 §3.2: unread data is then discarded),
            // so it shows in send() or in reading the body.
            assertThatThrownBy(() -> client.send(Http3ClientRequest.newBuilder(uri(server, "/fail")).build())
                    .bodyBytes()).isInstanceOfSatisfying(Http3StreamResetException.class,
                            e -> assertThat(e.error()).isEqualTo(Http3Error.H3_INTERNAL_ERROR));
        }
    }

    @Test
    void aFailedConnectFailsWithTheReason(@TempDir Path dir) throws Exception {
        io.quic4j.testkit.peer.TestCertificates.write(dir.resolve("cert"));
        int port = io.quic4j.testkit.peer.UdpPorts.freePort(); // nobody listens: the handshake times out
        try (Http3Client client = ClientTests.client(dir)) {
            assertThatThrownBy(() -> client.send(Http3ClientRequest.newBuilder(
                    java.net.URI.create("https://localhost:" + port + "/")).build()))
                    .isInstanceOf(ConnectException.class).hasMessageContaining("connecting to localhost:" + port)
                    .cause().isInstanceOfSatisfying(QuicConnectionClosedException.class,
                            c -> assertThat(c.reason().initiator()).isIn(
                                    QuicCloseReason.Initiator.HANDSHAKE_TIMEOUT,
                                    QuicCloseReason.Initiator.IDLE_TIMEOUT));
        }
    }

    @Test
    void aClosedClientRefusesRequests(@TempDir Path dir) throws Exception {
        io.quic4j.testkit.peer.TestCertificates.write(dir.resolve("cert"));
        Http3Client client = ClientTests.client(dir);
        client.close();
        assertThatThrownBy(() -> client.send(Http3ClientRequest.newBuilder(
                java.net.URI.create("https://localhost:4433/")).build())).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aResponseDroppedUnreadIsCancelled(@TempDir Path dir) throws Exception {
        CompletableFuture<String> serverOutcome = new CompletableFuture<>();
        try (Http3Server server = ClientTests.server(dir, (request, response) -> {
            try (OutputStream out = response.status(200).body()) {
                for (int i = 0; i < 1000; i++) { // far more than the flow control window
                    out.write(new byte[64 * 1024]);
                }
                serverOutcome.complete("sent");
            } catch (IOException e) {
                serverOutcome.complete("stopped");
            }
        }); Http3Client client = ClientTests.client(dir)) {
            assertThat(client.send(Http3ClientRequest.newBuilder(uri(server, "/big")).build()).statusCode())
                    .isEqualTo(200); // and dropped

            // DESIGN.md §3: a dropped handle is caught by a Cleaner and its stream cancelled.
            for (int i = 0; i < 200 && !serverOutcome.isDone(); i++) {
                System.gc();
                Thread.sleep(100);
            }
            assertThat(serverOutcome.get(10, TimeUnit.SECONDS)).isEqualTo("stopped");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsMalformed(@TempDir Path dir) throws Exception {
        try (Http3Server server = ClientTests.server(dir, (request, response) -> {
            try (OutputStream out = response.status(200).header("content-length", "10").body()) {
                out.write(new byte[5]);
            }
        }); Http3Client client = ClientTests.client(dir)) {
            Http3ClientResponse r = client.send(Http3ClientRequest.newBuilder(uri(server, "/short")).build());

            // RFC 9114 §4.1.2: a Content-Length that differs from the DATA received makes the response malformed.
            assertThatThrownBy(r::bodyBytes).isInstanceOf(IOException.class).hasMessageContaining("content-length 10")
                    .hasRootCauseInstanceOf(io.quic4j.http3.Http3Exception.class);
        }
    }

    @Test
    void afterGoAwayRequestsInFlightCompleteAndNewOnesDoNotUseTheConnection(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Http3Server server = ClientTests.server(dir, (request, response) -> {
            served.incrementAndGet();
            if (request.path().startsWith("/slow")) {
                started.countDown();
                release.await();
            }
            response.send(200, "text/plain", ("done " + request.path()).getBytes(StandardCharsets.UTF_8));
        });
        try (server; Http3Client client = ClientTests.client(dir)) {
            Http3ClientResponse firstResponse = client
                    .send(Http3ClientRequest.newBuilder(uri(server, "/first")).build());
            firstResponse.bodyBytes();
            String first = firstResponse.connectionLabel();
            List<CompletableFuture<Http3ClientResponse>> inFlight = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                inFlight.add(client.sendAsync(Http3ClientRequest.newBuilder(uri(server, "/slow/" + i)).build()));
            }
            started.await();

            CompletableFuture<Void> shutdown = server.shutdown(Duration.ofSeconds(20));
            // Sent after the GOAWAY went out: either the client already saw it and opens a new connection (which the
            // closing server does not accept), or the request raced it and is refused as retryable.
            Thread.sleep(200); // lets the GOAWAY arrive in the common case; either outcome is checked
            CompletableFuture<Http3ClientResponse> late = client.sendAsync(Http3ClientRequest.newBuilder(
                    uri(server, "/late")).timeout(Duration.ofSeconds(8)).build());
            release.countDown();

            for (int i = 0; i < 3; i++) {
                Http3ClientResponse r = inFlight.get(i).get(20, TimeUnit.SECONDS);
                assertThat(new String(r.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("done /slow/" + i);
                assertThat(r.connectionLabel()).isEqualTo(first);
            }
            assertThat(late).failsWithin(20, TimeUnit.SECONDS).withThrowableOfType(
                    java.util.concurrent.ExecutionException.class).satisfies(e -> {
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                        if (!(e.getCause() instanceof Http3RetryableException)) {
                            // not sent on the old connection: a new one was tried
                            assertThat(e.getCause().getMessage()).doesNotContain(first);
                        }
                    });
            assertThat(served.get()).as("the late request was never served").isEqualTo(4);
            shutdown.get(20, TimeUnit.SECONDS);
        }
    }
}
