package io.quic4j.http3;

import java.io.IOException;
import java.io.InputStream;

/**
 * The response to an {@link Http3ClientRequest} (RFC 9114 §4.1), available once its header section has arrived: the
 * status and header fields, a body streamed as it is read, and the trailers after it. Close the body (or read it to
 * its end) to free the request stream; closing early cancels the rest (STOP_SENDING with H3_REQUEST_CANCELLED).
 *
 * <pre>{@code
 * Http3ClientResponse r = client.send(request);
 * try (InputStream in = r.body()) { in.transferTo(out); }
 * String checksum = r.trailers().get("x-checksum");
 * }</pre>
 */
public interface Http3ClientResponse {
    /** @return the request this answers */
    Http3ClientRequest request();

    /** @return the final status code ({@code :status}), 200 to 599 */
    int statusCode();

    /** @return the header fields, pseudo-headers excluded */
    Http3Headers headers();

    /**
     * The body, read from DATA frames as they arrive, with flow control: nothing is buffered beyond a small read
     * buffer. {@code read} throws {@link Http3StreamResetException} if the server reset the stream and an
     * {@link IOException} if the connection ended.
     *
     * @return the same stream on every call
     */
    InputStream body();

    /**
     * Reads the whole body and closes it.
     *
     * @return the body's bytes
     * @throws IOException as {@link #body()}'s {@code read}
     */
    default byte[] bodyBytes() throws IOException {
        try (InputStream in = body()) {
            return in.readAllBytes();
        }
    }

    /**
     * @return the trailer fields, once the body has been read to its end; empty if the server sent none
     * @throws IllegalStateException if the body has not been read to its end
     */
    Http3Headers trailers();

    /**
     * @return names the connection the response came on, unique within the client (for logs, and to see that
     *     requests shared a connection)
     */
    String connectionLabel();
}
