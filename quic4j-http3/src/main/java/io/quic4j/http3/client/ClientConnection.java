package io.quic4j.http3.client;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.session.Http3Session;
import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import java.util.HashSet;
import java.util.Set;

/**
 * One HTTP/3 connection of the client: its {@link Http3Session}, the exchanges on it, and the server's GOAWAY. The
 * exchange set is owned by the connection's event loop; {@link #isUsable()} may be asked from any thread.
 */
final class ClientConnection {
    private final QuicConnection connection;
    private final String label;
    private final Http3Session session;
    private final Set<Exchange> exchanges = new HashSet<>();
    /** The server's latest GOAWAY ID, or -1; written on the loop. */
    private volatile long goAwayId = -1;
    /** Loop only: the client is closing; close once the exchanges are done. */
    private boolean closeWhenIdle;

    private ClientConnection(QuicConnection connection, String label, SessionSettings settings) {
        this.connection = connection;
        this.label = label;
        this.session = Http3Session.startClient(connection, settings, (s, id) -> onGoAway(id));
    }

    static ClientConnection start(QuicConnection connection, String label, SessionSettings settings) {
        ClientConnection c = new ClientConnection(connection, label, settings);
        connection.closeFuture().whenComplete((r, f) -> {
            Throwable why = f != null ? f : new QuicConnectionClosedException(r);
            for (Exchange e : Set.copyOf(c.exchanges)) {
                e.onConnectionClosed(why);
            }
        });
        return c;
    }

    /** @return whether new requests may use this connection: open, and no GOAWAY received (RFC 9114 §5.2) */
    boolean isUsable() {
        return goAwayId < 0 && connection.isOpen();
    }

    QuicConnection connection() {
        return connection;
    }

    Http3Session session() {
        return session;
    }

    String label() {
        return label;
    }

    /** @return the server's GOAWAY ID, -1 if none */
    long goAwayId() {
        return goAwayId;
    }

    /** Loop only: an exchange opened its stream. */
    void add(Exchange e) {
        exchanges.add(e);
    }

    /** Loop only: an exchange is done with its stream. */
    void remove(Exchange e) {
        exchanges.remove(e);
        closeIfIdle();
    }

    /** Loop only. RFC 9114 §5.2: requests at or past the GOAWAY ID were not processed and may be retried. */
    private void onGoAway(long id) {
        goAwayId = id;
        for (Exchange e : Set.copyOf(exchanges)) {
            if (e.streamId() >= id) {
                e.rejectedByGoAway(id);
            }
        }
    }

    /** Closes the connection with H3_NO_ERROR once no exchange is left on it (any thread). */
    void closeWhenIdle() {
        try {
            session.executor().execute(() -> {
                closeWhenIdle = true;
                closeIfIdle();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the loop has ended, and the connection with it
        }
    }

    private void closeIfIdle() {
        if (closeWhenIdle && exchanges.isEmpty()) {
            session.closeLater(Http3Error.H3_NO_ERROR, "client closed");
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
