package io.quic4j.http3;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP/3 request as a {@link Http3Handler} sees it (RFC 9114 §4.3.1): the pseudo-header fields, the other
 * header fields, a streaming body and trailers. The body arrives as the handler reads it, with flow control: a
 * client sending faster than the handler reads is slowed down, not buffered.
 *
 * <pre>{@code
 * if (request.method().equals("POST")) {
 *     try (InputStream in = request.body()) { long n = in.transferTo(OutputStream.nullOutputStream()); }
 *     String checksum = request.trailers().get("x-checksum");
 * }
 * request.cancellation().thenRun(() -> System.out.println("client gave up"));
 * }</pre>
 */
public interface Http3Request {
    /** @return the {@code :method}, such as {@code GET} */
    String method();

    /** @return the {@code :scheme}, such as {@code https} */
    String scheme();

    /** @return the {@code :authority}, or the {@code host} header when there is no {@code :authority}; may be empty */
    String authority();

    /** @return the {@code :path}: path and query, such as {@code /index.html?x=1} */
    String path();

    /** @return the header fields, pseudo-headers excluded */
    Http3Headers headers();

    /**
     * The request body, read from DATA frames as they arrive. {@code read} throws an {@link java.io.IOException}
     * if the client reset the stream, the connection ended, or the body exceeds the server's configured limit.
     *
     * @return the same stream on every call
     */
    InputStream body();

    /**
     * @return the trailer fields, once the body has been read to its end; empty if the client sent none
     * @throws IllegalStateException if the body has not been read to its end yet
     */
    Http3Headers trailers();

    /**
     * @return completes when the request is abandoned: the client reset the request stream or sent STOP_SENDING,
     *     or the connection ended. A handler doing long work may stop early then. It completes on a transport
     *     thread: callbacks attached with the non-async methods must not block (use {@code thenRunAsync}). A
     *     STOP_SENDING is noticed when the response is next written, a reset while the body is being read or
     *     read ahead.
     */
    CompletableFuture<Void> cancellation();

    /** @return the client's address */
    InetSocketAddress remoteAddress();

    /** @return the server's address the request arrived at (the connection's local address) */
    InetSocketAddress localAddress();
}
