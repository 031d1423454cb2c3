package io.quic4j.transport.engine;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.endpoint.ClientEndpoint;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * One client connection on its own UDP socket (a client socket serves one connection, so nothing needs
 * routing), owned by one loop: the socket, the sans-I/O {@link ClientEndpoint} and the
 * {@link ConnectionDriver}. The socket closes when the connection has ended. Loop thread only.
 */
final class ClientConnection implements UdpSocket.Receiver, ConnectionDriver.Io {
    private final ClientEndpoint endpoint;
    private final UdpSocket socket;
    private final ConnectionDriver driver;

    private ClientConnection(EventLoop loop, ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, int socketBufferSize, EngineSettings settings) throws IOException {
        InetAddress any = server.getAddress() instanceof Inet6Address
                ? InetAddress.getByName("::")
                : InetAddress.getByName("0.0.0.0");
        this.socket = UdpSocket.open(loop, new InetSocketAddress(any, 0), false, socketBufferSize, this);
        this.endpoint = ClientEndpoint.connect(config, tls, serverName, server, new SecureRandom(),
                System.nanoTime());
        this.driver = new ConnectionDriver(loop, endpoint.connection(), this, settings);
    }

    /**
     * Starts a connection attempt; call on {@code loop}'s thread.
     *
     * @return the connection; {@link #driver()}'s {@code established} completes when the handshake does
     * @throws IOException if no socket can be opened
     */
    static ClientConnection start(EventLoop loop, ConnectionConfig config, TlsEngineConfig tls, String serverName,
            InetSocketAddress server, int socketBufferSize, EngineSettings settings, Runnable onEnd)
            throws IOException {
        ClientConnection c = new ClientConnection(loop, config, tls, serverName, server, socketBufferSize, settings);
        c.driver.onRemoved(() -> {
            c.socket.close();
            onEnd.run();
        });
        c.settle();
        return c;
    }

    ConnectionDriver driver() {
        return driver;
    }

    private void settle() {
        driver.afterActivity();
        if (endpoint.connection().isClosed()) {
            driver.onEndpointRemoved();
        }
    }

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress from, long now) {
        endpoint.receive(datagram, from, now);
        settle();
    }

    @Override
    public InetSocketAddress send(Connection c, ByteBuffer out, long now) {
        InetSocketAddress to = endpoint.send(out, now);
        settle();
        return to;
    }

    @Override
    public void onTimeout(Connection c, long now) {
        endpoint.onTimeout(now);
        settle();
    }

    @Override
    public void afterCommand(Connection c, long now) {
        settle();
    }

    @Override
    public UdpSocket socket() {
        return socket;
    }
}
