package io.quic4j.http3.server;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.overload.SharedBreaker;
import io.quic4j.http3.session.Http3Session;
import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One HTTP/3 connection of the server: its {@link Http3Session} and its requests in flight. Loop-owned, apart from
 * {@link #shutdown()}, which posts.
 *
 * <pre>{@code
 * ServerConnection c = ServerConnection.start(quicConnection, config, handler, breaker);
 * c.shutdown(); // GOAWAY; closes with H3_NO_ERROR once the requests in flight are done
 * }</pre>
 */
public final class ServerConnection {
    /** Every how many finished requests the connection's RTT is sampled for the circuit breaker (the first too). */
    private static final long RTT_SAMPLE_EVERY = 32;

    private final Http3ServerConfig config;
    private final Http3Handler handler;
    private final SharedBreaker breaker;
    private final Set<RequestStream> active = new HashSet<>();
    /**
     * Handlers whose thread has started and not yet returned. The server binds its transport with
     * {@code QuicConfig.streamCreditOnClose}, so a request stream returns its stream credit only once its handle is
     * closed, which {@link RequestStream} does when the handler has returned (or when the request never reaches a
     * handler: refused, withdrawn from {@link #waiting}, or failed before dispatch). A client that resets its requests
     * (rapid reset) therefore gets no new streams while their handlers still run, and the stream limit bounds the
     * handlers. They are still bounded here too, as defence in depth (a transport configured otherwise, a stream
     * closed early by a future change): at most {@link Http3ServerConfig#maxConcurrentRequests()} run at once, and
     * later requests wait in {@link #waiting} (each holding its stream, so its credit, until it runs or is cancelled).
     */
    private int running;
    private final ArrayDeque<RequestStream> waiting = new ArrayDeque<>();
    /** Request streams that ended reset and that completed, over one window (the rapid-reset rule). */
    private final ResetAccounting resets;
    private Http3Session session;
    private long finished;

    private ServerConnection(Http3ServerConfig config, Http3Handler handler, SharedBreaker breaker) {
        this.config = config;
        this.handler = handler;
        this.breaker = breaker;
        this.resets = new ResetAccounting(config.abuseLimits().maxResetStreams(),
                config.abuseLimits().resetWindow().toNanos(), System.nanoTime());
    }

    /**
     * Starts serving a connection.
     *
     * @param connection an established connection with ALPN h3
     * @param config the server's settings
     * @param handler the application
     * @param breaker the server's circuit breaker, fed by this connection's request streams
     * @return the connection's server state
     */
    public static ServerConnection start(QuicConnection connection, Http3ServerConfig config, Http3Handler handler,
            SharedBreaker breaker) {
        ServerConnection c = new ServerConnection(config, handler, breaker);
        c.session = Http3Session.start(connection, SessionSettings.of(config.maxFieldSectionSize(),
                config.qpackMaxTableCapacity(), config.qpackBlockedStreams(), config.abuseLimits()),
                c::onRequestStream);
        connection.closeFuture().whenComplete((r, f) -> {
            for (RequestStream rs : Set.copyOf(c.active)) {
                rs.onConnectionClosed();
            }
        });
        return c;
    }

    private void onRequestStream(Http3Session s, QuicStream stream) {
        RequestStream rs = new RequestStream(this, stream);
        active.add(rs);
        rs.start();
    }

    /** Loop only: a request is finished. */
    void done(RequestStream rs) {
        waiting.remove(rs);
        if (!rs.wasReset()) {
            resets.completed(System.nanoTime());
        }
        if (active.remove(rs)) {
            session.requestDone();
            if (finished++ % RTT_SAMPLE_EVERY == 0) {
                // the threshold tolerates more resets on long paths (DESIGN.md §5): sample ours now and then
                session.connection().stats().thenAccept(s -> breaker.rttSample(s.smoothedRtt()));
            }
        }
    }

    /** @return requests accepted on this connection and not yet done; loop only */
    int activeRequests() {
        return active.size();
    }

    SharedBreaker breaker() {
        return breaker;
    }

    /** Loop only: starts {@code rs}'s handler now if fewer than the bound run, or when one returns. */
    void admit(RequestStream rs) {
        if (running < config.maxConcurrentRequests()) {
            running++;
            rs.startHandler();
        } else {
            waiting.add(rs);
        }
    }

    /** Loop only: a request waiting for a handler slot was cancelled (reset by the client); it no longer waits. */
    boolean withdraw(RequestStream rs) {
        return waiting.remove(rs);
    }

    /** Loop only: a handler started by {@link #admit} has returned; its slot goes to the next waiting request. */
    void handlerReturned() {
        running--;
        RequestStream next = waiting.poll();
        if (next != null) {
            running++;
            next.startHandler();
        }
    }

    /** @return handlers running now; loop only */
    int runningHandlers() {
        return running;
    }

    /**
     * Loop only: a request stream ended reset, by the client before its response was complete or by us because of
     * what the client sent. A client that resets streams far faster than it completes them (DESIGN.md §5) is closed
     * with H3_EXCESSIVE_LOAD: more than {@link io.quic4j.http3.Http3AbuseLimits#maxResetStreams()} within the window,
     * while fewer than that completed in it. A busy client that cancels a share of its requests (a browser
     * navigating away) is left to the server-wide circuit breaker.
     *
     * @param why what happened to the stream, for the close reason
     */
    void onReset(String why) {
        if (resets.reset(System.nanoTime())) {
            var limits = config.abuseLimits();
            // RFC 9114 §8.1: H3_EXCESSIVE_LOAD, "The endpoint detected that its peer is exhibiting a behavior that
            // might be generating excessive load." RFC 9114 §10.5 lists such denial-of-service patterns.
            session.connectionError(new Http3Exception(Http3Error.H3_EXCESSIVE_LOAD, "more than "
                    + limits.maxResetStreams() + " request streams ended reset within " + limits.resetWindow()
                    + " (rapid reset, CVE-2023-44487, or resets the client provoked); the last: " + why));
        }
    }

    Http3Session session() {
        return session;
    }

    Http3ServerConfig config() {
        return config;
    }

    Http3Handler handler() {
        return handler;
    }

    /** @return the QUIC connection */
    public QuicConnection connection() {
        return session.connection();
    }

    /** GOAWAY, then close with H3_NO_ERROR once no request is in flight (RFC 9114 §5.2). */
    public void shutdown() {
        session.shutdown();
    }
}
