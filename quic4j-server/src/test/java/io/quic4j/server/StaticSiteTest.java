package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3Request;
import io.quic4j.http3.Http3Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StaticSite} turns {@link io.quic4j.server.files.StaticFiles}' decision into an HTTP/3 response: the status
 * and fields as decided, and exactly the file region as the body (several chunks for a large file, a slice for a
 * range, nothing for HEAD, 304 and errors).
 */
class StaticSiteTest {
    @TempDir
    Path root;

    private byte[] large;

    @BeforeEach
    void site() throws Exception {
        large = new byte[3 * StaticSite.CHUNK + 5];
        new SplittableRandom(3).nextBytes(large);
        Files.write(root.resolve("large.bin"), large);
    }

    private record Request(String method, String path, Http3Headers headers) implements Http3Request {
        @Override
        public String scheme() {
            return "https";
        }

        @Override
        public String authority() {
            return "localhost";
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }

        @Override
        public Http3Headers trailers() {
            return Http3Headers.EMPTY;
        }

        @Override
        public CompletableFuture<Void> cancellation() {
            return new CompletableFuture<>();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress(0);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(0);
        }
    }

    /** Records what the handler sends; the body counts its writes. */
    private static final class Response implements Http3Response {
        int status = 200;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        boolean closed;
        final OutputStream body = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes++;
                bytes.write(b, off, len);
            }

            @Override
            public void close() {
                closed = true;
            }
        };

        @Override
        public Http3Response status(int s) {
            status = s;
            return this;
        }

        @Override
        public Http3Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public OutputStream body() {
            return body;
        }

        @Override
        public Http3Response trailers(Http3Headers trailers) {
            return this;
        }

        @Override
        public void sendInterim(int interimStatus, Http3Headers fields) {
            throw new AssertionError("a static site sends no interim response, got " + interimStatus);
        }

        @Override
        public boolean isCommitted() {
            return writes > 0 || closed;
        }
    }

    private Response serve(String method, String path, String... fields) throws Exception {
        Http3Headers.Builder h = Http3Headers.builder();
        for (int i = 0; i < fields.length; i += 2) {
            h.add(fields[i], fields[i + 1]);
        }
        Response r = new Response();
        StaticSite.of(root).handle(new Request(method, path, h.build()), r);
        assertThat(r.closed).as("the body is always ended").isTrue();
        return r;
    }

    @Test
    void aLargeFileIsStreamedInChunksAndArrivesWhole() throws Exception {
        Response r = serve("GET", "/large.bin");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.headers).containsEntry("content-length", Integer.toString(large.length));
        assertThat(r.bytes.toByteArray()).isEqualTo(large);
        assertThat(r.writes).isEqualTo(4); // never the whole file at once
    }

    @Test
    void headSendsTheFieldsButNoContent() throws Exception {
        // RFC 9110 §9.3.2
        Response r = serve("HEAD", "/large.bin");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.headers).containsEntry("content-length", Integer.toString(large.length));
        assertThat(r.bytes.size()).isZero();
    }

    @Test
    void aRangeSendsExactlyThatSlice() throws Exception {
        // RFC 9110 §14.1.2: bytes=first-last, both inclusive.
        int first = StaticSite.CHUNK - 10;
        int last = StaticSite.CHUNK + 20;
        Response r = serve("GET", "/large.bin", "range", "bytes=" + first + "-" + last);

        assertThat(r.status).isEqualTo(206);
        assertThat(r.headers).containsEntry("content-range", "bytes " + first + "-" + last + "/" + large.length);
        assertThat(r.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(large, first, last + 1));
    }

    @Test
    void anUnsatisfiableRangeIs416WithoutContent() throws Exception {
        Response r = serve("GET", "/large.bin", "range", "bytes=" + (large.length + 1) + "-");

        assertThat(r.status).isEqualTo(416);
        assertThat(r.headers).containsEntry("content-range", "bytes */" + large.length);
        assertThat(r.bytes.size()).isZero();
    }

    @Test
    void aMatchingEtagIs304AndAFailedIfMatchIs412() throws Exception {
        // RFC 9110 §13.1.2 (If-None-Match) and §13.1.1 (If-Match)
        String etag = serve("HEAD", "/large.bin").headers.get("etag");

        Response notModified = serve("GET", "/large.bin", "if-none-match", etag);
        assertThat(notModified.status).isEqualTo(304);
        assertThat(notModified.bytes.size()).isZero();

        Response failed = serve("GET", "/large.bin", "if-match", "\"other\"");
        assertThat(failed.status).isEqualTo(412);
        assertThat(failed.bytes.size()).isZero();
    }

    @Test
    void aMissingFileIs404() throws Exception {
        Response r = serve("GET", "/missing.txt");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.bytes.size()).isZero();
    }
}
