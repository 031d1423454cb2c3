package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import io.quic4j.transport.TlsConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a request stream ends: cancellation, abandoned bodies, limits, failures (DESIGN.md §3, RFC 9114 §4.1). */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestLifecycleTest {

    private static FieldSection post(String path) {
        return FieldSection.of(FieldLine.of(":method", "POST"), FieldLine.of(":scheme", "https"),
                FieldLine.of(":authority", "localhost"), FieldLine.of(":path", path));
    }

    @Test
    void clientResetCompletesCancellationAndFailsTheBody(@TempDir Path dir) throws Exception {
        CompletableFuture<Throwable> bodyFailure = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Http3Handler handler = (request, response) -> {
            request.cancellation().thenRun(() -> cancelled.complete(null));
            started.countDown();
            try {
                request.body().readAllBytes();
                bodyFailure.complete(null);
            } catch (Exception e) {
                bodyFailure.complete(e);
            }
        };
        try (Http3Server server = TestServers.start(dir, handler);
                RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            QuicStream s = client.connection.openBidirectionalStream().join();
            s.write(RawClient.headersFrame(s.id(), post("/upload"))).join();
            s.write(RawClient.dataFrame(new byte[100])).join();
            started.await();

            s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code()); // RESET_STREAM

            cancelled.get(10, TimeUnit.SECONDS);
            assertThat(bodyFailure.get(10, TimeUnit.SECONDS)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("reset");
            s.close();
        }
    }

    @Test
    void clientStopSendingCompletesCancellationWithoutAWrite(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        Http3Handler handler = (request, response) -> {
            request.cancellation().thenRun(() -> cancelled.complete(null));
            started.countDown();
            release.await(20, TimeUnit.SECONDS); // a slow handler that writes nothing until cancelled
        };
        try (Http3Server server = TestServers.start(dir, handler);
                RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            QuicStream s = client.connection.openBidirectionalStream().join();
            s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/slow"))).join();
            s.finish().join();
            started.await();

            s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code()); // STOP_SENDING (RFC 9000 §3.5)

            cancelled.get(10, TimeUnit.SECONDS);
            release.countDown();
            s.close();
        }
    }

    @Test
    void undrainedBodiesDoNotHoldStreamCredit(@TempDir Path dir) throws Exception {
        // DESIGN.md §3: a handler that never reads the body must not keep the stream (and its credit) alive. With
        // a limit of 2 concurrent requests, 10 requests in a row only complete if each stream is released.
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(TestServers.quicConfig())
                .maxConcurrentRequests(2).build();
        try (Http3Server server = TestServers.start(dir, config,
                (request, response) -> response.send(200, "text/plain", "ignored\n".getBytes(StandardCharsets.UTF_8)));
                RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            for (int i = 0; i < 10; i++) {
                QuicStream s = client.connection.openBidirectionalStream().orTimeout(10, TimeUnit.SECONDS).join();
                // One write, so it is taken before the server's STOP_SENDING can arrive; no FIN: the body never ends.
                s.write(RawClient.concat(RawClient.headersFrame(s.id(), post("/big/" + i)),
                        RawClient.dataFrame(new byte[1000]))).join();

                RawClient.Response r = RawClient.readResponse(s);

                assertThat(r.status()).isEqualTo(200);
                s.close();
            }
        }
    }

    @Test
    void bodyOverTheLimitIsAnswered413(@TempDir Path dir) throws Exception {
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(TestServers.quicConfig())
                .maxRequestBodySize(1000).build();
        try (Http3Server server = TestServers.start(dir, config, (request, response) -> {
            byte[] body = request.body().readAllBytes();
            response.send(200, "text/plain", body);
        }); RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();
            QuicStream s = client.connection.openBidirectionalStream().join();
            s.write(RawClient.concat(RawClient.headersFrame(s.id(), post("/upload")),
                    RawClient.dataFrame(new byte[5000]))).join();

            RawClient.Response r = RawClient.readResponse(s);

            assertThat(r.status()).isEqualTo(413);
            s.close();
        }
    }

    @Test
    void handlerFailureAfterTheHeadersResetsWithInternalError(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, (request, response) -> {
            OutputStream out = response.status(200).body();
            out.write(new byte[10]);
            out.flush();
            throw new IllegalStateException("failed halfway");
        }); RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();

            assertThatThrownBy(() -> client.get("/half")).isInstanceOfSatisfying(QuicStreamException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(Http3Error.H3_INTERNAL_ERROR.code()));
        }
    }

    @Test
    void headResponseHasNoBody(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir,
                (request, response) -> response.send(200, "text/plain", "body".getBytes(StandardCharsets.UTF_8)));
                RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();

            RawClient.Response r = client.request(FieldSection.of(FieldLine.of(":method", "HEAD"),
                    FieldLine.of(":scheme", "https"), FieldLine.of(":authority", "localhost"),
                    FieldLine.of(":path", "/")), null);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-length")).isEqualTo("4");
            assertThat(r.body()).isEmpty();
        }
    }

    /**
     * RFC 9114 §4.1: interim (1xx) responses precede the final one on the stream; 101 has no meaning in HTTP/3
     * (§4.5), a final status is not interim, and nothing interim may follow the final headers.
     */
    @Test
    void interimResponsesPrecedeTheFinalOne(@TempDir Path dir) throws Exception {
        CompletableFuture<List<Throwable>> refused = new CompletableFuture<>();
        try (Http3Server server = TestServers.start(dir, (request, response) -> {
            response.sendInterim(103, Http3Headers.builder().add("link", "</a.css>; rel=preload; as=style").build());
            List<Throwable> errors = new ArrayList<>();
            for (int status : new int[]{101, 200, 99}) {
                try {
                    response.sendInterim(status, Http3Headers.EMPTY);
                } catch (IllegalArgumentException e) {
                    errors.add(e);
                }
            }
            response.sendInterim(100, Http3Headers.EMPTY);
            response.status(200).body().write('x');
            response.body().flush(); // the final HEADERS go out
            try {
                response.sendInterim(103, Http3Headers.EMPTY);
            } catch (IllegalStateException e) {
                errors.add(e);
            }
            refused.complete(errors);
        }); RawClient client = new RawClient(dir, server.localAddress())) {
            client.control();

            RawClient.Response r = client.get("/hints");

            assertThat(r.interim()).extracting(s -> s.get(":status")).containsExactly("103", "100");
            assertThat(r.interim().get(0).get("link")).isEqualTo("</a.css>; rel=preload; as=style");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).containsExactly('x');
            assertThat(refused.get(10, TimeUnit.SECONDS)).hasSize(4);
        }
    }

    @Test
    void bindRefusesTlsWithoutH3(@TempDir Path dir) {
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h2").build();

        assertThatThrownBy(() -> Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0),
                Http3ServerConfig.defaults(), tls, (request, response) -> {
                })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"h3\"");
    }
}
