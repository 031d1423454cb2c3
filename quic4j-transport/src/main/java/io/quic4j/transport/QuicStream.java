package io.quic4j.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One QUIC stream (RFC 9000 §2-§3). Thread-safe: each method posts a command to the connection's event
 * loop, so a write and a cancel can never interleave. Asynchronous reads and writes use
 * {@link CompletableFuture}; blocking code (on virtual threads, for example) uses {@link #inputStream()} and
 * {@link #outputStream()}.
 *
 * <p>Always {@link #close()} a stream, or cancel both halves: it holds stream credit the peer needs. A
 * handle dropped without that is caught when it is garbage collected: the stream is reset and stopped
 * with {@link QuicConfig#leakedStreamErrorCode()} and a warning names where it was opened (DESIGN.md §3).
 *
 * <pre>{@code
 * QuicStream s = connection.acceptStream().join();
 * try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
 *     in.transferTo(out); // echo until the peer's FIN, then FIN
 * }
 * }</pre>
 */
public interface QuicStream extends AutoCloseable {

    /** @return the stream ID (RFC 9000 §2.1) */
    long id();

    /** @return whether both sides write; otherwise only the opener does */
    boolean isBidirectional();

    /** @return whether this side opened the stream */
    boolean isLocal();

    /** @return whether this side may read (a bidirectional stream, or a peer's unidirectional one) */
    default boolean isReadable() {
        return isBidirectional() || !isLocal();
    }

    /** @return whether this side may write (a bidirectional stream, or our unidirectional one) */
    default boolean isWritable() {
        return isBidirectional() || isLocal();
    }

    /**
     * Reads the next bytes, waiting until some arrive. One read at a time: a second read before the first
     * completes fails with {@link IllegalStateException}. {@code dst} is filled on the event loop and must not
     * be touched until the future completes.
     *
     * @param dst where the bytes go, from its position
     * @return how many bytes were read, or -1 at the end of the stream; fails with
     *     {@link QuicStreamException} if the peer reset the stream or this side cancelled it, and with
     *     {@link QuicConnectionClosedException} once the connection has ended and nothing it received for this
     *     stream is left to read (what arrived before the close, and its end, can still be read)
     */
    CompletableFuture<Integer> read(ByteBuffer dst);

    /**
     * Writes all of {@code src}, waiting for room in the stream's send buffer as often as needed. Writes
     * queue up in call order. {@code src} is read on the event loop and must not change until the future
     * completes.
     *
     * @param src the bytes from position to limit
     * @return completes when all of {@code src} was taken (not yet acknowledged); fails with
     *     {@link QuicStreamException} if the peer sent STOP_SENDING or this side finished or cancelled writing
     */
    CompletableFuture<Void> write(ByteBuffer src);

    /**
     * Ends the sending half after everything written so far (FIN). Idempotent.
     *
     * @return completes when the FIN is queued
     */
    CompletableFuture<Void> finish();

    /**
     * Completes when the peer abandons either half: RESET_STREAM on its sending half (reads then fail with
     * {@link QuicStreamException.Kind#RESET_BY_PEER}) or STOP_SENDING on ours (writes then fail with
     * {@link QuicStreamException.Kind#STOPPED_BY_PEER}), with the exception that describes it; fails with
     * {@link QuicConnectionClosedException} if the connection ends first; never completes for a stream both
     * sides end normally. A request handler can watch it to stop work nobody will read (RFC 9114 §4.1.1).
     *
     * <pre>{@code
     * stream.peerAbort().thenAccept(e -> task.cancel(true));
     * }</pre>
     *
     * @return the same future on every call
     */
    CompletableFuture<QuicStreamException> peerAbort();

    /**
     * Sets the stream's sending priority (the RFC 9218 scheme HTTP/3 uses): data of streams with a lower
     * urgency is sent first; within one urgency, incremental streams share the connection round-robin and
     * non-incremental ones go one at a time in stream ID order. Streams start at urgency 3, incremental.
     *
     * <pre>{@code
     * stream.setPriority(0, false); // e.g. a render-blocking stylesheet: first, whole
     * }</pre>
     *
     * @param urgency 0 (most urgent) to 7
     * @param incremental whether the stream shares its urgency level with the others round-robin
     * @throws IllegalArgumentException if {@code urgency} is outside 0..7
     */
    void setPriority(int urgency, boolean incremental);

    /**
     * Abandons reading: STOP_SENDING with {@code errorCode} if the peer may still send (RFC 9000 §3.5).
     * Idempotent. A pending read fails with {@link QuicStreamException.Kind#CANCELLED}.
     *
     * @param errorCode the application error code
     */
    void cancelRead(long errorCode);

    /**
     * Abandons writing: RESET_STREAM with {@code errorCode} (RFC 9000 §3.1); unsent data is dropped.
     * Idempotent. Pending writes fail with {@link QuicStreamException.Kind#CANCELLED}.
     *
     * @param errorCode the application error code
     */
    void cancelWrite(long errorCode);

    /**
     * Closes both halves (DESIGN.md §3): FIN after the writes already queued, and STOP_SENDING with code 0
     * if the peer may still send and not all was read. Idempotent; does not wait.
     */
    @Override
    void close();

    /**
     * A blocking view of the receiving half. {@code read} blocks until bytes, the end, or an error
     * ({@link QuicStreamException}, {@link QuicConnectionClosedException}); {@code close} cancels reading
     * with code 0 unless the end was reached. Not for the event loop's thread.
     *
     * @return the same view on every call
     */
    InputStream inputStream();

    /**
     * A blocking view of the sending half. {@code write} blocks until the bytes are taken; {@code close}
     * sends FIN. Not for the event loop's thread.
     *
     * @return the same view on every call
     */
    OutputStream outputStream();

    /** @return the connection the stream belongs to */
    QuicConnection connection();
}
