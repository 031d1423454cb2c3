package io.quic4j.transport;

import io.quic4j.transport.engine.ServerEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A QUIC server bound to one UDP address. It runs {@link QuicConfig#eventLoops()} event-loop threads, each
 * with its own socket on that address (SO_REUSEPORT) and its own connections (DESIGN.md §2). Connections
 * reach the application through {@link #accept()} once their handshake is complete, so the peer is
 * authenticated. Thread-safe.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("echo")
 *         .certificate(Path.of("cert.pem"), Path.of("key.pem")).build();
 * try (QuicServer server = QuicServer.bind(new InetSocketAddress(4433), QuicConfig.defaults(), tls)) {
 *     while (true) {
 *         QuicConnection c = server.accept().join();
 *         Thread.startVirtualThread(() -> {
 *             while (true) {
 *                 QuicStream s = c.acceptStream().join();
 *                 try (s) { s.inputStream().transferTo(s.outputStream()); } catch (IOException e) { ... }
 *             }
 *         });
 *     }
 * }
 * }</pre>
 */
public final class QuicServer implements AutoCloseable {
    private final ServerEngine engine;

    private QuicServer(ServerEngine engine) {
        this.engine = engine;
    }

    /**
     * Binds a server and starts its event loops.
     *
     * @param address where to listen; port 0 picks a free port ({@link #localAddress()} tells which)
     * @param config transport settings
     * @param tls TLS settings; must hold a certificate
     * @return the running server
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if {@code tls} has no certificate
     */
    public static QuicServer bind(InetSocketAddress address, QuicConfig config, TlsConfig tls) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tls, "tls");
        return new QuicServer(ServerEngine.bind(address, config, tls));
    }

    /**
     * Takes the next established connection, waiting for one. At most {@link QuicConfig#acceptBacklog()}
     * connections wait to be accepted; beyond that new ones are refused (CONNECTION_REFUSED).
     *
     * @return the connection; fails with {@link java.nio.channels.ClosedChannelException} once the server is
     *     closing
     */
    public CompletableFuture<QuicConnection> accept() {
        return engine.accept();
    }

    /**
     * What the server is doing to protect itself (DESIGN.md §5, §7): connections open and handshaking, new
     * connections accepted and refused by reason, Retry and rate limiting, connections shed for memory, buffered
     * bytes against {@link QuicConfig#bufferCeiling()} and whether memory is under pressure. Summed over the
     * event loops, each read on its own thread; works after close too (the last figures each loop reported).
     *
     * <pre>{@code
     * QuicServerStats s = server.stats();
     * log.info("quic: " + s.connectionsOpen() + " open, " + s.refused() + " refused, " + s.connectionsShed()
     *         + " shed, buffers " + s.bufferedBytes() + "/" + s.bufferCeiling()
     *         + (s.underMemoryPressure() ? " (memory pressure: credit held)" : ""));
     * }</pre>
     *
     * @return the figures
     * @throws IllegalStateException if called on one of the server's event loop threads (waiting there would
     *     deadlock the loop): use {@link #statsAsync()} there
     */
    public QuicServerStats stats() {
        if (engine.onLoopThread()) {
            throw new IllegalStateException("QuicServer.stats() waits for the event loops and would deadlock one of"
                    + " them: call statsAsync() on an event loop thread");
        }
        return statsAsync().join();
    }

    /**
     * As {@link #stats()}, without waiting: usable from any thread, an event loop's included.
     *
     * @return completes with the figures once every event loop answered
     */
    public CompletableFuture<QuicServerStats> statsAsync() {
        return engine.stats();
    }

    /** @return the bound address, with the actual port */
    public InetSocketAddress localAddress() {
        return engine.localAddress();
    }

    /**
     * Closes gracefully (DESIGN.md §4): new connections are no longer accepted; each connection is closed
     * with CONNECTION_CLOSE (application code 0) as soon as it has no stream left, and the rest when the
     * grace is nearly over, so that their streams fail with an explicit {@link QuicConnectionClosedException}
     * on both sides; the sockets close once every connection has finished closing, or when the grace ends.
     * Idempotent and thread-safe: every call returns the same future, whatever grace it passes.
     *
     * @param grace how long connections may take to finish their streams
     * @return completes when the sockets are closed and the event loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        return engine.closeGracefully(grace);
    }

    /**
     * As {@link #closeGracefully(Duration)}, but connections are closed with this application error code and
     * reason phrase instead of 0 (an HTTP/3 server passes H3_NO_ERROR, 0x100). The first call's code wins.
     *
     * <pre>{@code
     * server.closeGracefully(Duration.ofSeconds(10), 0x100, "shutting down").join();
     * }</pre>
     *
     * @param grace how long connections may take to finish their streams
     * @param errorCode the application error code of the CONNECTION_CLOSE frames
     * @param reason their reason phrase
     * @return completes when the sockets are closed and the event loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace, long errorCode, String reason) {
        Objects.requireNonNull(grace, "grace");
        checkCode(errorCode);
        return engine.closeGracefully(grace, errorCode, reason == null ? "" : reason);
    }

    static void checkCode(long errorCode) {
        if (errorCode < 0 || errorCode > (1L << 62) - 1) {
            throw new IllegalArgumentException("errorCode must be 0 to 2^62-1 (a QUIC varint), was " + errorCode);
        }
    }

    /** Closes at once, as {@code closeGracefully(Duration.ZERO)}, and waits until the loops have stopped. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "QuicServer[" + localAddress() + ", " + engine.eventLoopCount() + " event loops]";
    }
}
