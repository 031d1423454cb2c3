package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 64 application threads on 4 shared connections to one echo server for {@code quic4j.stress.seconds}
 * (default 30), each in a loop opening streams and at random echoing, cancelling the write or the read,
 * closing early, or dropping the handle (the Cleaner path, with an occasional {@code System.gc()}). Every
 * operation is bounded, so a deadlock fails instead of hanging. Afterwards: all threads finished, only the
 * explicit stream errors the test provoked occurred, every opened stream is accounted for, and both sides
 * hold no stream once settled.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StressTest {
    private static final int THREADS = 64;
    private static final int CONNECTIONS = 4;
    private static final long OP_SECONDS = 10;
    private static final int MAX_WRITE = 64 * 1024;

    private enum Op {
        ECHO, CANCEL_WRITE, CANCEL_READ, CLOSE_EARLY, LEAK
    }

    private final Map<Op, AtomicLong> completed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> provoked = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong failedOpens = new AtomicLong();
    private final AtomicLong bytesEchoed = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();

    @Test
    void sixtyFourThreadsOnSharedConnectionsLeaveNoStreamBehind() throws Exception {
        long seconds = Long.getLong("quic4j.stress.seconds", 30);
        long seed = Long.getLong("quic4j.stress.seed", System.nanoTime());
        System.out.println(
                "StressTest " + seconds + " s, seed " + seed + " (replay the choices with -Dquic4j.stress.seed="
                        + seed + ")");
        QuicConfig serverConfig = QuicConfig.builder().eventLoops(2).maxIncomingBidirectionalStreams(200).build();
        QuicConfig clientConfig = QuicConfig.builder().eventLoops(2).build();
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback(serverConfig, clientConfig)) {
            List<QuicConnection> serverSide = new CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> acceptLoop(net, serverSide));
            List<QuicConnection> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(net.connect());
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed * 1_000_003 + t);
                threads.add(Thread.ofVirtual().name("stress-" + t).start(() -> {
                    while (System.nanoTime() < deadline) {
                        oneStream(clients.get(random.nextInt(CONNECTIONS)), random);
                    }
                }));
            }
            long joinUntil = deadline + TimeUnit.SECONDS.toNanos(60);
            for (Thread t : threads) {
                t.join(Duration.ofNanos(Math.max(1, joinUntil - System.nanoTime())));
            }
            List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();

            // Settle: collect the leaked handles until neither side holds a stream (bounded).
            List<QuicConnection> all = new ArrayList<>(clients);
            all.addAll(serverSide);
            List<QuicConnectionStats> stats = List.of();
            long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < settleUntil) {
                System.gc();
                Thread.sleep(100);
                stats = new ArrayList<>();
                for (QuicConnection c : all) {
                    stats.add(c.stats().orTimeout(OP_SECONDS, TimeUnit.SECONDS).join());
                }
                if (stats.stream().allMatch(s -> s.openStreams() == 0 && s.halfClosedStreams() == 0)) {
                    break;
                }
            }
            long accounted = completed.values().stream().mapToLong(AtomicLong::get).sum();
            List<String> leakWarnings = watch.warnings().stream().filter(w -> w.contains("garbage collected")).toList();
            System.out.printf("StressTest: %d threads x %d s on %d connections: %d streams opened, outcomes %s,"
                    + " %d bytes echoed, provoked errors %s, server stream errors %s, %d leak warnings, %d System.gc(),"
                    + " %d failed opens, %d unexpected%n", THREADS, seconds, CONNECTIONS, opened.get(),
                    new TreeMap<>(completed), bytesEchoed.get(), new TreeMap<>(provoked), new TreeMap<>(serverErrors),
                    leakWarnings.size(), gcs.get(), failedOpens.get(), unexpected.size());
            System.out.println("StressTest stream counts (open/half-closed/retired): " + stats.stream()
                    .map(s -> s.openStreams() + "/" + s.halfClosedStreams() + "/" + s.retiredStreams()).toList());
            unexpected.stream().limit(5).forEach(Throwable::printStackTrace);

            assertThat(stuck).as("threads still running after the bound (deadlock?)").isEmpty();
            assertThat(unexpected.stream().map(Throwable::toString).toList()).isEmpty();
            assertThat(failedOpens.get()).isZero();
            assertThat(accounted).as("opened = echoed + cancelled + closed early + leaked").isEqualTo(opened.get());
            assertThat(completed.get(Op.ECHO)).as("echoes done").isNotNull();
            assertThat(stats).hasSize(2 * CONNECTIONS).allSatisfy(s -> {
                assertThat(s.openStreams()).isZero();
                assertThat(s.halfClosedStreams()).isZero();
            });
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();

            net.client.closeGracefully(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
            net.server.closeGracefully(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
            acceptor.join(10_000);
        }
    }

    private void acceptLoop(Loopback net, List<QuicConnection> serverSide) {
        while (true) {
            QuicConnection c;
            try {
                c = net.server.accept().join();
            } catch (RuntimeException e) {
                return; // the server is closing
            }
            serverSide.add(c);
            Thread.ofVirtual().start(() -> {
                while (true) {
                    QuicStream s;
                    try {
                        s = c.acceptStream().join();
                    } catch (RuntimeException e) {
                        if (!CloseWatch.isExplicit(e)) {
                            unexpected.add(e);
                        }
                        return;
                    }
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                            in.transferTo(out);
                        } catch (QuicException e) {
                            count(serverErrors, CloseWatch.label(e));
                        } catch (IOException | RuntimeException e) {
                            unexpected.add(e);
                        }
                    });
                }
            });
        }
    }

    private void oneStream(QuicConnection c, Random random) {
        int p = random.nextInt(100);
        Op op = p < 50
                ? Op.ECHO
                : p < 62
                        ? Op.CANCEL_WRITE
                        : p < 74
                                ? Op.CANCEL_READ
                                : p < 97
                                        ? Op.CLOSE_EARLY
                                        : Op.LEAK;
        byte[] data = new byte[random.nextInt(MAX_WRITE + 1)];
        random.nextBytes(data);
        if (op == Op.LEAK) {
            leak(c, data);
            return;
        }
        QuicStream s;
        try {
            s = c.openBidirectionalStream().orTimeout(OP_SECONDS, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            failedOpens.incrementAndGet();
            unexpected.add(e);
            return;
        }
        opened.incrementAndGet();
        try (s) {
            switch (op) {
                case ECHO -> {
                    await(s.write(ByteBuffer.wrap(data)));
                    await(s.finish());
                    byte[] back = readAll(s, data.length + 1);
                    if (!Arrays.equals(back, data)) {
                        unexpected.add(new AssertionError("stream " + s.id() + " echoed " + back.length + " of "
                                + data.length + " bytes, or different ones"));
                    }
                    bytesEchoed.addAndGet(back.length);
                }
                case CANCEL_WRITE -> {
                    // Half first, and at random some of its echo, so that the reset races data in flight.
                    int half = data.length / 2;
                    await(s.write(ByteBuffer.wrap(data, 0, half)));
                    ByteBuffer got = ByteBuffer.allocate(data.length + 1);
                    if (half > 0 && random.nextBoolean()) {
                        provoked(s.read(got), "echo before cancelWrite");
                    }
                    CompletableFuture<Void> w = s.write(ByteBuffer.wrap(data, half, data.length - half));
                    s.cancelWrite(0x10);
                    provoked(w, "write after cancelWrite");
                    // The server echoes what reached it, then FIN once it sees the reset (or the reset ends the read).
                    byte[] back = readAllProvoked(s, got, "read after cancelWrite");
                    if (back != null && !Arrays.equals(back, Arrays.copyOf(data, back.length))) {
                        unexpected.add(new AssertionError("stream " + s.id() + " echoed bytes that were not written"));
                    }
                }
                case CANCEL_READ -> {
                    CompletableFuture<Void> w = s.write(ByteBuffer.wrap(data));
                    await(s.finish());
                    s.cancelRead(0x11);
                    provoked(w, "write before cancelRead");
                    provoked(s.read(ByteBuffer.allocate(16)), "read after cancelRead");
                }
                case CLOSE_EARLY -> {
                    provoked(s.write(ByteBuffer.wrap(data)), "write before close");
                    // Only wait for an echo when something was written: an empty write leaves nothing to echo, and
                    // the stream has no FIN yet, so the read would wait for its bound.
                    if (data.length > 0 && random.nextBoolean()) {
                        provoked(s.read(ByteBuffer.allocate(1024)), "partial read before close");
                    }
                }
                case LEAK -> throw new IllegalStateException("handled above");
            }
            completed.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        } catch (RuntimeException e) {
            unexpected.add(e);
            completed.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Opens a stream, writes to it and drops the handle without close(): the Cleaner's path. */
    private void leak(QuicConnection c, byte[] data) {
        QuicStream s;
        try {
            s = c.openBidirectionalStream().orTimeout(OP_SECONDS, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            failedOpens.incrementAndGet();
            unexpected.add(e);
            return;
        }
        opened.incrementAndGet();
        provoked(s.write(ByteBuffer.wrap(data)), "write before leak");
        long n = completed.computeIfAbsent(Op.LEAK, k -> new AtomicLong()).incrementAndGet();
        if (n % 16 == 0) {
            System.gc();
            gcs.incrementAndGet();
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(OP_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Reads to the end; more than {@code limit} bytes is an error. */
    private static byte[] readAll(QuicStream s, int limit) {
        return readAll(s, ByteBuffer.allocate(limit));
    }

    /** Reads to the end into {@code buf}; filling it is an error. */
    private static byte[] readAll(QuicStream s, ByteBuffer buf) {
        while (true) {
            int n = await(s.read(buf));
            if (n < 0) {
                return Arrays.copyOf(buf.array(), buf.position());
            }
            if (!buf.hasRemaining()) {
                throw new IllegalStateException("stream " + s.id() + " echoed more than was written");
            }
        }
    }

    /** Reads to the end; an explicit stream error is counted as provoked, and answers null. */
    private byte[] readAllProvoked(QuicStream s, ByteBuffer buf, String what) {
        try {
            return readAll(s, buf);
        } catch (RuntimeException e) {
            if (!(CloseWatch.unwrap(e) instanceof QuicStreamException)) {
                throw e;
            }
            count(provoked, what + ": " + CloseWatch.label(e));
            return null;
        }
    }

    /** Waits, bounded, for an operation the test may have failed on purpose; only a stream error may end it. */
    private void provoked(CompletableFuture<?> f, String what) {
        try {
            await(f);
            count(provoked, what + ": ok");
        } catch (RuntimeException e) {
            if (!(CloseWatch.unwrap(e) instanceof QuicStreamException)) {
                throw e;
            }
            count(provoked, what + ": " + CloseWatch.label(e));
        }
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
}
