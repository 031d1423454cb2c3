package io.quic4j.http3.server;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.overload.SharedBreaker;
import io.quic4j.http3.session.Http3Session;
import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
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
    private Http3Session session;
    private long finished;

    private ServerConnection(Http3ServerConfig config, Http3Handler handler, SharedBreaker breaker) {
        this.config = config;
        this.handler = handler;
        this.breaker = breaker;
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
        c.session = Http3Session.start(connection, new SessionSettings(config.maxFieldSectionSize(),
                config.qpackMaxTableCapacity(), config.qpackBlockedStreams()), c::onRequestStream);
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
