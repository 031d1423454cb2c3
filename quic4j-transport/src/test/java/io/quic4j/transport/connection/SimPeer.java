package io.quic4j.transport.connection;

import io.quic4j.testkit.Datagram;
import io.quic4j.testkit.Endpoint;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.endpoint.ServerEndpoint;
import io.quic4j.transport.endpoint.ServerEndpointConfig;
import io.quic4j.transport.token.AddressValidationTokens;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Connection} as a simulator {@link Endpoint}, with a tiny application on top: the client opens
 * one bidirectional stream and sends {@code bytesToSend} bytes of a known pattern with FIN; the server
 * reads every stream and checks each byte against the pattern. The server side runs the real
 * {@link ServerEndpoint} and adopts the first connection it hands over.
 */
final class SimPeer implements Endpoint {
    final boolean isClient;
    /** Where datagrams are sent from; a migrating client moves it. */
    InetSocketAddress self;
    final ConnectionConfig config;
    final SecureRandom random;
    Connection connection;
    /** The server side: the real endpoint, which creates connections and hands over authenticated ones. */
    private ServerEndpoint endpoint;
    final List<ConnectionEvent> events = new ArrayList<>();
    private final ByteBuffer out;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    // The application.
    long bytesToSend;
    long bytesWritten;
    long streamId = -1;
    long bytesReceived;
    boolean finReceived;
    String corruption;
    /** Close (application code 0) once the stream's data has all arrived. */
    boolean closeWhenDone;
    /** When set, runs instead of the one-stream application above. */
    SimApp many;
    /** When set, runs alongside the one-stream application above. */
    SimApp extra;
    /** Close the one stream's sending half (FIN) once its data has all arrived, so it can be retired. */
    boolean closeStreamWhenDone;
    /** An exception that escaped the connection: must stay null. */
    RuntimeException escaped;
    /**
     * The path MTU in front of this peer, as the largest UDP payload it carries: larger datagrams are dropped
     * as they leave (a router that cannot forward them without fragmenting, RFC 9000 §14).
     */
    int pathMtu = Integer.MAX_VALUE;
    /** Datagrams over 1200 bytes sent before the handshake was confirmed. */
    long largeBeforeConfirmation;
    /** Datagrams dropped for exceeding {@link #pathMtu}. */
    long mtuDropped;
    /** How many datagrams of each size left this peer and were not dropped. */
    final java.util.SortedMap<Integer, Long> sentSizes = new java.util.TreeMap<>();

    private SimPeer(boolean isClient, InetSocketAddress self, ConnectionConfig config, SecureRandom random) {
        this.isClient = isClient;
        this.self = self;
        this.config = config;
        this.random = random;
        this.out = ByteBuffer.allocate(Math.max(config.maxDatagramSize(), ConnectionConfig.MIN_DATAGRAM_SIZE) + 300);
    }

    static SimPeer client(InetSocketAddress self, InetSocketAddress server, ConnectionConfig config, long seed,
            long now) {
        SecureRandom random = Pipe.seeded(seed);
        SimPeer p = new SimPeer(true, self, config, random);
        p.connection = Connection.client(config, Pipe.clientTls(), "localhost", server, random, now);
        return p;
    }

    static SimPeer server(InetSocketAddress self, ConnectionConfig config, long seed) {
        return server(self, config, seed, false);
    }

    static SimPeer server(InetSocketAddress self, ConnectionConfig config, long seed, boolean retry) {
        SimPeer p = new SimPeer(false, self, config, Pipe.seeded(seed ^ 0x5eed));
        byte[] tokenKey = new byte[AddressValidationTokens.KEY_LENGTH];
        p.random.nextBytes(tokenKey);
        p.endpoint = new ServerEndpoint(new ServerEndpointConfig(config, Pipe.serverTls(), retry,
                new AddressValidationTokens(tokenKey), StatelessResetTokens.generate(p.random), 16,
                now -> 1_700_000_000_000L + now / 1_000_000), p.random);
        return p;
    }

    static byte pattern(long offset) {
        return (byte) (offset * 31 + (offset >>> 11));
    }

    @Override
    public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
        try {
            if (endpoint != null) {
                endpoint.receive(datagram, from, now);
                adopt();
            } else {
                connection.receive(datagram, from, now);
            }
            if (connection != null) {
                application(now);
            }
        } catch (RuntimeException e) {
            escaped = e;
            throw e;
        }
    }

    /** Server: the first connection the endpoint hands over is ours. */
    private void adopt() {
        if (connection == null) {
            connection = endpoint.pollAccepted();
        }
    }

    @Override
    public Datagram poll(long now) {
        for (;;) {
            Datagram d = pollConnection(now);
            if (d == null || d.payload().remaining() <= pathMtu) {
                if (d != null) {
                    sentSizes.merge(d.payload().remaining(), 1L, Long::sum);
                    if (d.payload().remaining() > ConnectionConfig.MIN_DATAGRAM_SIZE
                            && (connection == null || !connection.isHandshakeConfirmed())) {
                        largeBeforeConfirmation++;
                    }
                }
                return d;
            }
            mtuDropped++;
        }
    }

    private Datagram pollConnection(long now) {
        try {
            if (connection != null) {
                application(now);
            }
            InetSocketAddress to = endpoint != null
                    ? endpoint.send(out.clear(), now)
                    : connection.send(out.clear(), now);
            if (endpoint != null) {
                adopt();
            }
            return to == null ? null : new Datagram(self, to, out.flip());
        } catch (RuntimeException e) {
            escaped = e;
            throw e;
        }
    }

    @Override
    public long nextTimeout() {
        return endpoint != null ? endpoint.nextTimeout() : connection.nextTimeout();
    }

    @Override
    public void onTimeout(long now) {
        try {
            if (endpoint != null) {
                endpoint.onTimeout(now);
                adopt();
            } else {
                connection.onTimeout(now);
            }
            if (connection != null) {
                application(now);
            }
        } catch (RuntimeException e) {
            escaped = e;
            throw e;
        }
    }

    private void application(long now) {
        for (ConnectionEvent e; (e = connection.pollEvent()) != null;) {
            events.add(e);
            if (many != null) {
                many.onEvent(e);
            }
            if (extra != null) {
                extra.onEvent(e);
            }
            if (e instanceof ConnectionEvent.StreamOpened o && streamId < 0 && (extra == null || o.streamId() == 0)) {
                streamId = o.streamId();
            }
        }
        if (!connection.isOpen()) {
            return;
        }
        if (many != null) {
            many.step(connection);
            return;
        }
        if (isClient && bytesToSend > 0 && streamId < 0 && connection.isHandshakeComplete()) {
            streamId = connection.openBidirectionalStream();
        }
        if (isClient && streamId >= 0 && bytesWritten < bytesToSend) {
            write();
        }
        if (streamId >= 0 && !finReceived) {
            read(now);
        }
        // After the one stream was opened, so that it is stream 0.
        if (extra != null && connection.isOpen() && (!isClient || streamId >= 0)) {
            extra.step(connection);
        }
    }

    private void write() {
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        while (bytesWritten < bytesToSend) {
            int n = (int) Math.min(chunk.capacity(), bytesToSend - bytesWritten);
            chunk.clear().limit(n);
            for (int i = 0; i < n; i++) {
                chunk.put(i, pattern(bytesWritten + i));
            }
            int taken = connection.write(streamId, chunk, bytesWritten + n == bytesToSend);
            bytesWritten += taken;
            if (taken < n) {
                return;
            }
        }
    }

    private void read(long now) {
        for (int n; (n = connection.read(streamId, readBuffer.clear())) != 0;) {
            if (n < 0) {
                finReceived = true;
                if (closeStreamWhenDone) {
                    connection.closeStream(streamId, 0);
                }
                if (closeWhenDone) {
                    connection.close(0, "done", now);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                if (readBuffer.get(i) != pattern(bytesReceived + i) && corruption == null) {
                    corruption = "byte " + (bytesReceived + i) + " differs";
                }
            }
            bytesReceived += n;
        }
    }

    /** @return connections the server endpoint still holds (0 for a client) */
    int endpointConnections() {
        return endpoint == null ? 0 : endpoint.connections().size();
    }

    boolean closed() {
        return connection != null && connection.isClosed();
    }
}
