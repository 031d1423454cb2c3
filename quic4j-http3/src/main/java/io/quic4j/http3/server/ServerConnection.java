package io.quic4j.http3.server;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3ServerConfig;
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
 * ServerConnection c = ServerConnection.start(quicConnection, config, handler);
 * c.shutdown(); // GOAWAY; closes with H3_NO_ERROR once the requests in flight are done
 * }</pre>
 */
public final class ServerConnection {
    private final Http3ServerConfig config;
    private final Http3Handler handler;
    private final Set<RequestStream> active = new HashSet<>();
    private Http3Session session;

    private ServerConnection(Http3ServerConfig config, Http3Handler handler) {
        this.config = config;
        this.handler = handler;
    }

    /**
     * Starts serving a connection.
     *
     * @param connection an established connection with ALPN h3
     * @param config the server's settings
     * @param handler the application
     * @return the connection's server state
     */
    public static ServerConnection start(QuicConnection connection, Http3ServerConfig config, Http3Handler handler) {
        ServerConnection c = new ServerConnection(config, handler);
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
