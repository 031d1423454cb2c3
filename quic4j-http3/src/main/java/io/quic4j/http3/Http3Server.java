package io.quic4j.http3;

import io.quic4j.http3.overload.Admission;
import io.quic4j.http3.overload.SharedBreaker;
import io.quic4j.http3.server.ServerConnection;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/3 server (RFC 9114): a {@link QuicServer} whose connections speak HTTP/3, each request served by an
 * {@link Http3Handler} on its own virtual thread. Thread-safe.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
 *         .certificate(Path.of("cert.pem"), Path.of("key.pem")).build();
 * Http3Server server = Http3Server.bind(new InetSocketAddress(4433), Http3ServerConfig.defaults(), tls,
 *         (request, response) -> response.send(200, "text/plain", "hello\n".getBytes(StandardCharsets.UTF_8)));
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(10)).join()));
 * }</pre>
 */
public final class Http3Server implements AutoCloseable {
    private static final String H3 = "h3";

    private final QuicServer quic;
    private final Http3ServerConfig config;
    private final Http3Handler handler;
    private final SharedBreaker breaker;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CompletableFuture<Void>> shutdown = new AtomicReference<>();
    private volatile boolean shuttingDown;

    private Http3Server(QuicServer quic, Http3ServerConfig config, Http3Handler handler) {
        this.quic = quic;
        this.config = config;
        this.handler = handler;
        this.breaker = SharedBreaker.start(config.circuitBreaker());
        // DESIGN.md §5: while not HEALTHY, every connection gets reduced stream credit.
        breaker.addListener(t -> {
            for (ServerConnection sc : connections) {
                limitStreams(sc.connection(), t.to());
            }
        });
    }

    /**
     * Binds a server and starts accepting connections.
     *
     * @param address where to listen; port 0 picks a free port ({@link #localAddress()} tells which)
     * @param config HTTP/3 and transport settings
     * @param tls TLS settings: a certificate, and ALPN offering {@code "h3"}
     * @param handler serves each request
     * @return the running server
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if {@code tls} does not offer ALPN "h3" or has no certificate
     */
    public static Http3Server bind(InetSocketAddress address, Http3ServerConfig config, TlsConfig tls,
            Http3Handler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(handler, "handler");
        if (!tls.applicationProtocols().contains(H3)) {
            throw new IllegalArgumentException("the TlsConfig offers ALPN " + tls.applicationProtocols()
                    + ", not \"h3\": HTTP/3 needs it (RFC 9114 §3.1); build it with applicationProtocols(\"h3\")");
        }
        // A request stream's credit returns only when its handle is closed, which happens once its handler has
        // returned: a client resetting requests cannot start handlers faster than they finish (RFC 9000 §4.6).
        QuicConfig quic = config.quicConfig().toBuilder().streamCreditOnClose(true).build();
        Http3Server server = new Http3Server(QuicServer.bind(address, quic, tls), config, handler);
        server.acceptNext();
        return server;
    }

    private void acceptNext() {
        quic.accept().whenComplete((c, f) -> {
            if (f != null) {
                return; // the server is closing
            }
            serve(c);
            acceptNext();
        });
    }

    private void serve(QuicConnection c) {
        if (!H3.equals(c.applicationProtocol())) {
            // RFC 9114 §3.1: only h3 is spoken here; another protocol the TlsConfig offered has no handler.
            c.close(Http3Error.H3_GENERAL_PROTOCOL_ERROR.code(), "only h3 is served");
            return;
        }
        ServerConnection sc = ServerConnection.start(c, config, handler, breaker);
        connections.add(sc);
        // after joining the set: a transition from now on reaches it, and one before is read here
        if (breaker.state() != CircuitBreakerState.HEALTHY) {
            limitStreams(c, breaker.state());
        }
        c.closeFuture().whenComplete((r, f) -> connections.remove(sc));
        if (shuttingDown) {
            sc.shutdown();
        }
    }

    /**
     * The reset-rate circuit breaker all of this server's connections share (DESIGN.md §5): its state and numbers,
     * listeners for its transitions, and the operator's reset. Configured with
     * {@link Http3ServerConfig#circuitBreaker()}.
     *
     * <pre>{@code
     * server.circuitBreaker().addListener(t -> log.warn("{} -> {}: {}", t.from(), t.to(), t.reason()));
     * if (server.circuitBreaker().state() == CircuitBreakerState.BLOCKED) {
     *     server.circuitBreaker().reset("on-call: upstream filter installed").join();
     * }
     * }</pre>
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /**
     * What the QUIC endpoint under this server is doing to protect itself: connections open and refused by reason,
     * handshakes rate-limited, Retry packets, connections shed for memory, buffered bytes against the ceiling
     * (DESIGN.md §5, §7). Blocks briefly while each event loop reports; not for a handler on a loop thread.
     *
     * <pre>{@code
     * QuicServerStats s = server.transportStats();
     * System.out.println(s.connectionsOpen() + " open, " + s.refused() + " refused, shed " + s.connectionsShed());
     * }</pre>
     *
     * @return the endpoint's counters, summed over its event loops
     * @see QuicServer#stats()
     */
    public QuicServerStats transportStats() {
        return quic.stats();
    }

    private void limitStreams(QuicConnection c, CircuitBreakerState state) {
        if (!config.circuitBreaker().enabled()) {
            return;
        }
        long live = state == CircuitBreakerState.HEALTHY
                ? config.maxConcurrentRequests()
                : Admission.reducedStreams(config.circuitBreaker(), config.maxConcurrentRequests());
        c.limitIncomingBidirectionalStreams(live).exceptionally(f -> null); // a closed connection needs none
    }

    /** @return the bound address, with the actual port */
    public InetSocketAddress localAddress() {
        return quic.localAddress();
    }

    /**
     * Shuts down gracefully (DESIGN.md §4, RFC 9114 §5.2): no new connections are accepted; each connection gets a
     * GOAWAY naming the first request it has not accepted, so a client retries later requests elsewhere (requests
     * that raced past the GOAWAY are reset with H3_REQUEST_REJECTED); requests in flight run to their end, and each
     * connection is closed with H3_NO_ERROR once it has none, or shortly before the grace runs out; then the
     * sockets close. Idempotent and thread-safe: every call returns the same future, whatever grace it passes.
     *
     * @param grace how long requests in flight may take
     * @return completes when every connection has closed and the sockets are closed
     */
    public CompletableFuture<Void> shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!shutdown.compareAndSet(null, mine)) {
            return shutdown.get();
        }
        shuttingDown = true;
        for (ServerConnection sc : connections) {
            sc.shutdown();
        }
        // Connections still busy near the end of the grace are closed by the transport, with H3_NO_ERROR too.
        quic.closeGracefully(grace, Http3Error.H3_NO_ERROR.code(), "shutdown grace is over").whenComplete((v, f) -> {
            breaker.close();
            if (f != null) {
                mine.completeExceptionally(f);
            } else {
                mine.complete(null);
            }
        });
        return mine;
    }

    /** Closes at once: every connection ends, requests in flight fail. Waits until the sockets are closed. */
    @Override
    public void close() {
        shuttingDown = true;
        quic.close();
        breaker.close();
    }

    @Override
    public String toString() {
        return "Http3Server[" + localAddress() + "]";
    }
}
