package io.quic4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An established QUIC connection (RFC 9000), from {@link QuicServer#accept()} or
 * {@link QuicClient#connect}. Thread-safe: every method may be called from any thread; each one posts a
 * command to the event loop that owns the connection (DESIGN.md §2) and answers with a
 * {@link CompletableFuture}, so commands on one connection run one at a time, in the order they were
 * made.
 *
 * <p>Futures complete on the event loop's thread. Callbacks attached with the non-async
 * {@code CompletableFuture} methods run there too and must not block; blocking code belongs on its own
 * (virtual) thread, joining the futures or using the {@link QuicStream} stream views.
 *
 * <pre>{@code
 * try (QuicConnection c = client.connect("example.com", 443).join()) {
 *     QuicStream s = c.openBidirectionalStream().join();
 *     s.outputStream().write("ping".getBytes(StandardCharsets.UTF_8));
 *     s.outputStream().close(); // FIN
 *     byte[] answer = s.inputStream().readAllBytes();
 * }
 * }</pre>
 */
public interface QuicConnection extends AutoCloseable {

    /**
     * Opens a bidirectional stream, waiting for the peer's stream limit to allow one (RFC 9000 §4.6).
     *
     * @return the stream; fails with {@link QuicConnectionClosedException} if the connection ends first
     */
    CompletableFuture<QuicStream> openBidirectionalStream();

    /**
     * Opens a unidirectional stream (only we write), waiting for the peer's stream limit to allow one.
     *
     * @return the stream; fails with {@link QuicConnectionClosedException} if the connection ends first
     */
    CompletableFuture<QuicStream> openUnidirectionalStream();

    /**
     * Opens a stream without waiting.
     *
     * @param bidirectional whether both sides write, or only we do
     * @return the stream, or a failure with {@link QuicStreamException.Kind#LIMIT} if the peer's stream limit
     *     leaves no room now
     */
    CompletableFuture<QuicStream> tryOpenStream(boolean bidirectional);

    /**
     * Takes the next stream the peer opened, waiting for one. Streams the peer opens wait here, bounded by
     * the stream limit we advertise; each accepted stream must eventually be closed.
     *
     * @return the stream; fails with {@link QuicConnectionClosedException} if the connection ends first
     */
    CompletableFuture<QuicStream> acceptStream();

    /**
     * Sends an unreliable datagram (RFC 9221): it may be lost and is never retransmitted. Needs
     * {@link QuicConfig#maxDatagramFrameSize()} above 0 on both sides.
     *
     * @param data the payload from position to limit; copied before this returns
     * @return completes when queued; fails with {@link IllegalStateException} if the peer does not accept
     *     datagrams or this one is too large ({@link #maxDatagramPayload()})
     */
    CompletableFuture<Void> sendDatagram(ByteBuffer data);

    /**
     * Takes the next datagram the peer sent, waiting for one. Datagrams nobody takes are bounded: when the
     * queue is full the oldest is dropped.
     *
     * @return a read-only buffer with the payload
     */
    CompletableFuture<ByteBuffer> receiveDatagram();

    /**
     * @return the largest datagram payload {@link #sendDatagram} accepts now, 0 if the peer does not accept
     *     datagrams
     */
    CompletableFuture<Integer> maxDatagramPayload();

    /**
     * Lowers, or restores, how many bidirectional streams the peer may have live at once: between 0 and
     * {@link QuicConfig#maxIncomingBidirectionalStreams()} (more counts as that). An overloaded server gives a busy
     * connection fewer requests this way. Credit already granted cannot be taken back (RFC 9000 §4.6), so a lower
     * limit takes effect as the peer's streams finish: each returns credit only while fewer than {@code live} are
     * live. A higher limit is granted at once.
     *
     * <pre>{@code
     * connection.limitIncomingBidirectionalStreams(10);  // degraded: at most 10 requests at once from now on
     * connection.limitIncomingBidirectionalStreams(Long.MAX_VALUE); // back to the configured limit
     * }</pre>
     *
     * @param live the most peer bidirectional streams live at once, 0 or more
     * @return completes once the limit is in place
     * @throws IllegalArgumentException if {@code live} is negative
     */
    CompletableFuture<Void> limitIncomingBidirectionalStreams(long live);

    /** @return counters and the stream counts of the connection, taken on its event loop */
    CompletableFuture<QuicConnectionStats> stats();

    /**
     * Closes the connection with an application error code (CONNECTION_CLOSE, RFC 9000 §10.2). Streams that
     * are still open fail with {@link QuicConnectionClosedException}. Idempotent: later calls change nothing.
     *
     * @param errorCode the application error code; 0 means no error
     * @param reason a reason phrase for the peer's logs (cut to 512 UTF-8 bytes)
     * @return {@link #closeFuture()}
     */
    CompletableFuture<QuicCloseReason> close(long errorCode, String reason);

    /** Closes with code 0 and no reason, without waiting: {@code close(0, "")}. */
    @Override
    void close();

    /** @return completes with the reason once the connection has ended, whoever ended it */
    CompletableFuture<QuicCloseReason> closeFuture();

    /** @return whether the connection has not started closing */
    boolean isOpen();

    /**
     * The event loop that owns this connection, as an executor: tasks run one at a time, in order, on the
     * thread that completes this connection's futures. A protocol layered on QUIC (HTTP/3's control and QPACK
     * state, for example) can keep its per-connection state there and so needs no lock (DESIGN.md §2). Tasks
     * must not block; once the endpoint has shut down, {@code execute} throws
     * {@link java.util.concurrent.RejectedExecutionException}.
     *
     * <pre>{@code
     * connection.executor().execute(() -> session.onSettings(settings)); // same thread as the stream callbacks
     * }</pre>
     *
     * @return the connection's event loop
     */
    java.util.concurrent.Executor executor();

    /** @return the application protocol agreed on with ALPN */
    String applicationProtocol();

    /** @return the peer's certificate chain, end-entity first; empty if the peer sent none */
    List<X509Certificate> peerCertificates();

    /** @return the peer's address (the latest, if it migrated) */
    InetSocketAddress remoteAddress();

    /** @return our socket's address */
    InetSocketAddress localAddress();
}
