package io.quic4j.transport.endpoint;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The client side of an endpoint: one client {@link Connection} on its own local address (a client socket
 * serves one connection, so nothing needs routing). Every datagram goes to the connection: one with a
 * foreign Destination Connection ID may be a stateless reset, which only the connection can recognize
 * (RFC 9000 §10.3.1), and Version Negotiation and Retry are the connection's business too (§6.2, §17.2.5).
 */
public final class ClientEndpoint implements DatagramEndpoint {
    private final Connection connection;
    private long datagramsDropped;

    private ClientEndpoint(Connection connection) {
        this.connection = connection;
    }

    /**
     * Starts a connection attempt.
     *
     * @param config transport settings
     * @param tls TLS settings
     * @param serverName the server's name, for SNI and certificate checks
     * @param server the server's address
     * @param random the only source of randomness
     * @param now the current time, nanoseconds
     * @return the endpoint; its first flight is ready to {@link #send}
     */
    public static ClientEndpoint connect(ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, SecureRandom random, long now) {
        return connect(config, tls, serverName, server, random, now, null);
    }

    /**
     * Starts a connection attempt with a token from an earlier connection's NEW_TOKEN (RFC 9000 §8.1.3).
     *
     * @param config transport settings
     * @param tls TLS settings
     * @param serverName the server's name
     * @param server the server's address
     * @param random the only source of randomness
     * @param now the current time
     * @param token the token, or {@code null}
     * @return the endpoint
     */
    public static ClientEndpoint connect(ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, SecureRandom random, long now, ByteBuffer token) {
        return new ClientEndpoint(Connection.client(config, tls, serverName, server, random, now, token));
    }

    /** @return the connection */
    public Connection connection() {
        return connection;
    }

    /**
     * @param datagram a datagram from the network
     * @param from its source
     * @param now the current time
     */
    @Override
    public void receive(ByteBuffer datagram, InetSocketAddress from, long now) {
        if (!datagram.hasRemaining()) {
            datagramsDropped++;
            return;
        }
        connection.receive(datagram, from, now);
    }

    /**
     * @param out room for one datagram
     * @param now the current time
     * @return the destination, or {@code null}
     */
    @Override
    public InetSocketAddress send(ByteBuffer out, long now) {
        return connection.send(out, now);
    }

    /** @return when {@link #onTimeout} is due */
    @Override
    public long nextTimeout() {
        return connection.nextTimeout();
    }

    /** @param now the current time */
    @Override
    public void onTimeout(long now) {
        connection.onTimeout(now);
    }

    /** @return empty datagrams dropped before reaching the connection */
    public long datagramsDropped() {
        return datagramsDropped;
    }
}
