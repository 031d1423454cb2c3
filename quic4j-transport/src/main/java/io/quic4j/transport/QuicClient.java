package io.quic4j.transport;

import io.quic4j.transport.engine.ClientEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A QUIC client: event-loop threads shared by its connections, each connection on its own UDP socket
 * (DESIGN.md §2). Create one per application and reuse it. Thread-safe.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("echo").build();
 * try (QuicClient client = QuicClient.create(QuicConfig.defaults(), tls);
 *         QuicConnection c = client.connect("example.com", 4433).join()) {
 *     QuicStream s = c.openBidirectionalStream().join();
 *     ...
 * }
 * }</pre>
 */
public final class QuicClient implements AutoCloseable {
    private final ClientEngine engine;

    private QuicClient(ClientEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts a client's event loops.
     *
     * @param config transport settings
     * @param tls TLS settings (ALPN, trust)
     * @return the client
     */
    public static QuicClient create(QuicConfig config, TlsConfig tls) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tls, "tls");
        return new QuicClient(ClientEngine.create(config, tls));
    }

    /**
     * Connects to a host: resolves the name and tries each address in turn until a handshake completes
     * (each attempt bounded by {@link QuicConfig#handshakeTimeout()}).
     *
     * @param host a host name or address literal; the server's certificate must match it
     * @param port the server's UDP port
     * @return the established connection; fails with {@link java.net.UnknownHostException}, or with
     *     {@link QuicConnectionClosedException} carrying the last attempt's close reason
     */
    public CompletableFuture<QuicConnection> connect(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        return engine.connect(host, port);
    }

    /**
     * Connects to one address.
     *
     * @param server the server's address
     * @param serverName the name the server's certificate must match (and sent as SNI)
     * @return the established connection, or the close reason of the failed handshake
     */
    public CompletableFuture<QuicConnection> connect(InetSocketAddress server, String serverName) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverName, "serverName");
        return engine.connect(server, serverName);
    }

    /**
     * Closes gracefully: each connection is closed (CONNECTION_CLOSE, code 0) as soon as it has no stream
     * left, the rest when the grace is nearly over. Idempotent: every call returns the same future.
     *
     * @param grace how long connections may take to finish their streams
     * @return completes when every connection has ended and the event loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        return engine.closeGracefully(grace);
    }

    /**
     * As {@link #closeGracefully(Duration)}, closing connections with this application error code and reason
     * phrase instead of 0. The first call's code wins.
     *
     * @param grace how long connections may take to finish their streams
     * @param errorCode the application error code of the CONNECTION_CLOSE frames
     * @param reason their reason phrase
     * @return completes when every connection has ended and the event loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace, long errorCode, String reason) {
        Objects.requireNonNull(grace, "grace");
        QuicServer.checkCode(errorCode);
        return engine.closeGracefully(grace, errorCode, reason == null ? "" : reason);
    }

    /** Closes every connection at once and waits for the event loops to stop. */
    @Override
    public void close() {
        engine.close();
    }
}
