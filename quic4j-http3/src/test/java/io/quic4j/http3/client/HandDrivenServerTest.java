package io.quic4j.http3.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3RetryableException;
import io.quic4j.http3.frame.DataFrame;
import io.quic4j.http3.frame.GoAwayFrame;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.SettingsFrame;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackEncoder;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.TlsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a hand-driven server (a {@link QuicServer} writing HTTP/3 streams itself), for what our own
 * server never does: a GOAWAY at once, and a server-initiated bidirectional stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandDrivenServerTest {
    private final List<QuicStream> held = new CopyOnWriteArrayList<>();

    private static QuicServer bind(Path dir) throws java.io.IOException {
        return bind(dir, ClientTests.quicConfig());
    }

    private static QuicServer bind(Path dir, QuicConfig config) throws java.io.IOException {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3").certificate(cert.certificate(),
                cert.privateKey()).keyLogFile(null).build();
        return QuicServer.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config, tls);
    }

    /**
     * RFC 9114 §5.2: a request on a stream at or past the server's GOAWAY ID was not processed, so the client fails
     * it as retryable, whether the GOAWAY arrives before or after the request's stream is opened. The server's
     * control stream carries SETTINGS and GOAWAY 0 at once, and it never answers.
     */
    @Test
    void aRequestAtOrPastTheGoAwayIdFailsAsRetryable(@TempDir Path dir) throws Exception {
        try (QuicServer server = bind(dir); Http3Client client = ClientTests.client(dir)) {
            acceptNext(server);
            URI uri = URI.create("https://localhost:" + server.localAddress().getPort() + "/");

            assertThatThrownBy(() -> client.send(Http3ClientRequest.newBuilder(uri).build()))
                    .isInstanceOfSatisfying(Http3RetryableException.class,
                            e -> assertThat(e.error()).isEqualTo(Http3Error.H3_REQUEST_REJECTED));
        }
    }

    /**
     * RFC 9114 §6.1: "Clients MUST treat receipt of a server-initiated bidirectional stream as a connection error of
     * type H3_STREAM_CREATION_ERROR".
     */
    @Test
    void aServerInitiatedBidirectionalStreamClosesTheConnection(@TempDir Path dir) throws Exception {
        try (QuicServer server = bind(dir); Http3Client client = ClientTests.client(dir)) {
            CompletableFuture<QuicConnection> accepted = server.accept();
            CompletableFuture<?> request = client.sendAsync(Http3ClientRequest.newBuilder(
                    URI.create("https://localhost:" + server.localAddress().getPort() + "/")).build());
            QuicConnection c = accepted.get(20, TimeUnit.SECONDS);
            acceptStreams(c);
            QuicStream bidi = c.openBidirectionalStream().get(20, TimeUnit.SECONDS);
            held.add(bidi);
            bidi.write(ByteBuffer.wrap(new byte[]{1, 0})); // a DATA frame: the stream must be sent to exist

            QuicCloseReason reason = c.closeFuture().get(20, TimeUnit.SECONDS);
            assertThat(reason.errorCode()).as(reason::toString).isEqualTo(Http3Error.H3_STREAM_CREATION_ERROR.code());
            assertThat(request).failsWithin(20, TimeUnit.SECONDS);
        }
    }

    /**
     * RFC 9114 §4.1.2: a server may answer before the whole request arrived, stop reading with H3_NO_ERROR, and
     * "Clients MUST NOT discard complete responses as a result of having their request terminated abruptly". The
     * server stops reading each request stream as soon as it opens and answers at once: a request without a body and
     * one with 4 MiB (far past the stream window, so its writes meet the STOP_SENDING) both get the answer.
     */
    @Test
    void aResponseAfterStopSendingWithNoErrorIsKept(@TempDir Path dir) throws Exception {
        try (QuicServer server = bind(dir); Http3Client client = ClientTests.client(dir)) {
            server.accept().thenAccept(c -> {
                settingsOnly(c);
                answerAtOnce(c);
            });
            URI uri = URI.create("https://localhost:" + server.localAddress().getPort() + "/");

            for (Http3ClientRequest request : List.of(Http3ClientRequest.newBuilder(uri).build(),
                    Http3ClientRequest.newBuilder(uri).method("POST")
                            .body(Http3ClientRequest.Body.of(new byte[4 << 20])).build())) {
                var response = client.send(request);
                assertThat(response.statusCode()).isEqualTo(200);
                try (var body = response.body()) {
                    assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("early");
                }
            }
        }
    }

    /**
     * A request still waiting for stream credit when the connection ends was never sent, so it may be retried
     * (RFC 9114 §5.2 lets a client retry what the server did not process); the one on a stream might have been
     * processed and fails plainly. The server allows one request stream, holds it, then closes with H3_NO_ERROR.
     */
    @Test
    void aRequestNeverSentBeforeTheConnectionEndedFailsAsRetryable(@TempDir Path dir) throws Exception {
        try (QuicServer server = bind(dir, ClientTests.quicConfig().toBuilder()
                .maxIncomingBidirectionalStreams(1).build()); Http3Client client = ClientTests.client(dir)) {
            CompletableFuture<QuicStream> first = new CompletableFuture<>();
            server.accept().thenAccept(c -> {
                settingsOnly(c);
                c.acceptStream().thenAccept(s -> {
                    held.add(s);
                    first.complete(s);
                });
            });
            URI uri = URI.create("https://localhost:" + server.localAddress().getPort() + "/");
            CompletableFuture<?> sent = client.sendAsync(Http3ClientRequest.newBuilder(uri).build());
            QuicStream onServer = first.get(20, TimeUnit.SECONDS);
            CompletableFuture<?> waiting = client.sendAsync(Http3ClientRequest.newBuilder(uri).build());

            onServer.connection().close(Http3Error.H3_NO_ERROR.code(), "going away");

            assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(Http3RetryableException.class).hasMessageContaining("was not sent");
            assertThatThrownBy(() -> sent.get(20, TimeUnit.SECONDS)).cause()
                    .isNotInstanceOf(Http3RetryableException.class).hasMessageContaining("ended");
        }
    }

    private void answerAtOnce(QuicConnection c) {
        c.acceptStream().thenAccept(s -> {
            held.add(s);
            s.cancelRead(Http3Error.H3_NO_ERROR.code());
            byte[] body = "early".getBytes(StandardCharsets.US_ASCII);
            FieldSection head = FieldSection.of(FieldLine.of(":status", "200"),
                    FieldLine.of("content-length", Integer.toString(body.length)));
            s.write(Http3FrameWriter.encode(new HeadersFrame(new QpackEncoder(0).encode(s.id(), head))));
            s.write(Http3FrameWriter.encode(new DataFrame(ByteBuffer.wrap(body))));
            s.finish();
            answerAtOnce(c);
        });
    }

    private void settingsOnly(QuicConnection c) {
        c.openUnidirectionalStream().thenAccept(s -> {
            held.add(s);
            ByteBuffer settings = Http3FrameWriter.encode(new SettingsFrame(Settings.EMPTY));
            ByteBuffer all = ByteBuffer.allocate(1 + settings.remaining());
            all.put(StreamType.CONTROL.streamHeader()).put(settings).flip();
            s.write(all);
        });
    }

    private void acceptNext(QuicServer server) {
        server.accept().thenAccept(c -> {
            goAwayAtOnce(c);
            acceptNext(server);
        });
    }

    private void goAwayAtOnce(QuicConnection c) {
        c.openUnidirectionalStream().thenAccept(s -> {
            held.add(s);
            ByteBuffer settings = Http3FrameWriter.encode(new SettingsFrame(Settings.EMPTY));
            ByteBuffer goAway = Http3FrameWriter.encode(new GoAwayFrame(0));
            ByteBuffer all = ByteBuffer.allocate(1 + settings.remaining() + goAway.remaining());
            all.put(StreamType.CONTROL.streamHeader()).put(settings).put(goAway).flip();
            s.write(all);
        });
        acceptStreams(c);
    }

    private void acceptStreams(QuicConnection c) {
        c.acceptStream().thenAccept(s -> {
            held.add(s); // never answered
            acceptStreams(c);
        });
    }
}
