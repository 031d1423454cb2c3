package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.TransportError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Graceful close over real loopback UDP through the public API (DESIGN.md §4, issue 6): streams that are
 * mid-transfer when the server closes either finish intact or fail with an explicit
 * {@link io.quic4j.transport.QuicConnectionClosedException} or {@link io.quic4j.transport.QuicStreamException},
 * never silently or by a timeout; the close future completes within the grace; concurrent
 * {@code closeGracefully} calls share one future (the "close of closed channel" class of bug cannot happen);
 * no exception escapes to a thread and the engine logs no error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulCloseTest {
    private static final int CONNECTIONS = 4;
    private static final int STREAMS_PER_CONNECTION = 25;
    private static final int CHUNK = 16 * 1024;
    private static final Duration GRACE = Duration.ofMillis(2500);
    /** Per-stream bound: a stream that neither finishes nor fails by then is hanging. */
    private static final long STREAM_BOUND_SECONDS = 20;

    /** How one client stream ended. */
    private record Outcome(boolean intact, String error) {
    }

    @Test
    void serverGracefulCloseEndsEveryStreamIntactOrWithAnExplicitError() throws Exception {
        try (CloseWatch watch = new CloseWatch();
                Loopback net = new Loopback(QuicConfig.builder().eventLoops(2).build(),
                        QuicConfig.builder().eventLoops(2).build())) {
            assertThat(watch.seesSystemLogger()).as("JUL handler sees the engine's System.Logger").isTrue();
            Map<String, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
            List<Throwable> serverUnexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = startEchoServer(net, serverErrors, serverUnexpected);

            List<QuicConnection> connections = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(net.connect());
            }
            AtomicInteger finished = new AtomicInteger();
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS * STREAMS_PER_CONNECTION; i++) {
                QuicConnection c = connections.get(i % CONNECTIONS);
                QuicStream s = c.openBidirectionalStream().orTimeout(10, TimeUnit.SECONDS).join();
                // 64 kB to 3.2 MB, paced: the large ones cannot be done when the close starts.
                int size = CHUNK * 4 * (1 + i % 50);
                outcomes.add(transfer(s, size, 1000L + i, finished));
            }
            Thread.sleep(400);
            int inFlight = outcomes.size() - finished.get();

            // Eight threads at once: one future for all, whatever grace each passes.
            List<CompletableFuture<Void>> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Duration grace = GRACE.plusMillis(t);
                closers.add(Thread.ofPlatform().name("closer-" + t).start(() -> {
                    awaitQuietly(go);
                    closes.add(net.server.closeGracefully(grace));
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : closers) {
                t.join(10_000);
            }
            assertThat(closes).hasSize(8);
            CompletableFuture<Void> closed = closes.get(0);
            assertThat(closes).allSatisfy(f -> assertThat(f).isSameAs(closed));
            closed.get(GRACE.toMillis() + 5000, TimeUnit.MILLISECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            int intact = 0;
            Map<String, Integer> errors = new java.util.TreeMap<>();
            for (CompletableFuture<Outcome> f : outcomes) {
                Outcome o = f.get(STREAM_BOUND_SECONDS, TimeUnit.SECONDS);
                if (o.intact()) {
                    intact++;
                } else {
                    errors.merge(o.error(), 1, Integer::sum);
                }
            }
            List<QuicCloseReason> reasons = new ArrayList<>();
            for (QuicConnection c : connections) {
                reasons.add(c.closeFuture().get(10, TimeUnit.SECONDS));
            }
            System.out.printf(
                    "GracefulCloseTest: %d streams, %d in flight at close; %d intact, errors %s; close took %d ms"
                            + " (grace %d ms); client connections ended %s; server stream errors %s%n",
                    outcomes.size(), inFlight, intact, errors, elapsedMs, GRACE.toMillis(), reasons, serverErrors);

            assertThat(inFlight).as("streams still transferring when the close began").isPositive();
            assertThat(intact + errors.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(outcomes.size());
            assertThat(errors.keySet()).as("every failed stream failed with an explicit API error")
                    .allMatch(
                            e -> e.startsWith("QuicStreamException") || e.startsWith("QuicConnectionClosedException"));
            assertThat(elapsedMs).as("close completes within the grace").isLessThanOrEqualTo(GRACE.toMillis() + 1000);
            assertThat(reasons).allSatisfy(r -> {
                assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
                assertThat(r.errorCode()).isZero();
            });

            // Later calls are harmless and still answer with the same future.
            net.server.close();
            assertThat(net.server.closeGracefully(Duration.ofSeconds(9))).isSameAs(closed);
            acceptor.join(10_000);
            assertThat(acceptor.isAlive()).isFalse();
            assertThat(serverUnexpected).isEmpty();
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    @Test
    void serverWithIdleConnectionsClosesThemAtOnceWithCodeZero() throws Exception {
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback()) {
            List<QuicConnection> clientSide = new ArrayList<>();
            List<QuicConnection> serverSide = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clientSide.add(net.connect());
                serverSide.add(net.server.accept().orTimeout(10, TimeUnit.SECONDS).join());
            }
            // One more that the application never accepted: it waits in the accept queue and is closed too.
            clientSide.add(net.connect());
            Duration grace = Duration.ofSeconds(10);
            long start = System.nanoTime();
            CompletableFuture<Void> closed = net.server.closeGracefully(grace);
            closed.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            List<QuicCloseReason> reasons = new ArrayList<>();
            for (QuicConnection c : clientSide) {
                reasons.add(c.closeFuture().get(10, TimeUnit.SECONDS));
            }
            System.out.printf("GracefulCloseTest idle: close took %d ms (grace %d ms); clients saw %s%n", elapsedMs,
                    grace.toMillis(), reasons);
            // Quiet connections close at once, not when the grace is nearly over (its last quarter, at most 1 s).
            assertThat(elapsedMs).isLessThan(grace.toMillis() - 1000);
            assertThat(reasons.subList(0, 3)).allSatisfy(r -> {
                assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
                assertThat(r.application()).isTrue();
                assertThat(r.errorCode()).isZero();
            });
            // The unaccepted one races the close (its connect() returned once the client's side was done): waiting
            // in the accept queue it gets application code 0; still in its handshake on the server, the close
            // goes as a transport APPLICATION_ERROR in Handshake packets (RFC 9000 §10.2.3); finishing its
            // handshake after the accept queue closed, it is refused (CONNECTION_REFUSED). Always explicit.
            QuicCloseReason last = reasons.get(3);
            assertThat(last.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
            if (last.application()) {
                assertThat(last.errorCode()).isZero();
            } else {
                assertThat(last.errorCode()).isIn(TransportError.APPLICATION_ERROR.code(),
                        TransportError.CONNECTION_REFUSED.code());
            }
            assertThat(serverSide).allSatisfy(c -> assertThat(c.isOpen()).isFalse());
            net.server.close();
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    @Test
    void clientGracefulCloseIsIdempotentAndClosesWithCodeZero() throws Exception {
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback()) {
            List<QuicConnection> clientSide = new ArrayList<>();
            List<QuicConnection> serverSide = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clientSide.add(net.connect());
                serverSide.add(net.server.accept().orTimeout(10, TimeUnit.SECONDS).join());
            }
            Duration grace = Duration.ofSeconds(3);
            List<CompletableFuture<Void>> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                closers.add(Thread.ofPlatform().name("client-closer-" + t).start(() -> {
                    awaitQuietly(go);
                    closes.add(net.client.closeGracefully(grace));
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : closers) {
                t.join(10_000);
            }
            assertThat(closes).hasSize(8);
            CompletableFuture<Void> closed = closes.get(0);
            assertThat(closes).allSatisfy(f -> assertThat(f).isSameAs(closed));
            closed.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            net.client.close();
            assertThat(net.client.closeGracefully(Duration.ZERO)).isSameAs(closed);

            List<QuicCloseReason> serverSaw = new ArrayList<>();
            for (QuicConnection c : serverSide) {
                serverSaw.add(c.closeFuture().get(10, TimeUnit.SECONDS));
            }
            System.out.printf("GracefulCloseTest client: close took %d ms (grace %d ms); server saw %s%n", elapsedMs,
                    grace.toMillis(), serverSaw);
            assertThat(elapsedMs).isLessThanOrEqualTo(grace.toMillis() + 1000);
            assertThat(clientSide).allSatisfy(c -> {
                assertThat(c.closeFuture()).isDone();
                assertThat(c.closeFuture().join().initiator()).isEqualTo(QuicCloseReason.Initiator.LOCAL);
            });
            assertThat(serverSaw).allSatisfy(r -> {
                assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
                assertThat(r.errorCode()).isZero();
            });
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    @Test
    void closeAndCloseGracefullyRacingFromManyThreadsAreHarmless() throws Exception {
        // Field report 000: a second close of an already closed resource crashed an HTTP/3 server on shutdown.
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback()) {
            List<QuicConnection> clientSide = new ArrayList<>();
            List<QuicConnection> serverSide = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clientSide.add(net.connect());
                serverSide.add(net.server.accept().orTimeout(10, TimeUnit.SECONDS).join());
            }
            List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int kind = t % 4;
                threads.add(Thread.ofPlatform().name("racer-" + t).start(() -> {
                    awaitQuietly(go);
                    try {
                        switch (kind) {
                            case 0 -> closes.add(net.server.closeGracefully(Duration.ofSeconds(2)));
                            case 1 -> net.server.close();
                            case 2 -> serverSide.forEach(QuicConnection::close);
                            default -> {
                                net.client.close();
                                closes.add(net.client.closeGracefully(Duration.ofSeconds(1)));
                            }
                        }
                    } catch (RuntimeException e) {
                        thrown.add(e);
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(20_000);
            }
            assertThat(threads).noneMatch(Thread::isAlive);
            assertThat(thrown).isEmpty();
            CompletableFuture<Void> server = net.server.closeGracefully(Duration.ZERO);
            CompletableFuture<Void> client = net.client.closeGracefully(Duration.ZERO);
            assertThat(server).isDone();
            assertThat(client).isDone();
            assertThat(closes).allSatisfy(f -> assertThat(f == server || f == client).isTrue());
            for (QuicConnection c : clientSide) {
                assertThat(c.closeFuture()).succeedsWithin(10, TimeUnit.SECONDS);
            }
            for (QuicConnection c : serverSide) {
                assertThat(c.closeFuture()).succeedsWithin(10, TimeUnit.SECONDS);
            }
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    @Test
    void streamOperationsAfterThePeerClosedTheConnectionFailInsteadOfEndingCleanly() throws Exception {
        // A read must not report a clean end (-1), nor a FIN succeed, on a stream the connection's close cut
        // short: the application would take a truncated transfer for a complete one.
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback()) {
            QuicConnection client = net.connect();
            QuicConnection server = net.server.accept().orTimeout(10, TimeUnit.SECONDS).join();
            QuicStream s = client.openBidirectionalStream().orTimeout(10, TimeUnit.SECONDS).join();
            s.write(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3})).orTimeout(10, TimeUnit.SECONDS).join();
            QuicStream accepted = server.acceptStream().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(accepted.read(java.nio.ByteBuffer.allocate(3)).orTimeout(10, TimeUnit.SECONDS).join())
                    .isPositive();
            server.close(0, "bye");
            assertThat(client.closeFuture().get(10, TimeUnit.SECONDS).initiator())
                    .isEqualTo(QuicCloseReason.Initiator.PEER);
            assertThat(s.read(java.nio.ByteBuffer.allocate(10))).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOf(io.quic4j.transport.QuicConnectionClosedException.class);
            assertThat(s.write(java.nio.ByteBuffer.allocate(10))).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat().havingCause()
                    .isInstanceOf(io.quic4j.transport.QuicConnectionClosedException.class);
            assertThat(s.finish()).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(io.quic4j.transport.QuicConnectionClosedException.class);
            s.close();
            accepted.close();
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    /** Accepts connections and streams, echoing each stream on its own virtual thread, until the close. */
    private static Thread startEchoServer(Loopback net, Map<String, AtomicInteger> errors, List<Throwable> unexpected) {
        return Thread.ofVirtual().name("acceptor").start(() -> {
            while (true) {
                QuicConnection c;
                try {
                    c = net.server.accept().join();
                } catch (RuntimeException e) {
                    count(errors, "accept " + CloseWatch.label(e));
                    return;
                }
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
                        Thread.ofVirtual().start(() -> echo(s, errors, unexpected));
                    }
                });
            }
        });
    }

    private static void echo(QuicStream s, Map<String, AtomicInteger> errors, List<Throwable> unexpected) {
        try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
            in.transferTo(out);
        } catch (QuicException e) {
            count(errors, CloseWatch.label(e));
        } catch (IOException | RuntimeException e) {
            unexpected.add(e);
        }
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Writes {@code size} seeded random bytes, paced, then FIN, while reading the echo; the outcome says
     * whether the echo came back intact, or which error ended the stream.
     */
    private static CompletableFuture<Outcome> transfer(QuicStream s, int size, long seed, AtomicInteger finished) {
        CompletableFuture<Long> written = supply(() -> {
            CRC32 crc = new CRC32();
            Random random = new Random(seed);
            byte[] chunk = new byte[CHUNK];
            OutputStream out = s.outputStream();
            for (int sent = 0; sent < size; sent += CHUNK) {
                random.nextBytes(chunk);
                int n = Math.min(CHUNK, size - sent);
                out.write(chunk, 0, n);
                crc.update(chunk, 0, n);
                Thread.sleep(4);
            }
            out.close();
            return crc.getValue();
        });
        CompletableFuture<long[]> read = supply(() -> {
            CRC32 crc = new CRC32();
            byte[] buf = new byte[32 * 1024];
            InputStream in = s.inputStream();
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0;) {
                crc.update(buf, 0, n);
                total += n;
            }
            return new long[]{total, crc.getValue()};
        });
        return written.handle((w, we) -> new Object[]{w, we}).thenCombine(read.handle((r, re) -> new Object[]{r, re}),
                (w, r) -> {
                    s.close();
                    finished.incrementAndGet();
                    Throwable error = w[1] != null ? (Throwable) w[1] : (Throwable) r[1];
                    if (error != null) {
                        return new Outcome(false, CloseWatch.label(error));
                    }
                    long[] got = (long[]) r[0];
                    boolean intact = got[0] == size && got[1] == (Long) w[0];
                    return new Outcome(intact, intact ? null : "corrupt echo: " + got[0] + " of " + size + " bytes");
                });
    }

    /** Work that may throw, on a virtual thread of its own. */
    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> CompletableFuture<T> supply(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(work.run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
