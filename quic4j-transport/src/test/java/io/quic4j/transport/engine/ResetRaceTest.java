package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local cancel racing the peer's RESET_STREAM/STOP_SENDING (the field report where such a race dropped
 * requests silently): on each stream the client resets its sending half while the server, released by the
 * same barrier, resets its own sending half, stops reading, or both. Every stream must end on both sides
 * with data and EOF or an explicit {@link QuicStreamException} carrying the right code, within a bound;
 * every stream is counted; afterwards neither side holds a stream.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResetRaceTest {
    private static final int STREAMS = Integer.getInteger("quic4j.reset.streams", 400);
    private static final int WORKERS = 32;
    private static final int CONNECTIONS = 2;
    private static final long CLIENT_RESET = 0x61;
    private static final long CLIENT_STOP = 0x62;
    private static final long SERVER_RESET = 0x51;
    private static final long SERVER_STOP = 0x52;
    private static final int HEADER = 1024;
    private static final long BOUND_SECONDS = 15;

    private final Map<String, CyclicBarrier> barriers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> clientOutcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> serverOutcomes = new ConcurrentHashMap<>();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    /** Where each stream is, per side, so that a stream that hangs is named. */
    private final Map<String, String> stage = new ConcurrentHashMap<>();

    @Test
    void racingResetsEndEveryStreamExplicitly() throws Exception {
        long seed = Long.getLong("quic4j.reset.seed", System.nanoTime());
        System.out.println("ResetRaceTest seed " + seed + " (replay with -Dquic4j.reset.seed=" + seed + ")");
        try (CloseWatch watch = new CloseWatch();
                Loopback net = new Loopback(QuicConfig.builder().eventLoops(2).build(),
                        QuicConfig.builder().eventLoops(2).build())) {
            List<QuicConnection> clients = new ArrayList<>();
            List<QuicConnection> servers = new ArrayList<>();
            AtomicInteger serverStreams = new AtomicInteger();
            List<Thread> serverThreads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(net.connect());
                QuicConnection sc = net.server.accept().orTimeout(10, TimeUnit.SECONDS).join();
                servers.add(sc);
                Random r = new Random(seed + i);
                serverThreads.add(Thread.ofVirtual().start(() -> {
                    while (true) {
                        QuicStream s;
                        try {
                            s = sc.acceptStream().join();
                        } catch (RuntimeException e) {
                            if (!CloseWatch.isExplicit(e)) {
                                unexpected.add(e);
                            }
                            return;
                        }
                        serverStreams.incrementAndGet();
                        int action;
                        synchronized (r) {
                            action = r.nextInt(3);
                        }
                        serverThreads.add(Thread.ofVirtual().start(() -> serve(sc, s, action)));
                    }
                }));
            }

            AtomicInteger next = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random r = new Random(seed * 31 + w);
                workers.add(Thread.ofVirtual().start(() -> {
                    for (int i; (i = next.getAndIncrement()) < STREAMS;) {
                        clientStream(clients.get(i % CONNECTIONS), r.nextBoolean());
                    }
                }));
            }
            long workersUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Thread t : workers) {
                t.join(java.time.Duration.ofNanos(Math.max(1, workersUntil - System.nanoTime())));
            }
            if (workers.stream().anyMatch(Thread::isAlive)) {
                System.out.println("ResetRaceTest: stuck " + new java.util.TreeMap<>(stage));
            }
            assertThat(workers).as("client workers finished").noneMatch(Thread::isAlive);
            long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (total(serverOutcomes) < serverStreams.get() && System.nanoTime() < settleUntil) {
                Thread.sleep(20);
            }
            List<QuicConnectionStats> stats = settledStats(clients, servers);
            System.out.printf("ResetRaceTest: %d streams; client outcomes %s; server outcomes %s (%d accepted)%n",
                    STREAMS, new java.util.TreeMap<>(clientOutcomes), new java.util.TreeMap<>(serverOutcomes),
                    serverStreams.get());

            unexpected.stream().limit(3).forEach(Throwable::printStackTrace);
            assertThat(unexpected.stream().map(Throwable::toString).toList()).isEmpty();
            assertThat(total(clientOutcomes)).as("every client stream accounted for").isEqualTo(STREAMS);
            assertThat(serverStreams.get()).as("every stream reached the server").isEqualTo(STREAMS);
            assertThat(total(serverOutcomes)).as("every server stream accounted for").isEqualTo(STREAMS);
            assertThat(stats).allSatisfy(s -> {
                assertThat(s.openStreams()).isZero();
                assertThat(s.halfClosedStreams()).isZero();
            });
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    private static String key(java.net.InetSocketAddress clientAddress, long id) {
        // The client's socket may be bound to the wildcard address: its port names the connection.
        return clientAddress.getPort() + "/" + id;
    }

    private void clientStream(QuicConnection c, boolean alsoStopReading) {
        QuicStream s;
        try {
            s = c.openBidirectionalStream().orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            unexpected.add(e);
            count(clientOutcomes, "open " + CloseWatch.label(e));
            return;
        }
        String k = "client " + key(c.localAddress(), s.id());
        try (s) {
            stage.put(k, "header");
            s.write(ByteBuffer.allocate(HEADER)).orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join();
            stage.put(k, "barrier");
            CompletableFuture<Void> more = s.write(ByteBuffer.allocate(256 * 1024));
            await(barriers.computeIfAbsent(key(c.localAddress(), s.id()), x -> new CyclicBarrier(2)));
            s.cancelWrite(CLIENT_RESET);
            if (alsoStopReading) {
                s.cancelRead(CLIENT_STOP);
            }
            stage.put(k, "write");
            String written = settle(more, "write");
            stage.put(k, "read");
            String read = readToEnd(s, alsoStopReading ? Kinds.CLIENT_STOPPED : Kinds.CLIENT_READ);
            stage.remove(k);
            count(clientOutcomes, written + ", " + read);
        } catch (RuntimeException e) {
            unexpected.add(e);
            count(clientOutcomes, "unexpected " + CloseWatch.label(e));
        }
    }

    private void serve(QuicConnection sc, QuicStream s, int action) {
        String k = "server " + key(sc.remoteAddress(), s.id()) + " action " + action;
        try (s) {
            stage.put(k, "header");
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            String early = null;
            try {
                while (header.hasRemaining()) {
                    if (s.read(header).orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join() < 0) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                // The client's reset may overtake its header (RFC 9000 §3.2: unread data is discarded).
                early = expect(e, QuicStreamException.Kind.RESET_BY_PEER, CLIENT_RESET, "header");
            }
            CompletableFuture<Void> back = s.write(ByteBuffer.allocate(64 * 1024));
            stage.put(k, "barrier");
            await(barriers.computeIfAbsent(key(sc.remoteAddress(), s.id()), x -> new CyclicBarrier(2)));
            boolean stopReading = action != 0;
            if (action != 1) {
                s.cancelWrite(SERVER_RESET);
            }
            if (stopReading) {
                s.cancelRead(SERVER_STOP);
            }
            stage.put(k, "write");
            String written = settle(back, "write");
            stage.put(k, "read");
            String read = early != null
                    ? early
                    : readToEnd(s, stopReading ? Kinds.SERVER_STOPPED : Kinds.SERVER_READ);
            count(serverOutcomes, "action " + action + ": " + written + ", " + read);
            stage.remove(k);
        } catch (RuntimeException e) {
            unexpected.add(e);
            count(serverOutcomes, "unexpected " + CloseWatch.label(e));
        }
    }

    /** What a final read may end with, per side and whether that side stopped reading. */
    private enum Kinds {
        /** The client reads: EOF after the server's FIN, or the server's reset. */
        CLIENT_READ,
        /** The client stopped reading: its read is cancelled, unless the server's reset or FIN came first. */
        CLIENT_STOPPED,
        /** The server reads: the client always resets. */
        SERVER_READ,
        /** The server stopped reading. */
        SERVER_STOPPED
    }

    private String readToEnd(QuicStream s, Kinds kinds) {
        ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
        long total = 0;
        try {
            while (true) {
                buf.clear();
                int n = s.read(buf).orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join();
                if (n < 0) {
                    if (kinds == Kinds.SERVER_READ) {
                        unexpected
                                .add(new AssertionError("server read EOF although the client reset stream " + s.id()));
                    }
                    return "read EOF";
                }
                total += n;
            }
        } catch (RuntimeException e) {
            Throwable c = CloseWatch.unwrap(e);
            if (!(c instanceof QuicStreamException q)) {
                unexpected.add(e);
                return "read " + CloseWatch.label(e);
            }
            long expectedReset = kinds == Kinds.CLIENT_READ || kinds == Kinds.CLIENT_STOPPED
                    ? SERVER_RESET
                    : CLIENT_RESET;
            // RFC 9000 §3.5: a peer that receives our STOP_SENDING resets its half, copying our code (SHOULD);
            // when that STOP_SENDING arrives before its own cancelWrite runs, our code comes back.
            long ownStop = kinds == Kinds.CLIENT_STOPPED
                    ? CLIENT_STOP
                    : kinds == Kinds.SERVER_STOPPED ? SERVER_STOP : -1;
            boolean ok = switch (q.kind()) {
                case RESET_BY_PEER -> q.errorCode() == expectedReset || q.errorCode() == ownStop;
                case CANCELLED -> kinds == Kinds.CLIENT_STOPPED || kinds == Kinds.SERVER_STOPPED;
                default -> false;
            };
            if (!ok) {
                unexpected.add(new AssertionError("stream " + s.id() + " " + kinds + " read failed " + q.kind()
                        + " code 0x" + Long.toHexString(q.errorCode()) + " after " + total + " bytes", q));
            }
            return "read " + q.kind() + (q.kind() == QuicStreamException.Kind.RESET_BY_PEER && q.errorCode() == ownStop
                    ? " with our stop code"
                    : "") + (total > 0 ? " after data" : "");
        }
    }

    private String expect(RuntimeException e, QuicStreamException.Kind kind, long code, String what) {
        Throwable c = CloseWatch.unwrap(e);
        if (c instanceof QuicStreamException q && q.kind() == kind && q.errorCode() == code) {
            return what + " " + kind;
        }
        unexpected.add(e);
        return what + " " + CloseWatch.label(e);
    }

    /** @return how a write ended: taken, or failed with an explicit stream error (never by the bound) */
    private String settle(CompletableFuture<Void> write, String what) {
        try {
            write.orTimeout(BOUND_SECONDS, TimeUnit.SECONDS).join();
            return what + " taken";
        } catch (RuntimeException e) {
            Throwable c = CloseWatch.unwrap(e);
            if (c instanceof QuicStreamException q && (q.kind() == QuicStreamException.Kind.CANCELLED
                    || q.kind() == QuicStreamException.Kind.STOPPED_BY_PEER)) {
                return what + " " + q.kind();
            }
            unexpected.add(e);
            return what + " " + CloseWatch.label(e);
        }
    }

    private void await(CyclicBarrier b) {
        try {
            b.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            unexpected.add(e);
        }
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int total(Map<String, AtomicInteger> m) {
        return m.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Waits, bounded, for every connection to hold no stream; @return the last stats of each. */
    static List<QuicConnectionStats> settledStats(List<QuicConnection> a, List<QuicConnection> b)
            throws InterruptedException {
        List<QuicConnection> all = new ArrayList<>(a);
        all.addAll(b);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<QuicConnectionStats> stats = new ArrayList<>();
            for (QuicConnection c : all) {
                stats.add(c.stats().orTimeout(10, TimeUnit.SECONDS).join());
            }
            boolean quiet = stats.stream().allMatch(s -> s.openStreams() == 0 && s.halfClosedStreams() == 0);
            if (quiet || System.nanoTime() > until) {
                System.out.println("stream counts (open/half-closed/retired): " + stats.stream()
                        .map(s -> s.openStreams() + "/" + s.halfClosedStreams() + "/" + s.retiredStreams()).toList());
                return stats;
            }
            Thread.sleep(50);
        }
    }
}
