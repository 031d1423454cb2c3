package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.engine.Loopback;
import io.quic4j.transport.wire.frame.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The real-loopback stage of the transport attack tests (issue 8), beside the simulator's {@link AttackHarness}:
 * a real {@link io.quic4j.transport.QuicServer} (its event loops and UDP sockets on 127.0.0.1) running an echo
 * application, a well-behaved {@link io.quic4j.transport.QuicClient} doing request/response exchanges on streams,
 * and abusers. An abuser is the simulator's: a sans-I/O client {@link Connection} that forges packets under its
 * own keys ({@link AbuseAccess}), here driven over its own {@link DatagramChannel} on 127.0.0.1 by a small loop on
 * the test's thread (send what the connection produces, feed it what arrives, fire its timers by
 * {@link System#nanoTime()}). So what the simulator proves of the sans-I/O connection is checked again through
 * the engine: routing, drivers, the accept queue, closing and forgetting connections, real timers.
 *
 * <p>{@link #attack} runs the acceptance of every attack test (ISSUE8.md): a warm-up (exchanges and one round of
 * the attack), a retained-heap reading, rounds of the attack (each a fresh abuser, handshaken, attacking, then
 * waiting for the server's CONNECTION_CLOSE) while the good client completes {@value #EXCHANGES} exchanges, every
 * abuser's server connection ended, a second reading. It checks the good client failed nothing and the retained
 * heap grew less than 10%, prints both readings, and hands back what each abuser heard and the server recorded.
 * One harness (one server) may serve several attacks in turn.
 */
final class LoopbackAttackHarness implements AutoCloseable {
    /** Exchanges the good client completes while an attack runs. */
    static final int EXCHANGES = 1_000;
    private static final int GOOD_CONCURRENCY = 8;
    private static final int REQUEST_LENGTH = 64;
    /** Bound on rounds of one attack (the good client's exchanges end the rounds sooner as a rule). */
    private static final int MAX_ROUNDS = 300;
    /** Bound on the time of one attack's rounds, so a test always ends. */
    private static final Duration ROUNDS_TIME = Duration.ofSeconds(60);
    /** Bound on one wait: generous, for a loaded machine; nothing is asserted about how fast it goes. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Bound on the steps of one wait (each step waits at most a millisecond for a datagram). */
    private static final int MAX_STEPS = 100_000;
    /** More heap readings, a second apart, while closed connections' last garbage settles. */
    private static final int SETTLE_READINGS = 5;

    /** One round of an attack. */
    @FunctionalInterface
    interface Attack {
        /**
         * Attacks with a freshly handshaken abuser; the harness then waits for the server to cut it off.
         *
         * @param a the abuser, its handshake confirmed
         * @throws Exception a failure of the test
         */
        void round(Abuser a) throws Exception;
    }

    /**
     * What the acceptance measured.
     *
     * @param abusersSaw the close each abuser's connection heard, by round
     * @param serverRecorded how the server's connection with each abuser ended, by round
     * @param rounds rounds of the attack
     * @param exchanges the good client's exchanges meanwhile
     * @param heapBefore the retained heap before the attack
     * @param heapAfter the retained heap after it
     */
    record Report(List<Optional<CloseReason>> abusersSaw, List<QuicCloseReason> serverRecorded, int rounds,
            int exchanges, long heapBefore, long heapAfter) {
        double growth() {
            return RetainedHeap.growth(heapBefore, heapAfter);
        }
    }

    /**
     * A client attacking the server: a sans-I/O client connection on its own UDP socket, whose packets the test
     * may forge, and whose incoming datagrams it may drop.
     */
    final class Abuser implements AutoCloseable {
        final Connection connection;
        private final DatagramChannel channel;
        private final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocate(65_536);
        private final ByteBuffer out = ByteBuffer.allocate(65_536);
        /** Which server datagrams reach the connection (the rest are dropped before it sees them). */
        Predicate<ByteBuffer> accepts = d -> true;
        /** Datagrams that arrived from the server, dropped or not. */
        long received;

        private Abuser() throws IOException {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            connection = Connection.client(ConnectionConfig.DEFAULTS, ABUSER_TLS, "localhost", serverAddress(),
                    new SecureRandom(), System.nanoTime());
        }

        /** @return the port the server sees this abuser at */
        int port() {
            return ((InetSocketAddress) localAddress()).getPort();
        }

        private SocketAddress localAddress() {
            try {
                return channel.getLocalAddress();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Sends the server a 1-RTT packet of these frames under this abuser's keys, now.
         *
         * @param frames the frames
         * @throws IOException if the socket fails
         */
        void oneRtt(Frame... frames) throws IOException {
            oneRtt(AbuseAccess.frames(frames));
        }

        /**
         * Sends the server a 1-RTT packet with this payload under this abuser's keys, now.
         *
         * @param payload encoded frames, possibly malformed
         * @throws IOException if the socket fails
         */
        void oneRtt(ByteBuffer payload) throws IOException {
            channel.send(AbuseAccess.oneRtt(connection, payload, System.nanoTime()), serverAddress());
        }

        /**
         * Sends these frames as {@link #oneRtt(Frame...)} does, then steps until a datagram of the server's arrives
         * after it (an acknowledgement, as a rule; or a CONNECTION_CLOSE), so the server has read them.
         *
         * @param frames the frames
         * @throws IOException if the socket fails
         */
        void oneRttAndHearBack(Frame... frames) throws IOException {
            long before = received;
            oneRtt(frames);
            runUntil(() -> received > before, "a datagram from the server after the abuser's packet");
        }

        /**
         * One turn of the loop: takes what arrived, fires due timers, sends what the connection has to send, and
         * waits up to a millisecond for the next datagram.
         *
         * @throws IOException if the socket fails
         */
        void step() throws IOException {
            for (SocketAddress from; (from = channel.receive(in.clear())) != null;) {
                received++;
                in.flip();
                if (accepts.test(in)) {
                    connection.receive(in, (InetSocketAddress) from, System.nanoTime());
                }
            }
            long now = System.nanoTime();
            if (connection.nextTimeout() <= now) {
                connection.onTimeout(now);
            }
            for (int i = 0; i < 1_000; i++) {
                InetSocketAddress to = connection.send(out.clear(), System.nanoTime());
                if (to == null) {
                    break;
                }
                channel.send(out.flip(), to); // a full socket buffer drops it: a lost datagram
            }
            for (ConnectionEvent e; (e = connection.pollEvent()) != null;) {
                // Abusers ignore what they hear; draining keeps their event queues from growing.
            }
            selector.selectedKeys().clear();
            if (connection.nextTimeout() > System.nanoTime() + 1_000_000) {
                selector.select(1);
            } else {
                selector.selectNow();
            }
        }

        /**
         * Steps until {@code done}, at most {@value LoopbackAttackHarness#MAX_STEPS} steps and 20 s.
         *
         * @param done the condition
         * @param what what is awaited, for the failure message
         * @throws IOException if the socket fails
         */
        void runUntil(BooleanSupplier done, String what) throws IOException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int i = 0; i < MAX_STEPS && System.nanoTime() - deadline < 0; i++) {
                if (done.getAsBoolean()) {
                    return;
                }
                step();
            }
            if (!done.getAsBoolean()) {
                throw new AssertionError("gave up waiting for " + what + "; the abuser heard " + heard());
            }
        }

        /** @return the close this abuser's connection heard or made, if any */
        Optional<CloseReason> heard() {
            return connection.closeReason();
        }

        /** @return the server's connection with this abuser, once the server application has accepted it */
        Optional<QuicConnection> serverSide() {
            return Optional.ofNullable(serverConnections.get(port()));
        }

        /**
         * @return the server's counters of its connection with this abuser, if the server application has it and
         *     it is still open
         */
        Optional<QuicConnectionStats> serverStats() {
            return serverSide().filter(QuicConnection::isOpen).flatMap(c -> {
                try {
                    return Optional.of(c.stats().get(WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                } catch (ExecutionException | TimeoutException closedMeanwhile) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }

    private static final TlsEngineConfig ABUSER_TLS = TlsEngineConfig.builder()
            .applicationProtocols(List.of(Loopback.ALPN)).trustManager(Loopback.trust()).build();

    final QuicConfig serverConfig;
    private final Loopback net;
    private final QuicConnection good;
    /** The server application's open connections. */
    private final Set<QuicConnection> live = ConcurrentHashMap.newKeySet();
    /** The server application's connections by the client's port. */
    private final Map<Integer, QuicConnection> serverConnections = new ConcurrentHashMap<>();
    /**
     * How the server's connections ended, by the client's port, in the order they ended (the system may give a later
     * abuser the port of an earlier one).
     */
    private final Map<Integer, Queue<QuicCloseReason>> recorded = new ConcurrentHashMap<>();
    private final Queue<String> goodFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestNumber = new AtomicInteger();

    /**
     * Binds the server, starts its application and connects the good client.
     *
     * @throws IOException if the server cannot bind
     */
    LoopbackAttackHarness() throws IOException {
        this.serverConfig = QuicConfig.builder().maxIdleTimeout(Duration.ofSeconds(60))
                .handshakeTimeout(Duration.ofSeconds(10)).build();
        this.net = new Loopback(serverConfig, QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(60))
                .handshakeTimeout(Duration.ofSeconds(10)).build());
        Thread.ofVirtual().name("server-accept").start(this::acceptAll);
        this.good = net.connect();
    }

    private InetSocketAddress serverAddress() {
        return net.server.localAddress();
    }

    /** The server application: every connection is accepted and every stream it opens echoed, with FIN. */
    private void acceptAll() {
        while (true) {
            QuicConnection c;
            try {
                c = net.server.accept().join();
            } catch (RuntimeException serverClosed) {
                return;
            }
            int port = c.remoteAddress().getPort();
            live.add(c);
            serverConnections.put(port, c);
            c.closeFuture().whenComplete((reason, e) -> {
                if (reason != null) {
                    recorded.computeIfAbsent(port, p -> new ConcurrentLinkedQueue<>()).add(reason);
                }
                serverConnections.remove(port, c);
                live.remove(c);
            });
            Thread.ofVirtual().start(() -> acceptStreams(c));
        }
    }

    private static void acceptStreams(QuicConnection c) {
        while (true) {
            QuicStream s;
            try {
                s = c.acceptStream().join();
            } catch (RuntimeException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                    in.transferTo(out);
                } catch (IOException | RuntimeException cutOff) {
                    // An abuser's streams end this way when the server cuts it off; the good client checks its own.
                }
            });
        }
    }

    /**
     * A new client on its own socket whose handshake with the server is confirmed.
     *
     * @return it; close it when done
     * @throws IOException if its socket fails
     */
    Abuser handshakenAbuser() throws IOException {
        Abuser a = new Abuser();
        a.runUntil(a.connection::isHandshakeConfirmed, "the abuser's handshake");
        return a;
    }

    /**
     * The good client's {@code n} exchanges, {@value #GOOD_CONCURRENCY} at a time: each a new bidirectional
     * stream, a {@value #REQUEST_LENGTH}-byte request with FIN, the same bytes back with FIN.
     *
     * @param n exchanges
     * @return how many were answered correctly; the others are in {@link #goodFailures}
     */
    private int goodExchanges(int n) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < GOOD_CONCURRENCY; w++) {
            workers.add(Thread.ofVirtual().name("good-client").start(() -> {
                while (next.getAndIncrement() < n) {
                    if (exchange()) {
                        ok.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                goodFailures.add("interrupted");
            }
        }
        return ok.get();
    }

    private boolean exchange() {
        int number = requestNumber.getAndIncrement();
        byte[] request = new byte[REQUEST_LENGTH];
        Arrays.fill(request, (byte) number);
        ByteBuffer.wrap(request).putInt(number);
        try (QuicStream s = good.openBidirectionalStream().get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            s.outputStream().write(request);
            s.outputStream().close();
            byte[] response = s.inputStream().readAllBytes();
            if (!Arrays.equals(request, response)) {
                goodFailures.add("request " + number + " answered with " + response.length + " other bytes");
                return false;
            }
            return true;
        } catch (Exception e) {
            goodFailures.add("request " + number + ": " + e);
            return false;
        }
    }

    /**
     * One round: a handshaken abuser attacks, then steps until it hears the server's CONNECTION_CLOSE.
     *
     * @return the abuser's port (the server's key for it) and what it heard
     */
    private Map.Entry<Integer, Optional<CloseReason>> round(Attack attack) throws Exception {
        try (Abuser a = handshakenAbuser()) {
            attack.round(a);
            a.accepts = d -> true;
            a.runUntil(() -> a.heard().isPresent(), "the server to cut the abuser off");
            return Map.entry(a.port(), a.heard());
        }
    }

    /**
     * The acceptance of an attack test (ISSUE8.md): warm-up, a retained-heap reading, rounds of the attack (at
     * least {@code minRounds}) while the good client completes {@value #EXCHANGES} exchanges, the abusers'
     * server connections ended, a second reading. Asserts that the good client failed nothing and the retained
     * heap grew less than 10%, and prints both readings.
     *
     * @param name the attack, for the printout
     * @param minRounds rounds at least
     * @param attack one round
     * @return what the abusers heard and the server recorded, and the readings
     * @throws Exception a failure of the test
     */
    Report attack(String name, int minRounds, Attack attack) throws Exception {
        assertThat(goodExchanges(100)).as("warm-up exchanges; failures %s", goodFailures).isEqualTo(100);
        takeServerRecords(List.of(round(attack).getKey()));
        long before = RetainedHeap.measure();
        CompletableFuture<Integer> traffic = CompletableFuture.supplyAsync(() -> goodExchanges(EXCHANGES),
                r -> Thread.ofVirtual().name("good-traffic").start(r));
        List<Map.Entry<Integer, Optional<CloseReason>>> abusers = new ArrayList<>();
        long deadline = System.nanoTime() + ROUNDS_TIME.toNanos();
        while ((abusers.size() < minRounds || !traffic.isDone()) && abusers.size() < MAX_ROUNDS
                && System.nanoTime() - deadline < 0) {
            abusers.add(round(attack));
        }
        int exchanges = traffic.get(WAIT.toSeconds() * 4, TimeUnit.SECONDS);
        assertThat(goodFailures).as("the good client's failures").isEmpty();
        assertThat(exchanges).as("exchanges of the good client during the attack").isEqualTo(EXCHANGES);
        assertThat(abusers.size()).as("rounds of the attack").isGreaterThanOrEqualTo(minRounds);
        List<QuicCloseReason> serverRecorded = takeServerRecords(abusers.stream().map(Map.Entry::getKey).toList());
        long after = RetainedHeap.measure();
        // The last abusers' garbage (and the good traffic's) may still be settling: read again, a bounded
        // number of times, before judging.
        for (int i = 0; i < SETTLE_READINGS && RetainedHeap.growth(before, after) >= 0.10; i++) {
            System.out.println(name + ": retained heap still " + RetainedHeap.describe(after) + ", reading again");
            Thread.sleep(1000);
            after = RetainedHeap.measure();
        }
        Report r = new Report(abusers.stream().map(Map.Entry::getValue).toList(), serverRecorded, abusers.size(),
                exchanges, before, after);
        System.out.printf("loopback %s: %d rounds, %d good exchanges meanwhile, retained heap %s before, %s after"
                + " (%+.1f%%)%n", name, r.rounds(), exchanges, RetainedHeap.describe(before),
                RetainedHeap.describe(after), 100 * r.growth());
        assertThat(r.growth()).as("retained heap growth").isLessThan(0.10);
        return r;
    }

    /**
     * Waits (bounded) until the server has ended its connection with each of these abusers and the server
     * application's only open connection is the good client's, and takes how each ended.
     *
     * @param abuserPorts the abusers' ports, a port as often as an abuser had it
     * @return how the server's connection with each ended, in the same order
     */
    private List<QuicCloseReason> takeServerRecords(List<Integer> abuserPorts) throws InterruptedException {
        Map<Integer, Long> expected = abuserPorts.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        BooleanSupplier allEnded = () -> expected.entrySet().stream().allMatch(
                e -> recorded.getOrDefault(e.getKey(), new ArrayDeque<>()).size() >= e.getValue());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((live.size() > 1 || !allEnded.getAsBoolean()) && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(allEnded.getAsBoolean()).as("the server ended its connection with every abuser").isTrue();
        assertThat(live).as("the server's connections: only the good client's").hasSize(1);
        assertThat(good.isOpen()).as("the good client's connection is open").isTrue();
        List<QuicCloseReason> taken = abuserPorts.stream().map(p -> recorded.get(p).poll()).toList();
        recorded.values().removeIf(Queue::isEmpty);
        return taken;
    }

    @Override
    public void close() {
        good.close();
        net.close();
    }
}
