package io.quic4j.http3.client;

import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3TimeoutException;
import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicClient;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code Http3Client} runs on: a {@link QuicClient}, one connection per origin opened on demand and shared by
 * concurrent requests until it ends or receives GOAWAY (RFC 9114 §3.3, §5.2), and the request timeouts. Thread-safe:
 * the pool is a concurrent map of connection futures; everything else lives on the connections' loops.
 */
public final class ClientEngine implements AutoCloseable {
    /** Request timeouts: one daemon thread; a cancelled timer leaves the queue at once. */
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private static final String H3 = "h3";
    /** How long {@link #close()} lets requests in flight finish. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Http3ClientConfig config;
    private final QuicClient quic;
    private final SessionSettings settings;
    private final ConcurrentHashMap<String, CompletableFuture<ClientConnection>> pool = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    private ClientEngine(Http3ClientConfig config) {
        this.config = config;
        this.quic = QuicClient.create(config.quicConfig(), config.tlsConfig());
        this.settings = new SessionSettings(config.maxFieldSectionSize(), config.qpackMaxTableCapacity(),
                config.qpackBlockedStreams());
    }

    /**
     * @param config the client's settings
     * @return a running engine
     */
    public static ClientEngine create(Http3ClientConfig config) {
        return new ClientEngine(config);
    }

    /**
     * Sends a request.
     *
     * @param request the request
     * @return the response once its header section arrived; fails with an {@link IOException}
     */
    public CompletableFuture<Http3ClientResponse> send(Http3ClientRequest request) {
        CompletableFuture<Http3ClientResponse> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("the client is closed"));
            return result;
        }
        Duration timeout = request.timeout().orElse(config.requestTimeout());
        // Weak: the timer must not keep a response reachable, or a response dropped unread would not be caught.
        WeakReference<CompletableFuture<Http3ClientResponse>> pending = new WeakReference<>(result);
        ScheduledFuture<?> timer = TIMERS.schedule(() -> {
            CompletableFuture<Http3ClientResponse> r = pending.get();
            if (r != null) {
                r.completeExceptionally(new Http3TimeoutException("no response to " + request.method() + " "
                        + request.uri() + " within " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        // Answered: the timer goes at once, rather than keeping the request reachable until the timeout.
        result.whenComplete((r, f) -> timer.cancel(false));
        String host = request.uri().getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal
        }
        int port = request.port();
        String origin = host + ":" + port;
        connection(host, port, origin).whenComplete((c, f) -> {
            if (f != null) {
                result.completeExceptionally(Failures.connect(f, origin));
            } else if (!result.isDone()) {
                Exchange.start(c, request, result);
            }
        });
        return result;
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "h3-client-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** RFC 9114 §3.3: one connection per origin, reused while it is open and has received no GOAWAY. */
    private CompletableFuture<ClientConnection> connection(String host, int port, String origin) {
        return pool.compute(origin, (k, existing) -> {
            if (existing != null && (!existing.isDone()
                    || (!existing.isCompletedExceptionally() && existing.join().isUsable()))) {
                return existing;
            }
            return connect(host, port, origin);
        });
    }

    private CompletableFuture<ClientConnection> connect(String host, int port, String origin) {
        return quic.connect(host, port).thenApply(qc -> {
            if (!H3.equals(qc.applicationProtocol())) {
                qc.close(Http3Error.H3_GENERAL_PROTOCOL_ERROR.code(), "h3 was not agreed");
                throw new java.util.concurrent.CompletionException(new IOException(origin + " agreed on ALPN '"
                        + qc.applicationProtocol() + "', not h3 (RFC 9114 §3.1)"));
            }
            return ClientConnection.start(qc, "h3#" + connections.incrementAndGet() + "[" + origin + " from "
                    + qc.localAddress() + "]", settings);
        });
    }

    /**
     * Closes every connection with H3_NO_ERROR once its requests in flight are done (at most a few seconds), then
     * stops the event loops. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<ClientConnection> f : pool.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().closeWhenIdle();
            } else {
                f.thenAccept(c -> c.connection().close(Http3Error.H3_NO_ERROR.code(), "client closed"));
            }
        }
        try {
            quic.closeGracefully(CLOSE_GRACE).get(CLOSE_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quic.close();
        } catch (ExecutionException | TimeoutException e) {
            quic.close();
        }
    }

}
