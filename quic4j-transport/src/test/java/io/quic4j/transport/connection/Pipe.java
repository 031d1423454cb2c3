package io.quic4j.transport.connection;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.PacketParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A scripted in-memory network between one client and one server {@link Connection} with a manual clock,
 * in the spirit of aioquic's {@code client_and_server()} and quiche's {@code Pipe}: tests read as a short
 * story of datagrams ({@link #flight}, {@link #handshake}, {@link #drop}).
 */
final class Pipe {
    static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("127.0.0.1", 40000);
    static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("127.0.0.1", 4433);
    static final long MS = 1_000_000L;

    final ConnectionConfig clientConfig;
    final ConnectionConfig serverConfig;
    final SecureRandom random;
    final StatelessResetTokens resetTokens;
    final Connection client;
    Connection server;
    long now = 1_000 * MS;
    /** One-way delay of every delivery. */
    long delay = 10 * MS;
    /** Client datagrams the server received, sizes in bytes. */
    final List<Integer> toServer = new ArrayList<>();
    /** Server datagrams the client received, sizes in bytes. */
    final List<Integer> toClient = new ArrayList<>();
    final List<ConnectionEvent> clientEvents = new ArrayList<>();
    final List<ConnectionEvent> serverEvents = new ArrayList<>();
    /** Lets a test change what the server believes about the client's first Initial. */
    java.util.function.UnaryOperator<Connection.Incoming> incomingEdit = i -> i;

    Pipe() {
        this(ConnectionConfig.DEFAULTS, ConnectionConfig.DEFAULTS);
    }

    Pipe(ConnectionConfig clientConfig, ConnectionConfig serverConfig) {
        this(clientConfig, serverConfig, 1);
    }

    Pipe(ConnectionConfig clientConfig, ConnectionConfig serverConfig, long seed) {
        this.clientConfig = clientConfig;
        this.serverConfig = serverConfig;
        this.random = seeded(seed);
        this.resetTokens = StatelessResetTokens.generate(random);
        this.client = Connection.client(clientConfig, clientTls(), "localhost", SERVER_ADDRESS, random, now);
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsEngineConfig clientTls() {
        return TlsEngineConfig.builder().applicationProtocols(List.of("test")).trustManager(trust()).build();
    }

    static TlsEngineConfig serverTls() {
        return TlsEngineConfig.builder().applicationProtocols(List.of("test"))
                .credentials(CertificateCredentials.fromPem(resource("server-ecdsa.pem"), resource("server-ecdsa.key")))
                .build();
    }

    static String resource(String name) {
        try (InputStream in = Pipe.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509TrustManager trust() {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate ca = (X509Certificate) cf.generateCertificate(Pipe.class.getResourceAsStream("ca.pem"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every datagram the connection wants to send now */
    List<ByteBuffer> drain(Connection c) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ByteBuffer buf = ByteBuffer.allocate(1500);
            if (c.send(buf, now) == null) {
                return out;
            }
            out.add(buf.flip());
        }
        throw new AssertionError("connection never stops sending");
    }

    /** Creates the server connection from the client's first Initial, as an endpoint would. */
    Connection accept(ByteBuffer initial) {
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(initial.duplicate(), initial.position(), 0);
        byte[] id = new byte[serverConfig.connectionIdLength()];
        random.nextBytes(id);
        Connection.Incoming incoming = new Connection.Incoming(CLIENT_ADDRESS, p.version(), p.destination(),
                p.destination(), p.source(), Optional.empty(), false, ConnectionId.of(id));
        return Connection.server(serverConfig, serverTls(), incomingEdit.apply(incoming), resetTokens, random, now);
    }

    /** Delivers datagrams to a connection after the one-way delay, after firing due timers. */
    void deliver(List<ByteBuffer> datagrams, Connection to) {
        now += delay;
        for (ByteBuffer d : datagrams) {
            if (to == client) {
                toClient.add(d.remaining());
                client.receive(d, SERVER_ADDRESS, now);
            } else {
                if (server == null) {
                    server = accept(d);
                }
                toServer.add(d.remaining());
                server.receive(d, CLIENT_ADDRESS, now);
            }
        }
        collectEvents();
    }

    /** Client sends what it has, the server receives it: one flight. @return the datagrams */
    List<ByteBuffer> clientFlight() {
        List<ByteBuffer> d = drain(client);
        deliver(copy(d), serverOrNew());
        return d;
    }

    List<ByteBuffer> serverFlight() {
        List<ByteBuffer> d = drain(server);
        deliver(copy(d), client);
        return d;
    }

    private Connection serverOrNew() {
        return server == null ? null : server;
    }

    /**
     * Both sides send what they have until neither has anything (a lossless exchange).
     *
     * @return whether anything was sent
     */
    boolean flight() {
        boolean any = false;
        for (int i = 0; i < 1000; i++) {
            List<ByteBuffer> c = drain(client);
            if (!c.isEmpty()) {
                deliver(c, server);
            }
            List<ByteBuffer> s = server == null ? List.of() : drain(server);
            if (!s.isEmpty()) {
                deliver(s, client);
            }
            if (c.isEmpty() && s.isEmpty()) {
                return any;
            }
            any = true;
        }
        throw new AssertionError("endless exchange");
    }

    /** Runs the handshake with no loss until both sides are confirmed. */
    Pipe handshake() {
        for (int i = 0; i < 50
                && !(client.isHandshakeConfirmed() && server != null && server.isHandshakeConfirmed()); i++) {
            flight();
            advanceToNextTimer();
        }
        if (!client.isHandshakeConfirmed() || !server.isHandshakeConfirmed()) {
            throw new AssertionError("handshake did not complete: client " + client.closeReason() + " server "
                    + (server == null ? "none" : server.closeReason()));
        }
        return this;
    }

    /** Moves the clock to the earlier of both timers and fires them. */
    void advanceToNextTimer() {
        long t = Math.min(client.nextTimeout(), server == null ? Long.MAX_VALUE : server.nextTimeout());
        if (t == Long.MAX_VALUE) {
            return;
        }
        now = Math.max(now, t);
        client.onTimeout(now);
        if (server != null) {
            server.onTimeout(now);
        }
        collectEvents();
    }

    /** Runs timers and lossless exchanges until {@code until} or both are closed. */
    void runUntil(long until) {
        for (int i = 0; i < 1_000_000 && now < until; i++) {
            flight();
            long t = Math.min(client.nextTimeout(), server == null ? Long.MAX_VALUE : server.nextTimeout());
            if (t == Long.MAX_VALUE || t > until) {
                now = until;
                client.onTimeout(now);
                if (server != null) {
                    server.onTimeout(now);
                }
                collectEvents();
                flight();
                return;
            }
            advanceToNextTimer();
        }
    }

    /** @return the datagrams, dropped: nothing is delivered */
    static List<ByteBuffer> drop(List<ByteBuffer> datagrams) {
        return datagrams;
    }

    void collectEvents() {
        for (ConnectionEvent e; (e = client.pollEvent()) != null;) {
            clientEvents.add(e);
        }
        if (server != null) {
            for (ConnectionEvent e; (e = server.pollEvent()) != null;) {
                serverEvents.add(e);
            }
        }
    }

    static List<ByteBuffer> copy(List<ByteBuffer> datagrams) {
        List<ByteBuffer> out = new ArrayList<>();
        for (ByteBuffer d : datagrams) {
            ByteBuffer c = ByteBuffer.allocate(d.remaining());
            c.put(d.duplicate()).flip();
            out.add(c);
        }
        return out;
    }

    static <T> Optional<T> find(List<ConnectionEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    static Predicate<ConnectionEvent> is(Class<?> type) {
        return type::isInstance;
    }
}
