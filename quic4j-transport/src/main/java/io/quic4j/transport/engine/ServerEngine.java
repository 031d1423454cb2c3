package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.TlsConfig;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.endpoint.EndpointLimits;
import io.quic4j.transport.endpoint.ServerEndpointConfig;
import io.quic4j.transport.token.AddressValidationTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * A QUIC server on one address: {@code eventLoops} loops, each with its own socket bound to that address
 * with SO_REUSEPORT and its own connections (DESIGN.md §2). Connection IDs encode the owning loop
 * ({@link LoopConnectionIds}), so the keys shared by all loops are only the token and stateless-reset keys.
 * The engine behind {@link io.quic4j.transport.QuicServer}.
 */
public final class ServerEngine {
    private final EventLoop[] eventLoops;
    private final ServerLoop[] loops;
    private final AcceptQueue acceptQueue;
    private final EngineSettings settings;
    private final KeyLogFile keyLog;
    private final InetSocketAddress localAddress;
    private final CloseOnce closeOnce = new CloseOnce();

    private ServerEngine(QuicConfig config, TlsConfig tls, InetSocketAddress bind) throws IOException {
        if (tls.certificate().isEmpty()) {
            throw new IllegalArgumentException(
                    "a server needs a certificate: set TlsConfig.builder().certificate(...)");
        }
        int n = config.eventLoops();
        this.settings = EngineConfigs.settings(config);
        this.acceptQueue = new AcceptQueue(config.acceptBacklog());
        this.keyLog = tls.keyLogFile().map(KeyLogFile::new).orElse(null);
        this.eventLoops = new EventLoop[n];
        this.loops = new ServerLoop[n];
        SecureRandom random = new SecureRandom();
        ConnectionConfig connection = EngineConfigs.connection(config);
        LoopConnectionIds ids = LoopConnectionIds.withRandomKey(n, connection.connectionIdLength(), random);
        byte[] tokenKey = new byte[AddressValidationTokens.KEY_LENGTH];
        random.nextBytes(tokenKey);
        AddressValidationTokens tokens = new AddressValidationTokens(tokenKey);
        StatelessResetTokens resetTokens = StatelessResetTokens.generate(random);
        long epochOffsetMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        LongUnaryOperator wallClock = now -> epochOffsetMillis + TimeUnit.NANOSECONDS.toMillis(now);
        int perLoopConnections = Math.max(1, config.maxConnections() / n);
        int perLoopBacklog = Math.min(perLoopConnections, Math.max(1, config.handshakeBacklog() / n));
        var tlsEngine = EngineConfigs.tls(tls, keyLog);
        EndpointLimits limits = EngineConfigs.limits(config);
        InetSocketAddress address = bind;
        try {
            for (int i = 0; i < n; i++) {
                eventLoops[i] = EventLoop.start(i, "quic-server-" + bind.getPort() + "-" + i);
                ServerEndpointConfig endpointConfig = new ServerEndpointConfig(connection, tlsEngine,
                        config.retryPolicy() == QuicConfig.RetryPolicy.ALWAYS, tokens, resetTokens,
                        perLoopConnections, wallClock, ids.generatorFor(i, new SecureRandom()), perLoopBacklog,
                        config.retryPolicy() == QuicConfig.RetryPolicy.UNDER_LOAD, limits);
                EventLoop loop = eventLoops[i];
                InetSocketAddress at = address;
                loops[i] = onLoop(loop, () -> new ServerLoop(this, loop, endpointConfig, at, n > 1,
                        config.socketBufferSize(), ids));
                // Loop 0 may have been given an ephemeral port: the others share it.
                address = loops[0].localAddress();
            }
        } catch (IOException | RuntimeException e) {
            for (EventLoop loop : eventLoops) {
                if (loop != null) {
                    loop.shutdown();
                }
            }
            throw e;
        }
        this.localAddress = address;
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T onLoop(EventLoop loop, IoSupplier<T> s) throws IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(s.get());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Binds a server.
     *
     * @param bind the address (port 0 for an ephemeral one)
     * @param config transport settings
     * @param tls TLS settings with a certificate
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ServerEngine bind(InetSocketAddress bind, QuicConfig config, TlsConfig tls) throws IOException {
        return new ServerEngine(config, tls, bind);
    }

    ServerLoop[] loops() {
        return loops;
    }

    /** @return datagrams the loops handed to another loop, each loop's counter read on its own thread */
    long forwardedDatagrams() throws IOException {
        long sum = 0;
        for (int i = 0; i < loops.length; i++) {
            ServerLoop l = loops[i];
            sum += onLoop(eventLoops[i], l::forwarded);
        }
        return sum;
    }

    /**
     * Collects the loops' endpoint figures, each read on its own loop thread (a task posted to it: no lock, and
     * no field of a loop is read from another thread), and sums them. A loop that has stopped contributes what
     * it last reported; one never read and already stopped contributes nothing.
     *
     * @return completes with the sum once every loop answered
     */
    public CompletableFuture<QuicServerStats> stats() {
        List<CompletableFuture<QuicServerStats>> parts = new ArrayList<>(loops.length);
        for (int i = 0; i < loops.length; i++) {
            ServerLoop l = loops[i];
            CompletableFuture<QuicServerStats> part = new CompletableFuture<>();
            try {
                eventLoops[i].execute(() -> part.complete(l.stats()));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The loop has stopped (a task it accepted always runs, even while it stops).
                part.complete(l.lastStats());
            }
            parts.add(part);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(x -> {
            QuicServerStats sum = null;
            for (CompletableFuture<QuicServerStats> p : parts) {
                QuicServerStats s = p.join();
                if (s != null) {
                    sum = sum == null ? s : sum.plus(s);
                }
            }
            return sum != null ? sum : new QuicServerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        });
    }

    /** @return whether the calling thread is one of this server's event loops */
    public boolean onLoopThread() {
        for (EventLoop l : eventLoops) {
            if (l.inLoop()) {
                return true;
            }
        }
        return false;
    }

    EngineSettings settings() {
        return settings;
    }

    boolean offerAccepted(ConnectionHandle c) {
        return acceptQueue.offer(c);
    }

    /** @return the next established connection; fails with ClosedChannelException once closing */
    public CompletableFuture<QuicConnection> accept() {
        return acceptQueue.take();
    }

    /** @return the bound address (with the real port) */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return how many event loops serve this address */
    public int eventLoopCount() {
        return loops.length;
    }

    /**
     * Closes gracefully (DESIGN.md §4): no new connection is accepted; each connection is closed with
     * CONNECTION_CLOSE once quiet, or when the grace is nearly over; the sockets close when every connection
     * has finished its closing period, or at the end of the grace. Idempotent: every call returns the same
     * future, whatever grace it passes.
     *
     * @param grace how long connections may take to finish
     * @return completes when the sockets are closed and the loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace) {
        return closeGracefully(grace, 0, Drain.REASON);
    }

    /**
     * As {@link #closeGracefully(Duration)}, closing connections with this application error code and reason
     * (HTTP/3 closes with H3_NO_ERROR, 0x100).
     *
     * @param grace how long connections may take to finish
     * @param errorCode the application error code of the CONNECTION_CLOSE frames
     * @param reason their reason phrase
     * @return completes when the sockets are closed and the loops have stopped
     */
    public CompletableFuture<Void> closeGracefully(Duration grace, long errorCode, String reason) {
        Drain.Goodbye goodbye = new Drain.Goodbye(errorCode, reason);
        return closeOnce.close(() -> drainAndStop(grace, goodbye), () -> {
            if (keyLog != null) {
                keyLog.close();
            }
        });
    }

    private CompletableFuture<Void> drainAndStop(Duration grace, Drain.Goodbye goodbye) {
        long now = System.nanoTime();
        long graceNanos = Math.max(0, grace.toNanos());
        long deadline = now + graceNanos;
        // Leave part of the grace for the closing period (3 PTO, RFC 9000 §10.2), at most a second.
        long closeAt = deadline - Math.min(graceNanos / 4, TimeUnit.SECONDS.toNanos(1));
        for (ConnectionHandle c : acceptQueue.close()) {
            c.close(goodbye.errorCode(), goodbye.reason());
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            ServerLoop l = loops[i];
            EventLoop loop = eventLoops[i];
            loop.execute(() -> l.shutdown(closeAt, deadline, goodbye, d));
            done.add(d.thenCompose(x -> loop.shutdown()));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Closes at once: CONNECTION_CLOSE to every connection, then the sockets; waits until done. */
    public void close() {
        try {
            closeGracefully(Duration.ZERO).join();
        } catch (CompletionException e) {
            throw new UncheckedIOException(new IOException("closing the server failed", e.getCause()));
        }
    }
}
