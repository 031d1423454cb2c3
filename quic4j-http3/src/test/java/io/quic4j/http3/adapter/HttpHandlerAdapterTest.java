package io.quic4j.http3.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code com.sun.net.httpserver.HttpHandler} runs unchanged over a real {@link Http3Server}, fetched by a raw
 * HTTP/3 client: {@code sendResponseHeaders} keeps the JDK's meaning of its length (positive: content-length,
 * enforced; 0: unknown length; -1: no body), HEAD/204 carry no content, connection-specific fields are dropped (RFC
 * 9114 §4.2) and the exchange describes the request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpHandlerAdapterTest {
    @TempDir
    Path dir;

    private final BlockingQueue<Throwable> handlerErrors = new LinkedBlockingQueue<>();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FieldSection request(String method, String path, FieldLine... extra) {
        List<FieldLine> lines = new java.util.ArrayList<>(List.of(FieldLine.of(":method", method),
                FieldLine.of(":scheme", "https"), FieldLine.of(":authority", "localhost:4433"),
                FieldLine.of(":path", path)));
        lines.addAll(List.of(extra));
        return new FieldSection(lines);
    }

    /** Serves {@code handler} through the adapter and runs {@code test} with a connected client. */
    private void withServer(HttpHandler handler, ClientTest test) throws Exception {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(cert.certificate(), cert.privateKey()).keyLogFile(null).build();
        HttpHandlerAdapter adapter = new HttpHandlerAdapter(handler, "/");
        try (Http3Server server = Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0),
                Http3ServerConfig.builder().quicConfig(H3TestClient.quicConfig()).build(), tls, adapter)) {
            try (H3TestClient client = new H3TestClient(cert.certificate(), server.localAddress())) {
                test.run(client, server);
            }
        }
    }

    @FunctionalInterface
    private interface ClientTest {
        void run(H3TestClient client, Http3Server server) throws Exception;
    }

    @Test
    void exchangeDescribesTheRequestAndFixedLengthBecomesContentLength() throws Exception {
        HttpHandler echo = exchange -> {
            String text = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " q="
                    + exchange.getRequestURI().getQuery() + " host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " x=" + exchange.getRequestHeaders().getFirst("X-Test") + " " + exchange.getProtocol()
                    + " remote=" + exchange.getRemoteAddress().getAddress().getHostAddress() + " local="
                    + exchange.getLocalAddress().getPort() + " context=" + exchange.getHttpContext().getPath();
            byte[] body = utf8(text);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
        withServer(echo, (client, server) -> {
            H3TestClient.Response r = client.request(request("GET", "/a/b?k=v", FieldLine.of("x-test", "1")), null);

            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                    "GET /a/b q=k=v host=localhost:4433 x=1 HTTP/3 remote=127.0.0.1 local="
                            + server.localAddress().getPort() + " context=/");
            assertThat(r.headers().get("content-length")).isEqualTo(Integer.toString(r.body().length));
            assertThat(r.headers().get("content-type")).isEqualTo("text/plain");
            assertThat(r.headers().get("date")).isNotNull();
        });
    }

    @Test
    void lengthZeroStreamsABodyOfUnknownLengthWithoutContentLength() throws Exception {
        // RFC 9114 §4.1: DATA frames delimit the body; HTTP/3 has no chunked transfer coding.
        HttpHandler upper = exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(new String(in, StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT)
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        };
        withServer(upper, (client, server) -> {
            H3TestClient.Response r = client.request(request("POST", "/up"), utf8("abc"));

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-length")).isNull();
            assertThat(r.headers().get("transfer-encoding")).isNull();
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ABCABCABC");
        });
    }

    @Test
    void lengthMinusOneMeansNoBody() throws Exception {
        HttpHandler handler = exchange -> {
            int status = exchange.getRequestURI().getPath().equals("/none") ? 204 : 404;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
        withServer(handler, (client, server) -> {
            H3TestClient.Response noContent = client.request(request("GET", "/none"), null);
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.headers().get("content-length")).isNull(); // RFC 9110 §8.6: never in a 204
            assertThat(noContent.body()).isEmpty();

            H3TestClient.Response notFound = client.request(request("GET", "/missing"), null);
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.headers().get("content-length")).isEqualTo("0");
            assertThat(notFound.body()).isEmpty();
        });
    }

    @Test
    void headResponseCarriesTheHandlersContentLengthButNoContent() throws Exception {
        // RFC 9110 §9.3.2: a response to HEAD has no content; as with the JDK's server, writes fail (here the body
        // is already closed, since sendResponseHeaders ends a response that has no content).
        HttpHandler handler = exchange -> {
            exchange.getResponseHeaders().set("Content-Length", "42");
            exchange.sendResponseHeaders(200, -1);
            try {
                exchange.getResponseBody().write(1);
            } catch (IOException expected) {
                handlerErrors.add(expected);
            }
        };
        withServer(handler, (client, server) -> {
            H3TestClient.Response r = client.request(request("HEAD", "/file"), null);

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-length")).isEqualTo("42");
            assertThat(r.body()).isEmpty();
            // The response ended before the handler's write: wait for the handler (bounded), then check it failed.
            assertThat(handlerErrors.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        });
    }

    @Test
    void writingPastTheAnnouncedLengthFailsAndTheBodyStaysIntact() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 3);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write(utf8("12345"));
            } catch (IOException expected) {
                handlerErrors.add(expected);
            }
            out.write(utf8("123"));
            out.close();
        };
        withServer(handler, (client, server) -> {
            H3TestClient.Response r = client.request(request("GET", "/"), null);

            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("123");
            assertThat(handlerErrors).singleElement().asString().contains("too many bytes");
        });
    }

    @Test
    void aBodyShortOfTheAnnouncedLengthIsNeverDeliveredAsComplete() throws Exception {
        // The header section promised more: ending the stream early would be a silently truncated body. Once
        // HEADERS and some DATA are out the stream is reset; while nothing was sent yet the client gets a 500.
        HttpHandler handler = exchange -> {
            boolean large = exchange.getRequestURI().getPath().equals("/large");
            exchange.sendResponseHeaders(200, large ? 200_000 : 10);
            exchange.getResponseBody().write(new byte[large ? 100_000 : 3]);
        };
        withServer(handler, (client, server) -> {
            assertThatThrownBy(() -> client.request(request("GET", "/large"), null)).isInstanceOf(IOException.class);
            assertThat(client.request(request("GET", "/small"), null).status()).isEqualTo(500);
        });
    }

    @Test
    void connectionSpecificFieldsAreDroppedAndOthersKept() throws Exception {
        // RFC 9114 §4.2: connection-specific fields are malformed in HTTP/3; an HTTP/1.1 handler may still set them.
        HttpHandler handler = exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
            exchange.getResponseHeaders().add("Transfer-Encoding", "chunked");
            exchange.getResponseHeaders().add("X-Kept", "a");
            exchange.getResponseHeaders().add("X-Kept", "b");
            exchange.sendResponseHeaders(200, -1);
        };
        withServer(handler, (client, server) -> {
            H3TestClient.Response r = client.request(request("GET", "/"), null);

            assertThat(r.headers().get("connection")).isNull();
            assertThat(r.headers().get("keep-alive")).isNull();
            assertThat(r.headers().get("transfer-encoding")).isNull();
            assertThat(r.headers().lines().stream().filter(l -> l.name().equals("x-kept")).map(FieldLine::value))
                    .containsExactly("a", "b");
        });
    }

    @Test
    void handlerMisuseIsRefusedAsTheJdkServerRefusesIt() throws Exception {
        HttpHandler handler = exchange -> {
            try {
                exchange.getResponseBody().write(1); // before sendResponseHeaders
            } catch (IOException expected) {
                handlerErrors.add(expected);
            }
            exchange.setAttribute("a", "1");
            byte[] body = utf8(String.valueOf(exchange.getAttribute("a")) + exchange.getResponseCode());
            exchange.sendResponseHeaders(201, body.length);
            try {
                exchange.sendResponseHeaders(200, 0);
            } catch (IOException expected) {
                handlerErrors.add(expected);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        };
        withServer(handler, (client, server) -> {
            H3TestClient.Response r = client.request(request("GET", "/"), null);

            assertThat(r.status()).isEqualTo(201);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("1-1");
            assertThat(handlerErrors).extracting(Throwable::getMessage).containsExactly(
                    "response headers not sent yet: call sendResponseHeaders first", "headers already sent");
        });
    }

    @Test
    void aHandlerThatNeverSendsHeadersGetsA500() throws Exception {
        HttpHandler silent = HttpExchange::getRequestMethod;
        withServer(silent, (client, server) -> assertThat(client.request(request("GET", "/"), null).status())
                .isEqualTo(500));
    }
}
