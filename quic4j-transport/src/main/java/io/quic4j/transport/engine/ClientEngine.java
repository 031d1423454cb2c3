package io.quic4j.transport.engine;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.TlsConfig;
import io.quic4j.transport.connection.ConnectionConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A QUIC client: event loops shared by its connections, each connection on its own socket and owned by one
 * loop, chosen round-robin (DESIGN.md §2). The engine behind {@link io.quic4j.transport.QuicClient}.
 */
public final class ClientEngine {
    private final EventLoop[] loops;
    /** Per loop, the live connections; touched only by that loop's thread. */
    private final List<Collection<ConnectionDriver>> perLoop = new ArrayList<>();
    private final ConnectionConfig connectionConfig;
    private final TlsEngineConfig tls;
    private final EngineSettings settings;
    private final int socketBufferSize;
    private final KeyLogFile keyLog;
    private final AtomicInteger next = new AtomicInteger();
    private final CloseOnce closeOnce = new CloseOnce();

    private ClientEngine(QuicConfig config, TlsConfig tlsConfig) {
        this.connectionConfig = EngineConfigs.connection(config);
        this.keyLog = tlsConfig.keyLogFile().map(KeyLogFile::new).orElse(null);
        this.tls = EngineConfigs.tls(tlsConfig, keyLog);
        this.settings = EngineConfigs.settings(config);
        this.socketBufferSize = config.socketBufferSize();
        this.loops = new EventLoop[config.eventLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = EventLoop.start(i, "quic-client-" + i);
            perLoop.add(new HashSet<>());
        }
    }

    /**
     * @param config transport settings
     * @param tls TLS settings
     * @return a running client
     */
    public static ClientEngine create(QuicConfig config, TlsConfig tls) {
        return new ClientEngine(config, tls);
    }

    /**
     * Connects to a host name: resolves it and tries each address in turn until a handshake completes.
     *
     * @param host a host name or address literal, also the name the certificate must match
     * @param port the UDP port
     * @return the established connection, or the last attempt's failure
     */
    public CompletableFuture<QuicConnection> connect(String host, int port) {
        CompletableFuture<QuicConnection> result = new CompletableFuture<>();
        // Resolving blocks: it gets a virtual thread, never a loop.
        Thread.ofVirtual().name("quic-connect-" + host).start(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                result.completeExceptionally(e);
                return;
            }
            Throwable last = null;
            for (InetAddress a : addresses) {
                try {
                    result.complete(connect(new InetSocketAddress(a, port), host).get());
                    return;
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                    return;
                }
            }
            result.completeExceptionally(last);
        });
        return result;
    }

    /**
     * Connects to one address.
     *
     * @param server the server's address
     * @param serverName the name for SNI and the certificate check
     * @return the established connection; fails with the connection's close reason if the handshake fails
     */
    public CompletableFuture<QuicConnection> connect(InetSocketAddress server, String serverName) {
        CompletableFuture<QuicConnection> result = new CompletableFuture<>();
        if (closeOnce.isClosing()) {
            result.completeExceptionally(new ClosedChannelException());
            return result;
        }
        int i = Math.floorMod(next.getAndIncrement(), loops.length);
        EventLoop loop = loops[i];
        Collection<ConnectionDriver> live = perLoop.get(i);
        try {
            loop.execute(() -> {
                try {
                    ConnectionDriver[] self = new ConnectionDriver[1];
                    ClientConnection c = ClientConnection.start(loop, connectionConfig, tls, serverName, server,
                            socketBufferSize, settings, () -> live.remove(self[0]));
                    self[0] = c.driver();
                    if (!c.driver().isRemoved()) {
                        live.add(c.driver());
                    }
                    c.driver().established.whenComplete((h, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(h);
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ClosedChannelException());
        }
        return result;
    }

    /**
     * Closes gracefully: each connection is closed once quiet (or near the end of the grace), then the loops
     * stop. Idempotent: every call returns the same future.
     *
     * @param grace how long connections may take to finish
     * @return completes when every connection has ended and the loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace) {
        return closeGracefully(grace, 0, Drain.REASON);
    }

    /**
     * As {@link #closeGracefully(Duration)}, closing connections with this application error code and reason.
     *
     * @param grace how long connections may take to finish
     * @param errorCode the application error code of the CONNECTION_CLOSE frames
     * @param reason their reason phrase
     * @return completes when every connection has ended and the loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace, long errorCode, String reason) {
        Drain.Goodbye goodbye = new Drain.Goodbye(errorCode, reason);
        return closeOnce.close(() -> drainAndStop(grace, goodbye), this::closeKeyLog);
    }

    private CompletableFuture<Void> drainAndStop(Duration grace, Drain.Goodbye goodbye) {
        long graceNanos = Math.max(0, grace.toNanos());
        long deadline = System.nanoTime() + graceNanos;
        long closeAt = deadline - Math.min(graceNanos / 4, TimeUnit.SECONDS.toNanos(1));
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            EventLoop loop = loops[i];
            Collection<ConnectionDriver> live = perLoop.get(i);
            CompletableFuture<Void> drained = new CompletableFuture<>();
            loop.execute(
                    () -> new Drain(loop, () -> live, closeAt, deadline, goodbye, true, () -> drained.complete(null))
                            .start());
            ends.add(drained.thenCompose(x -> loop.shutdown()));
        }
        return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
    }

    private void closeKeyLog() {
        if (keyLog != null) {
            keyLog.close();
        }
    }

    /** Closes every connection at once and stops the loops; waits until done. */
    public void close() {
        try {
            closeGracefully(Duration.ZERO).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("closing the client failed", e.getCause());
        }
    }
}
