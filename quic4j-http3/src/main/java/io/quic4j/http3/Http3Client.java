package io.quic4j.http3;

import io.quic4j.http3.client.ClientEngine;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An HTTP/3 client (RFC 9114), in the manner of {@code java.net.http.HttpClient}: requests to one origin (host and
 * port) share one QUIC connection, opened on demand and used concurrently; a connection that received GOAWAY takes
 * no new requests (RFC 9114 §5.2), so the next request opens a fresh one. Thread-safe; create one and reuse it.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("h3").build();
 * try (Http3Client client = Http3Client.create(Http3ClientConfig.defaults(tls))) {
 *     Http3ClientResponse r = client.send(Http3ClientRequest.newBuilder(URI.create("https://example.com/")).build());
 *     System.out.println(r.statusCode() + " " + new String(r.bodyBytes(), StandardCharsets.UTF_8));
 * }
 * }</pre>
 *
 * <p>Failures are {@link IOException}s: connecting failed ({@link java.net.ConnectException} whose cause is the
 * transport's {@code QuicConnectionClosedException} with the close reason, or {@link java.net.UnknownHostException}),
 * the connection ended, {@link Http3StreamResetException} (the server reset the request, with its code),
 * {@link Http3RetryableException} (the server did not process it: send it again), {@link Http3TimeoutException}.
 */
public final class Http3Client implements AutoCloseable {
    private final ClientEngine engine;

    private Http3Client(ClientEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts a client.
     *
     * @param config its settings
     * @return the client
     */
    public static Http3Client create(Http3ClientConfig config) {
        Objects.requireNonNull(config, "config");
        return new Http3Client(ClientEngine.create(config));
    }

    /**
     * Sends a request and waits for the response's header section; the body is read from the response.
     *
     * @param request the request
     * @return the response
     * @throws IOException if the request failed (see the class comment)
     * @throws InterruptedException if interrupted while waiting; the request is cancelled
     */
    public Http3ClientResponse send(Http3ClientRequest request) throws IOException, InterruptedException {
        CompletableFuture<Http3ClientResponse> f = sendAsync(request);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.completeExceptionally(new IOException("interrupted"));
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    /**
     * Sends a request.
     *
     * @param request the request
     * @return completes with the response once its header section arrived, or with an {@link IOException}; completing
     *     it yourself (exceptionally) cancels the request. It completes on a transport or request thread: do not
     *     block in callbacks attached with the non-async methods.
     */
    public CompletableFuture<Http3ClientResponse> sendAsync(Http3ClientRequest request) {
        Objects.requireNonNull(request, "request");
        return engine.send(request);
    }

    /** Closes every connection with H3_NO_ERROR once its requests in flight are done (waiting a few seconds at most). */
    @Override
    public void close() {
        engine.close();
    }
}
