package io.quic4j.http3;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response to an HTTP/3 request (RFC 9114 §4.1): a status, header fields, a streaming body and optional
 * trailers. The HEADERS frame goes out on the first write to {@link #body()} or when it is closed (or when the
 * handler returns), so status and headers must be set before that.
 *
 * <pre>{@code
 * response.status(200).header("content-type", "text/plain");
 * try (OutputStream out = response.body()) {
 *     out.write("streamed".getBytes(StandardCharsets.UTF_8)); // HEADERS, then DATA
 * }
 * }</pre>
 */
public interface Http3Response {
    /**
     * @param status the final status code, 200 to 599
     * @return this response
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if the headers were sent already
     */
    Http3Response status(int status);

    /**
     * Adds a header field.
     *
     * @param name the field name (lowercased; connection-specific fields such as {@code connection} are refused,
     *     RFC 9114 §4.2)
     * @param value the value
     * @return this response
     * @throws IllegalStateException if the headers were sent already
     */
    Http3Response header(String name, String value);

    /**
     * The body. Each write sends DATA frames (the first sends HEADERS before them); {@code flush} is a no-op as
     * writes are handed to the transport right away; {@code close} sends the trailers if set and ends the stream.
     * Writes throw an {@link IOException} if the client stopped reading or the connection ended.
     *
     * @return the same stream on every call
     */
    OutputStream body();

    /**
     * Sets trailer fields to send after the body.
     *
     * @param trailers the fields
     * @return this response
     * @throws IllegalStateException if the body was closed already
     */
    Http3Response trailers(Http3Headers trailers);

    /**
     * Sends an informational (1xx) response ahead of the final one (RFC 9114 §4.1), such as 103 Early Hints (RFC 8297)
     * naming resources the client may fetch while the handler works:
     *
     * <pre>{@code
     * response.sendInterim(103, Http3Headers.builder().add("link", "</style.css>; rel=preload; as=style").build());
     * }</pre>
     *
     * @param status 100 or 102 to 199; not 101, as HTTP/3 has no protocol upgrade (RFC 9114 §4.5)
     * @param headers its header fields (connection-specific fields are refused, RFC 9114 §4.2)
     * @throws IllegalArgumentException if the status or a field is not allowed
     * @throws IllegalStateException if the final response's headers were sent already
     * @throws IOException if the client stopped reading or the connection ended
     */
    void sendInterim(int status, Http3Headers headers) throws IOException;

    /** @return whether the HEADERS frame has been sent */
    boolean isCommitted();

    /**
     * Sends a whole response: status, {@code content-type} (if not null), {@code content-length}, the body, and
     * ends the stream.
     *
     * @param status the status
     * @param contentType the media type, or {@code null}
     * @param body the body
     * @throws IOException if the client stopped reading or the connection ended
     */
    default void send(int status, String contentType, byte[] body) throws IOException {
        status(status);
        if (contentType != null) {
            header("content-type", contentType);
        }
        header("content-length", Integer.toString(body.length));
        try (OutputStream out = body()) {
            out.write(body);
        }
    }
}
