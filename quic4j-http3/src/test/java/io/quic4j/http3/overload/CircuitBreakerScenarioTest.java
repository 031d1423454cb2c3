package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's circuit-breaker acceptance over real loopback, {@link Http3Server} and {@link Http3Client}: "30% of
 * requests reset by clients for 20 s drives DEGRADED, then recovery drives HEALTHY after the cooldown; sustained
 * abuse drives BLOCKED; health endpoint answers throughout."
 *
 * <p>The window (10 s) and the threshold (base 0.05, clamp 0.02 to 0.30, load factor from requests in flight, RTT
 * from the connections) are DESIGN.md's defaults. To keep the test near 80 s of real time the cooldown is 10 s
 * instead of 30 s and the block-after period 30 s instead of 2 min (longer than the 20 s of the first abuse, so that
 * phase ends DEGRADED, not BLOCKED); {@link ResetRateBreakerTest} covers the default 30 s and 2 min exactly with a
 * simulated clock. Clients reset a request the way a real one does: {@code Http3Client} cancels the exchange
 * (RESET_STREAM and STOP_SENDING with H3_REQUEST_CANCELLED) once the server's handler has it. A separate client
 * polls {@code /healthz} every 100 ms throughout; every answer must be 200. The state timeline is printed.
 *
 * <p>No assertion is on speed: each phase waits for a state with a generous bound and asserts the order of events
 * and the minimum durations the breaker's rules imply.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CircuitBreakerScenarioTest {
    private static final Duration COOLDOWN = Duration.ofSeconds(10);
    private static final Duration BLOCK_AFTER = Duration.ofSeconds(30);
    private static final int WORKERS = 2;

    private final long start = System.nanoTime();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private String elapsed() {
        return String.format(Locale.ROOT, "%6.1f s", (System.nanoTime() - start) / 1e9);
    }

    private void mark(String what) {
        String line = elapsed() + "  " + what;
        timeline.add(line);
        System.out.println("[breaker scenario] " + line);
    }

    /** {@code /healthz}: 200. {@code /work}: 200, or with {@code x-hold} waits until the client cancels. */
    private Http3Handler handler() {
        return (request, response) -> {
            if (request.path().startsWith("/healthz")) {
                response.send(200, "text/plain", "ok\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String hold = request.headers().get("x-hold");
            if (hold != null) {
                CompletableFuture<Void> started = held.computeIfAbsent(hold, k -> new CompletableFuture<>());
                started.complete(null);
                try {
                    request.cancellation().get(10, TimeUnit.SECONDS);
                } finally {
                    held.remove(hold);
                }
                return; // the client is gone; nothing to answer
            }
            response.send(200, "text/plain", "done\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** What one phase of traffic saw. */
    private record Tally(AtomicInteger ok, AtomicInteger unavailable, AtomicInteger resets, AtomicInteger failures) {
        Tally() {
            this(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        }
    }

    /**
     * One worker's loop until {@code stop}: rounds of 10 requests, 3 of them reset by the client when {@code abuse}.
     */
    private void work(Http3Client client, URI base, BooleanSupplier abuse, AtomicBoolean stop, Tally tally) {
        while (!stop.get()) {
            for (int i = 0; i < 10 && !stop.get(); i++) {
                try {
                    if (abuse.getAsBoolean() && i < 3) {
                        resetOne(client, base, tally);
                    } else {
                        Http3ClientResponse r = client
                                .send(Http3ClientRequest.newBuilder(base.resolve("/work")).build());
                        r.bodyBytes();
                        count(r, tally);
                    }
                } catch (IOException e) {
                    tally.failures().incrementAndGet();
                    mark("request failed: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                Thread.sleep(100); // be gentle with a shared 2-core machine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void count(Http3ClientResponse r, Tally tally) {
        if (r.statusCode() == 200) {
            tally.ok().incrementAndGet();
        } else if (r.statusCode() == 503) {
            assertThat(r.headers().get("retry-after")).isEqualTo("30");
            tally.unavailable().incrementAndGet();
        } else {
            tally.failures().incrementAndGet();
        }
    }

    /** Sends a request the server holds, and cancels it once the server's handler has it (a client reset). */
    private void resetOne(Http3Client client, URI base, Tally tally) throws IOException, InterruptedException {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Void> started = held.computeIfAbsent(id, k -> new CompletableFuture<>());
        CompletableFuture<Http3ClientResponse> f = client.sendAsync(Http3ClientRequest
                .newBuilder(base.resolve("/work")).header("x-hold", id).build());
        try {
            CompletableFuture.anyOf(started, f).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            held.remove(id);
            throw new IOException("held request " + id + " went nowhere", e);
        }
        if (f.isDone() && !f.isCompletedExceptionally()) {
            held.remove(id);
            Http3ClientResponse r = f.join();
            r.bodyBytes();
            count(r, tally); // turned away (503) before the handler saw it
            return;
        }
        f.completeExceptionally(new IOException("client gives up")); // Http3Client resets the stream
        tally.resets().incrementAndGet();
    }

    /** Waits (bounded) until the breaker is in {@code state}; returns when it got there. */
    private static void awaitState(Http3Server server, CircuitBreakerState state, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (server.circuitBreaker().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.circuitBreaker().state()).as("state within " + bound).isEqualTo(state);
    }

    private static TlsConfig serverTls(Path dir) throws IOException {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        return TlsConfig.builder().applicationProtocols("h3").certificate(cert.certificate(), cert.privateKey())
                .keyLogFile(null).build();
    }

    private static TlsConfig clientTls(Path dir) {
        return TlsConfig.builder().applicationProtocols("h3").trustCertificates(dir.resolve("cert").resolve("cert.pem"))
                .keyLogFile(null).build();
    }

    @Test
    void resetAbuseDegradesRecoversThenBlocksWhileHealthAnswers(@TempDir Path dir) throws Exception {
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.builder().cooldown(COOLDOWN).blockAfter(BLOCK_AFTER)
                .healthPaths(java.util.Set.of("/healthz")).build();
        Http3ServerConfig config = Http3ServerConfig.builder()
                .quicConfig(QuicConfig.builder().eventLoops(2).maxIdleTimeout(Duration.ofSeconds(30)).build())
                .circuitBreaker(breakerConfig).build();
        List<CircuitBreakerTransition> transitions = new CopyOnWriteArrayList<>();
        List<Long> transitionTimes = new CopyOnWriteArrayList<>();
        List<Integer> healthStatuses = new CopyOnWriteArrayList<>();
        AtomicInteger healthFailures = new AtomicInteger();
        AtomicBoolean healthStop = new AtomicBoolean();
        try (Http3Server server = Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0),
                config, serverTls(dir), handler())) {
            server.circuitBreaker().addListener(t -> {
                transitions.add(t);
                transitionTimes.add(System.nanoTime());
                mark(t.from() + " -> " + t.to() + ": " + t.reason());
            });
            URI base = URI.create("https://localhost:" + server.localAddress().getPort() + "/");
            List<Http3Client> clients = new ArrayList<>();
            for (int i = 0; i < WORKERS + 1; i++) {
                clients.add(Http3Client.create(Http3ClientConfig.defaults(clientTls(dir))));
            }
            Http3Client healthClient = clients.getLast();
            Thread health = Thread.ofVirtual().name("health-poller").start(() -> {
                while (!healthStop.get()) {
                    try {
                        Http3ClientResponse r = healthClient.send(
                                Http3ClientRequest.newBuilder(base.resolve("/healthz")).build());
                        r.bodyBytes();
                        healthStatuses.add(r.statusCode());
                        Thread.sleep(100);
                    } catch (IOException e) {
                        healthFailures.incrementAndGet();
                        mark("health check request failed: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                // Phase 1: 30 % of requests reset by clients, for 20 s.
                mark("phase 1: 30% client resets for 20 s, state " + server.circuitBreaker().state());
                Tally abuse1 = new Tally();
                runFor(clients, base, () -> true, Duration.ofSeconds(20), abuse1);
                CircuitBreakerSnapshot afterAbuse = server.circuitBreaker().snapshot();
                mark("phase 1 done: " + describe(afterAbuse) + "; " + abuse1);
                assertThat(afterAbuse.state()).isEqualTo(CircuitBreakerState.DEGRADED);
                assertThat(abuse1.resets().get()).isPositive();
                assertThat(abuse1.failures().get()).isZero();

                // Phase 2: clean traffic until HEALTHY (the window empties in ~10 s, then the 10 s cooldown).
                mark("phase 2: clean traffic until HEALTHY");
                Tally clean = new Tally();
                AtomicBoolean cleanStop = new AtomicBoolean();
                List<Thread> cleanWorkers = startWorkers(clients, base, () -> false, cleanStop, clean);
                awaitState(server, CircuitBreakerState.HEALTHY, Duration.ofSeconds(90));
                stop(cleanStop, cleanWorkers);
                mark("phase 2 done: " + describe(server.circuitBreaker().snapshot()) + "; " + clean);
                assertThat(clean.failures().get()).isZero();

                // Phase 3: sustained abuse until BLOCKED; then ordinary requests get 503 with Retry-After.
                mark("phase 3: sustained 30% client resets until BLOCKED");
                Tally abuse2 = new Tally();
                AtomicBoolean abuseStop = new AtomicBoolean();
                List<Thread> abusers = startWorkers(clients, base, () -> true, abuseStop, abuse2);
                awaitState(server, CircuitBreakerState.BLOCKED, Duration.ofSeconds(120));
                stop(abuseStop, abusers);
                mark("phase 3 done: " + describe(server.circuitBreaker().snapshot()) + "; " + abuse2);
                Http3ClientResponse refused = clients.getFirst().send(
                        Http3ClientRequest.newBuilder(base.resolve("/work")).build());
                refused.bodyBytes();
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().get("retry-after")).isEqualTo("30");
                assertThat(server.circuitBreaker().requestsRefused()).isPositive();

                // Operator action: back to HEALTHY, and ordinary requests are served again.
                CircuitBreakerSnapshot reset = server.circuitBreaker().reset("scenario operator").get(30,
                        TimeUnit.SECONDS);
                assertThat(reset.state()).isEqualTo(CircuitBreakerState.HEALTHY);
                Http3ClientResponse served = clients.getFirst().send(
                        Http3ClientRequest.newBuilder(base.resolve("/work")).build());
                served.bodyBytes();
                assertThat(served.statusCode()).isEqualTo(200);
                Thread.sleep(300); // a few more health polls after the reset
            } finally {
                healthStop.set(true);
                health.join();
                for (Http3Client c : clients) {
                    c.close();
                }
            }
        }
        System.out.println("[breaker scenario] timeline:");
        timeline.forEach(l -> System.out.println("[breaker scenario]   " + l));
        System.out.println("[breaker scenario] health polls: " + healthStatuses.size() + ", all 200: "
                + healthStatuses.stream().allMatch(s -> s == 200));

        // the transitions, in order: DEGRADED, HEALTHY (after the cooldown), DEGRADED, BLOCKED, HEALTHY (operator)
        assertThat(transitions).extracting(CircuitBreakerTransition::to).containsExactly(CircuitBreakerState.DEGRADED,
                CircuitBreakerState.HEALTHY, CircuitBreakerState.DEGRADED, CircuitBreakerState.BLOCKED,
                CircuitBreakerState.HEALTHY);
        // recovery took at least the cooldown; blocking took at least the block-after period
        assertThat(transitionTimes.get(1) - transitionTimes.get(0)).isGreaterThanOrEqualTo(COOLDOWN.toNanos());
        assertThat(transitionTimes.get(3) - transitionTimes.get(2)).isGreaterThanOrEqualTo(BLOCK_AFTER.toNanos());
        assertThat(transitions.get(4).reason()).contains("scenario operator");
        // the health endpoint answered 200 throughout, including while BLOCKED
        assertThat(healthFailures.get()).isZero();
        assertThat(healthStatuses).isNotEmpty().allMatch(s -> s == 200);
        assertThat(healthStatuses.size()).isGreaterThan(50);
    }

    private static String describe(CircuitBreakerSnapshot s) {
        return String.format(Locale.ROOT, "%s rate %.3f threshold %.3f (%d of %d reset), load factor %.2f, RTT %.1f ms",
                s.state(), s.rate(), s.threshold(), s.resetsInWindow(), s.endedInWindow(), s.loadFactor(),
                s.smoothedRttMillis());
    }

    private void runFor(List<Http3Client> clients, URI base, BooleanSupplier abuse, Duration d, Tally tally)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = startWorkers(clients, base, abuse, stop, tally);
        Thread.sleep(d.toMillis());
        stop(stop, workers);
    }

    private List<Thread> startWorkers(List<Http3Client> clients, URI base, BooleanSupplier abuse, AtomicBoolean stop,
            Tally tally) {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Http3Client c = clients.get(i);
            workers.add(Thread.ofVirtual().name("worker-" + i).start(() -> work(c, base, abuse, stop, tally)));
        }
        return workers;
    }

    private static void stop(AtomicBoolean stop, List<Thread> workers) throws InterruptedException {
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
    }
}
