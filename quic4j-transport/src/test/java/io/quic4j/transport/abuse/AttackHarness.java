package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.PacketParser;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The shared stage of the transport attack tests (issue 8): one server, a well-behaved client doing
 * request/response exchanges on streams, and abusers that attack the same server with packets forged under
 * their own keys (so the server authenticates them, as it would an authenticated malicious peer's). All
 * sans-I/O {@link Connection}s in one thread with a manual clock (DESIGN.md §2): deterministic, nothing timed.
 *
 * <p>The server is what an endpoint would be for these tests: one server connection per client address,
 * created from a client Initial in a datagram of at least 1200 bytes, forgotten once closed (after its
 * closing period or a timeout). It runs an echo application: a stream's request, read to its FIN, comes back
 * as the response, with FIN.
 *
 * <p>{@link #attack} runs the acceptance of every attack test: a warm-up round, a retained-heap reading, the
 * attack repeated (each round a fresh abuser) while the good client completes at least
 * {@value #EXCHANGES} exchanges, all abusers cut off and forgotten, a second reading; it checks the good
 * client saw no failure and the retained heap grew less than 10%, and hands back what each abuser was told.
 */
final class AttackHarness {
    static final long MS = 1_000_000L;
    static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 4433);
    /** Exchanges the good client completes while the attack runs. */
    static final int EXCHANGES = 1_000;
    /** Concurrent exchanges of the good client. */
    private static final int GOOD_CONCURRENCY = 8;
    private static final int REQUEST_LENGTH = 64;
    /** Bound on rounds of one attack, so a test always ends. */
    private static final int MAX_ROUNDS = 200;
    /** Bound on steps of one wait, so a test always ends. */
    private static final int MAX_STEPS = 200_000;

    /** One round of an attack: creates its abusers, attacks, and returns what it did to them. */
    @FunctionalInterface
    interface Attack {
        /**
         * @param h the stage
         * @return the abusers of this round (the harness waits until the server has cut off and forgotten each)
         */
        List<Abuser> round(AttackHarness h);
    }

    /** What the acceptance measured. */
    record Report(List<CloseReason> abusersSaw, List<CloseReason> serverRecorded, int rounds, int exchanges,
            long heapBefore, long heapAfter) {
        double growth() {
            return RetainedHeap.growth(heapBefore, heapAfter);
        }
    }

    /** A client attacking the server: a real client connection whose packets the test may forge or withhold. */
    final class Abuser {
        final Connection connection;
        final InetSocketAddress address;
        /** Which server datagrams reach it (the rest are dropped before it sees them). */
        Predicate<ByteBuffer> accepts = d -> true;
        /** Whether its own datagrams are dropped (an abuser gone silent). */
        boolean mute;
        /** Bytes of the datagrams the server received from this abuser. */
        long bytesToServer;
        /** Bytes of the datagrams the server sent this abuser, dropped or not. */
        long bytesFromServer;
        private CloseReason serverRecorded;

        private Abuser(Connection connection, InetSocketAddress address) {
            this.connection = connection;
            this.address = address;
        }

        /**
         * Sends a datagram to the server now, as if from this abuser.
         *
         * @param datagram the datagram
         */
        void inject(ByteBuffer datagram) {
            toServer(address, datagram);
        }

        /**
         * Sends the server a 1-RTT packet of these frames under this abuser's keys.
         *
         * @param frames the frames
         */
        void oneRtt(Frame... frames) {
            inject(AbuseAccess.oneRtt(connection, AbuseAccess.frames(frames), now));
        }

        /**
         * Sends the server a 1-RTT packet with this payload under this abuser's keys.
         *
         * @param payload encoded frames, possibly malformed
         */
        void oneRtt(ByteBuffer payload) {
            inject(AbuseAccess.oneRtt(connection, payload, now));
        }

        /**
         * Sends the server an Initial or Handshake packet of these frames under this abuser's keys.
         *
         * @param space the level
         * @param frames the frames
         */
        void longHeader(PacketNumberSpace space, Frame... frames) {
            inject(AbuseAccess.longHeader(connection, space, AbuseAccess.frames(frames), now));
        }

        /** @return the server's connection with this abuser, while the server has one */
        Optional<Connection> serverSide() {
            ServerSide s = server.get(address);
            return s == null ? Optional.empty() : Optional.of(s.connection);
        }

        /** @return whether the server has cut this abuser off (closing, draining or closed) */
        boolean cutOff() {
            ServerSide s = server.get(address);
            return s == null ? serverRecorded != null : !s.connection.isOpen();
        }

        /** @return the close the abuser heard (its own connection's close reason) */
        Optional<CloseReason> heard() {
            return connection.closeReason();
        }
    }

    /** The server's connection with one client and its echo application. */
    private static final class ServerSide {
        final Connection connection;
        final Map<Long, ByteArrayOutputStream> requests = new HashMap<>();
        final Map<Long, ByteBuffer> responses = new LinkedHashMap<>();

        ServerSide(Connection connection) {
            this.connection = connection;
        }
    }

    /** The well-behaved client: request/response exchanges on bidirectional streams. */
    private final class Good {
        final Connection connection;
        final Map<Long, byte[]> requests = new HashMap<>();
        final Map<Long, ByteArrayOutputStream> responses = new HashMap<>();
        int started;
        int completed;
        final List<String> failures = new ArrayList<>();

        Good(Connection connection) {
            this.connection = connection;
        }

        void pump() {
            for (ConnectionEvent e; (e = connection.pollEvent()) != null;) {
                switch (e) {
                    case ConnectionEvent.StreamReset r -> failures.add("stream " + r.streamId() + " reset");
                    case ConnectionEvent.Closing c -> failures.add("connection closing: " + c.reason());
                    default -> {
                    }
                }
            }
            if (!connection.isOpen()) {
                return;
            }
            for (Iterator<Map.Entry<Long, ByteArrayOutputStream>> it = responses.entrySet().iterator(); it
                    .hasNext();) {
                Map.Entry<Long, ByteArrayOutputStream> en = it.next();
                long id = en.getKey();
                for (int n; (n = connection.read(id, readBuffer.clear())) != 0;) {
                    if (n > 0) {
                        en.getValue().write(readBuffer.array(), 0, n);
                    } else {
                        byte[] expected = requests.remove(id);
                        if (n != -1 || !Arrays.equals(expected, en.getValue().toByteArray())) {
                            failures.add("stream " + id + " answered wrongly (" + n + ")");
                        }
                        completed++;
                        it.remove();
                        break;
                    }
                }
            }
            while (requests.size() < GOOD_CONCURRENCY) {
                long id = connection.openBidirectionalStream();
                if (id < 0) {
                    break;
                }
                byte[] request = new byte[REQUEST_LENGTH];
                Arrays.fill(request, (byte) started);
                ByteBuffer.wrap(request, 0, 8).putLong(started);
                started++;
                if (connection.write(id, ByteBuffer.wrap(request), true) != REQUEST_LENGTH) {
                    failures.add("stream " + id + " refused a " + REQUEST_LENGTH + "-byte request");
                }
                requests.put(id, request);
                responses.put(id, new ByteArrayOutputStream());
            }
        }
    }

    final ConnectionConfig serverConfig;
    final ConnectionConfig clientConfig;
    final SecureRandom random;
    private final StatelessResetTokens resetTokens;
    private final Map<InetSocketAddress, ServerSide> server = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Abuser> abusers = new LinkedHashMap<>();
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(1500);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
    private final Good good;
    private final InetSocketAddress goodAddress = new InetSocketAddress("127.0.0.1", 40000);
    private int nextPort = 50000;
    /** The manual clock, nanoseconds. */
    long now = 1_000 * MS;

    AttackHarness() {
        this(ConnectionConfig.builder().handshakeTimeout(Duration.ofSeconds(2)).build());
    }

    AttackHarness(ConnectionConfig serverConfig) {
        this.serverConfig = serverConfig;
        this.clientConfig = ConnectionConfig.DEFAULTS;
        this.random = seeded(8);
        this.resetTokens = StatelessResetTokens.generate(random);
        this.good = new Good(Connection.client(clientConfig, AbuseAccess.clientTls(), "localhost", SERVER,
                random, now));
        runUntil(() -> good.completed >= 1, "the good client's first exchange");
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

    /**
     * A new client at its own address; it starts its handshake with the server at the next step.
     *
     * @return it
     */
    Abuser newAbuser() {
        InetSocketAddress address = new InetSocketAddress("127.0.0.2", nextPort++);
        Abuser a = new Abuser(Connection.client(clientConfig, AbuseAccess.clientTls(), "localhost", SERVER,
                random, now), address);
        abusers.put(address, a);
        return a;
    }

    /**
     * A new client whose handshake with the server is complete and confirmed.
     *
     * @return it
     */
    Abuser handshakenAbuser() {
        Abuser a = newAbuser();
        runUntil(() -> a.connection.isHandshakeConfirmed() && a.serverSide().map(Connection::isHandshakeConfirmed)
                .orElse(false), "the abuser's handshake");
        return a;
    }

    /**
     * Moves the clock 1 ms, fires due timers, delivers what everyone sends (the server's datagrams only to
     * abusers that accept them), and runs both applications.
     */
    void step() {
        now += MS;
        good.connection.onTimeout(now);
        for (Abuser a : abusers.values()) {
            if (a.connection.nextTimeout() <= now) {
                a.connection.onTimeout(now);
            }
        }
        for (ServerSide s : server.values()) {
            if (s.connection.nextTimeout() <= now) {
                s.connection.onTimeout(now);
            }
        }
        for (ByteBuffer d : drain(good.connection)) {
            toServer(goodAddress, d);
        }
        for (Abuser a : List.copyOf(abusers.values())) {
            for (ByteBuffer d : drain(a.connection)) {
                if (!a.mute) {
                    toServer(a.address, d);
                }
            }
            for (ConnectionEvent e; (e = a.connection.pollEvent()) != null;) {
                // Abusers ignore what they hear; draining keeps their event queues from growing.
            }
        }
        for (Map.Entry<InetSocketAddress, ServerSide> en : List.copyOf(server.entrySet())) {
            ServerSide s = en.getValue();
            for (ByteBuffer d; (d = drainOne(s.connection)) != null;) {
                if (en.getKey().equals(goodAddress)) {
                    good.connection.receive(d, SERVER, now);
                } else {
                    Abuser a = abusers.get(en.getKey());
                    if (a != null) {
                        a.bytesFromServer += d.remaining();
                        if (a.accepts.test(d)) {
                            a.connection.receive(d, SERVER, now);
                        }
                    }
                }
            }
            echo(s);
        }
        good.pump();
        forgetClosed();
    }

    private void toServer(InetSocketAddress from, ByteBuffer datagram) {
        Abuser a = abusers.get(from);
        if (a != null) {
            a.bytesToServer += datagram.remaining();
        }
        ServerSide s = server.get(from);
        if (s == null) {
            Connection c = accept(datagram, from);
            if (c == null) {
                return;
            }
            s = new ServerSide(c);
            server.put(from, s);
        }
        s.connection.receive(datagram, from, now);
    }

    /** Creates the server connection for a client Initial, as an endpoint would (RFC 9000 §14.1, §7.2). */
    private Connection accept(ByteBuffer datagram, InetSocketAddress from) {
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            return null;
        }
        Packet parsed;
        try {
            parsed = PacketParser.parse(datagram.duplicate(), datagram.position(), 0);
        } catch (QuicTransportException e) {
            return null;
        }
        if (!(parsed instanceof LongHeaderPacket p) || p.type() != PacketType.INITIAL) {
            return null;
        }
        byte[] id = new byte[serverConfig.connectionIdLength()];
        random.nextBytes(id);
        Connection.Incoming incoming = new Connection.Incoming(from, p.version(), p.destination(), p.destination(),
                p.source(), Optional.empty(), false, ConnectionId.of(id));
        return Connection.server(serverConfig, AbuseAccess.serverTls(), incoming, resetTokens, random, now);
    }

    /** The server application: echo each request, read to its FIN, with FIN. */
    private void echo(ServerSide s) {
        Connection c = s.connection;
        for (ConnectionEvent e; (e = c.pollEvent()) != null;) {
            if (e instanceof ConnectionEvent.StreamOpened o && o.streamId() % 4 == 0) {
                s.requests.put(o.streamId(), new ByteArrayOutputStream());
            }
        }
        if (!c.isOpen()) {
            s.requests.clear();
            s.responses.clear();
            return;
        }
        for (Iterator<Map.Entry<Long, ByteArrayOutputStream>> it = s.requests.entrySet().iterator(); it
                .hasNext();) {
            Map.Entry<Long, ByteArrayOutputStream> en = it.next();
            for (int n; (n = c.read(en.getKey(), readBuffer.clear())) != 0;) {
                if (n > 0) {
                    en.getValue().write(readBuffer.array(), 0, n);
                } else {
                    if (n == -1) {
                        s.responses.put(en.getKey(), ByteBuffer.wrap(en.getValue().toByteArray()));
                    }
                    it.remove();
                    break;
                }
            }
        }
        for (Iterator<Map.Entry<Long, ByteBuffer>> it = s.responses.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, ByteBuffer> en = it.next();
            int n = c.write(en.getKey(), en.getValue(), true);
            if (n < 0 || !en.getValue().hasRemaining()) {
                it.remove();
            }
        }
    }

    /** Forgets server connections that ended, and abusers the server no longer knows. */
    private void forgetClosed() {
        for (Iterator<Map.Entry<InetSocketAddress, ServerSide>> it = server.entrySet().iterator(); it.hasNext();) {
            Map.Entry<InetSocketAddress, ServerSide> en = it.next();
            if (en.getValue().connection.isClosed()) {
                Abuser a = abusers.get(en.getKey());
                if (a != null) {
                    a.serverRecorded = en.getValue().connection.closeReason().orElseThrow();
                }
                it.remove();
            }
        }
    }

    private List<ByteBuffer> drain(Connection c) {
        List<ByteBuffer> out = new ArrayList<>();
        for (ByteBuffer d; (d = drainOne(c)) != null;) {
            out.add(d);
            if (out.size() > 10_000) {
                throw new AssertionError("connection never stops sending");
            }
        }
        return out;
    }

    private ByteBuffer drainOne(Connection c) {
        if (c.send(sendBuffer.clear(), now) == null) {
            return null;
        }
        sendBuffer.flip();
        ByteBuffer copy = ByteBuffer.allocate(sendBuffer.remaining());
        return copy.put(sendBuffer).flip();
    }

    /**
     * Steps until {@code done}.
     *
     * @param done the condition
     * @param what what is awaited, for the failure message
     */
    void runUntil(BooleanSupplier done, String what) {
        for (int i = 0; i < MAX_STEPS; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            if (!good.failures.isEmpty()) {
                throw new AssertionError("the good client failed while waiting for " + what + ": " + good.failures);
            }
            step();
        }
        throw new AssertionError("gave up waiting for " + what);
    }

    /**
     * Steps {@code n} times.
     *
     * @param n steps
     */
    void run(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    /**
     * The acceptance of an attack test (ISSUE8.md): a warm-up round; a retained-heap reading; rounds of the
     * attack until the good client has completed {@value #EXCHANGES} exchanges meanwhile (at least
     * {@code minRounds} rounds); every abuser cut off and forgotten; a second reading. Asserts the good client
     * failed nothing and the retained heap grew less than 10%, prints both readings.
     *
     * @param name the attack, for the printout
     * @param minRounds rounds at least
     * @param attack one round
     * @return what the abusers heard and the server recorded, and the readings
     * @throws InterruptedException if interrupted while measuring
     */
    Report attack(String name, int minRounds, Attack attack) throws InterruptedException {
        runUntil(() -> good.completed >= 100, "the warm-up exchanges");
        finish(attack.round(this));
        abusers.clear();
        long before = RetainedHeap.measure();
        int startCompleted = good.completed;
        List<CloseReason> saw = new ArrayList<>();
        List<CloseReason> recorded = new ArrayList<>();
        int rounds = 0;
        while ((rounds < minRounds || good.completed - startCompleted < EXCHANGES) && rounds < MAX_ROUNDS) {
            List<Abuser> round = attack.round(this);
            finish(round);
            for (Abuser a : round) {
                saw.add(a.heard().orElse(null));
                recorded.add(a.serverRecorded);
            }
            abusers.clear();
            rounds++;
        }
        int exchanges = good.completed - startCompleted;
        assertThat(good.failures).as("the good client's failures").isEmpty();
        assertThat(exchanges).as("exchanges of the good client during the attack").isGreaterThanOrEqualTo(EXCHANGES);
        assertThat(server).as("server connections left: only the good client's").hasSize(1);
        long after = RetainedHeap.measure();
        Report r = new Report(saw, recorded, rounds, exchanges, before, after);
        System.out.printf("%s: %d rounds, %d good exchanges meanwhile, retained heap %s before, %s after (%+.1f%%)%n",
                name, rounds, exchanges, RetainedHeap.describe(before), RetainedHeap.describe(after),
                100 * r.growth());
        assertThat(r.growth()).as("retained heap growth").isLessThan(0.10);
        return r;
    }

    /** Steps until the server has cut off and forgotten every abuser of a round. */
    private void finish(List<Abuser> round) {
        runUntil(() -> round.stream().allMatch(a -> a.serverRecorded != null), "the server to forget the abusers");
    }

    /** @return the server's connection with the good client */
    Connection goodServerSide() {
        return server.get(goodAddress).connection;
    }

    /** @return exchanges the good client completed so far */
    int goodExchanges() {
        return good.completed;
    }
}
