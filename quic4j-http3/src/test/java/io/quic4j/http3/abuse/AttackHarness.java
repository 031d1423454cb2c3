package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.testkit.RetainedHeap;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared stage of the HTTP/3 attack tests (issue 8): one server on 127.0.0.1; a well-behaved {@link Http3Client}
 * that sends {@link #GOOD_REQUESTS} requests to {@code /good} while an attack runs and checks every answer; raw
 * abusers ({@link Abuser}) that write HTTP/3 bytes themselves; and the server's retained heap before and after.
 *
 * <pre>{@code
 * try (AttackHarness h = AttackHarness.start(dir, AttackHarness.config().build(), handler)) {
 *     long before = h.warmUpAndMeasure();
 *     h.underGoodTraffic(() -> { try (Abuser a = h.abuser()) { ...; h.assertClosedWith(a, H3_EXCESSIVE_LOAD); } });
 *     h.assertHeapReturned(before);
 * }
 * }</pre>
 */
final class AttackHarness implements AutoCloseable {
    /** What the good client completes during each attack (issue 8's acceptance). */
    static final int GOOD_REQUESTS = 1000;
    private static final int GOOD_CONCURRENCY = 4;
    /** How many more heap readings, a second apart, may wait for closed connections to finish draining. */
    private static final int SETTLE_READINGS = 20;

    /** The part of an attack that runs beside the good traffic. */
    @FunctionalInterface
    interface Attack {
        /**
         * @throws Exception a failure of the test
         */
        void run() throws Exception;
    }

    final Path dir;
    final Http3Server server;
    private final Http3Client good;
    private final List<Abuser> abusers = new CopyOnWriteArrayList<>();

    private AttackHarness(Path dir, Http3Server server, Http3Client good) {
        this.dir = dir;
        this.server = server;
        this.good = good;
    }

    /** @return the transport settings of the server and of every client here */
    static QuicConfig quicConfig() {
        return QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(30))
                .handshakeTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Server settings for attacks: 16 requests per connection, otherwise the defaults. The per-connection defences alone: the server-wide circuit breaker is off, as it would (by design) answer an
     * attack's resets by lowering every connection's stream credit, the abuser's included, which these tests count
     * on to reach the per-connection bounds; the breaker has its own tests (io.quic4j.http3.overload).
     *
     * @return the settings' builder
     */
    static Http3ServerConfig.Builder config() {
        return Http3ServerConfig.builder().quicConfig(quicConfig()).maxConcurrentRequests(16)
                .abuseLimits(Http3AbuseLimits.DEFAULTS)
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build());
    }

    /**
     * @param dir a temporary directory for the certificate
     * @param config the server's settings
     * @param attackHandler serves every path but {@code /good}
     * @return the running stage
     * @throws IOException if the server cannot bind
     */
    static AttackHarness start(Path dir, Http3ServerConfig config, Http3Handler attackHandler) throws IOException {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(cert.certificate(), cert.privateKey()).keyLogFile(null).build();
        Http3Handler handler = (request, response) -> {
            if (request.path().startsWith("/good")) {
                request.body().readAllBytes();
                response.send(200, "text/plain", ("good " + request.path()).getBytes(StandardCharsets.UTF_8));
            } else {
                attackHandler.handle(request, response);
            }
        };
        Http3Server server = Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config,
                tls, handler);
        Http3Client good = Http3Client.create(Http3ClientConfig.builder(clientTls(dir)).quicConfig(quicConfig())
                .requestTimeout(Duration.ofSeconds(60)).build());
        return new AttackHarness(dir, server, good);
    }

    /** @return a client TLS config trusting the server's certificate */
    static TlsConfig clientTls(Path dir) {
        return TlsConfig.builder().applicationProtocols("h3")
                .trustCertificates(dir.resolve("cert").resolve("cert.pem")).keyLogFile(null).build();
    }

    /** @return a new abuser connected to the server (closed with the harness) */
    Abuser abuser() {
        return abuser(quicConfig());
    }

    /**
     * @param quic the abuser's transport settings
     * @return a new abuser connected to the server with them (closed with the harness)
     */
    Abuser abuser(QuicConfig quic) {
        Abuser a = new Abuser(this, quic);
        abusers.add(a);
        return a;
    }

    /**
     * Warms up (the good client's connection, a raw connection's request, classes and pools), then reads the
     * retained heap and prints it.
     *
     * @return the "before" reading
     * @throws Exception if the warm-up fails
     */
    long warmUpAndMeasure() throws Exception {
        return warmUpAndMeasure(a -> {
        });
    }

    /** What one abuser does: a dose of a warm-up, or an attack. */
    @FunctionalInterface
    interface WithAbuser {
        /**
         * @param a a fresh abuser, closed afterwards
         * @throws Exception a failure of the test
         */
        void run(Abuser a) throws Exception;
    }

    /**
     * Warms up as {@link #warmUpAndMeasure()} does, and also runs {@code warmUp} on a raw connection: a harmless
     * dose of the attack, below every limit, so the code paths it loads are in place before the reading.
     *
     * @param warmUp the dose
     * @return the "before" reading
     * @throws Exception if the warm-up fails
     */
    long warmUpAndMeasure(WithAbuser warmUp) throws Exception {
        goodRequests(200, "/good/warm-up");
        try (Abuser a = abuser()) {
            a.control();
            assertThat(a.get("/good/raw-warm-up").status()).isEqualTo(200);
            warmUp.run(a);
        }
        abusers.clear();
        long before = RetainedHeap.measure();
        System.out.println("retained heap before the attack: " + RetainedHeap.describe(before));
        return before;
    }

    /**
     * Runs {@code attack} while the good client sends {@link #GOOD_REQUESTS} requests, and checks that every one of
     * them was answered 200 with its body.
     *
     * @param attack the attack; its failure fails the test
     * @throws Exception the attack's failure, or the good traffic's
     */
    void underGoodTraffic(Attack attack) throws Exception {
        CompletableFuture<Integer> traffic = CompletableFuture.supplyAsync(() -> {
            try {
                return goodRequests(GOOD_REQUESTS, "/good/during-attack");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().name("good-client").start(r));
        try {
            attack.run();
        } finally {
            int served = traffic.get(300, TimeUnit.SECONDS);
            System.out.println("good client: " + served + " of " + GOOD_REQUESTS + " requests answered 200");
            assertThat(served).as("good requests answered 200 during the attack").isEqualTo(GOOD_REQUESTS);
        }
    }

    /** Sends {@code n} requests, {@link #GOOD_CONCURRENCY} at a time; returns how many were answered correctly. */
    private int goodRequests(int n, String prefix) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] workers = new Thread[GOOD_CONCURRENCY];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = Thread.ofVirtual().start(() -> {
                for (int i; (i = next.getAndIncrement()) < n;) {
                    String path = prefix + "/" + i;
                    try {
                        Http3ClientResponse r = good.send(Http3ClientRequest.newBuilder(uri(path)).build());
                        byte[] body = r.bodyBytes();
                        if (r.statusCode() == 200
                                && new String(body, StandardCharsets.UTF_8).equals("good " + path)) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(new AssertionError(path + ": " + r.statusCode()));
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.add(e);
                    }
                }
            });
        }
        for (Thread t : workers) {
            t.join();
        }
        assertThat(failures).as("the good client's failures").isEmpty();
        return ok.get();
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + server.localAddress().getPort() + path);
    }

    /**
     * Asserts that the server closed the abuser's connection with {@code error}.
     *
     * @param a the abuser
     * @param error the expected code
     * @return the close reason, for further checks
     * @throws Exception if the connection does not close
     */
    static QuicCloseReason assertClosedWith(Abuser a, Http3Error error) throws Exception {
        QuicCloseReason r = a.connection.closeFuture().get(60, TimeUnit.SECONDS);
        System.out.println("abuser closed: " + r);
        assertThat(r.initiator()).as(r::toString).isEqualTo(QuicCloseReason.Initiator.PEER);
        assertThat(r.application()).as(r::toString).isTrue();
        assertThat(r.errorCode()).as(r::toString).isEqualTo(error.code());
        return r;
    }

    /**
     * The whole of a one-abuser attack test: warms up and reads the heap, runs {@code attack} on a fresh abuser while
     * the good client sends its requests ({@link #underGoodTraffic}), then checks the heap came back
     * ({@link #assertHeapReturned}).
     *
     * @param attack the attack
     * @throws Exception the attack's failure, the good traffic's, or the heap's growth
     */
    void attack(WithAbuser attack) throws Exception {
        long before = warmUpAndMeasure();
        underGoodTraffic(() -> {
            try (Abuser a = abuser()) {
                attack.run(a);
            }
        });
        assertHeapReturned(before);
    }

    /**
     * Closes the abusers, lets the server drop their state, reads the retained heap and asserts it is within 10% of
     * {@code before}.
     *
     * @param before the reading of {@link #warmUpAndMeasure()}
     * @throws Exception if interrupted
     */
    void assertHeapReturned(long before) throws Exception {
        for (Abuser a : abusers) {
            a.close();
        }
        abusers.clear();
        // The server keeps a closed connection's state while it drains (RFC 9000 §10.2: three PTOs, longer on a
        // loaded machine), so the heap is read again, a bounded number of times, until that state is gone.
        long after = RetainedHeap.measure();
        for (int i = 0; i < SETTLE_READINGS && RetainedHeap.growth(before, after) >= 0.10; i++) {
            System.out.println("retained heap still " + RetainedHeap.describe(after) + ", reading again");
            Thread.sleep(1000);
            after = RetainedHeap.measure();
        }
        double growth = RetainedHeap.growth(before, after);
        System.out.printf("retained heap: before %s, after %s, growth %.1f%%%n", RetainedHeap.describe(before),
                RetainedHeap.describe(after), growth * 100);
        assertThat(growth).as("retained heap growth after the attack").isLessThan(0.10);
    }

    @Override
    public void close() {
        for (Abuser a : abusers) {
            a.close();
        }
        good.close();
        server.close();
    }
}
