package io.quic4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.quic4j.http3.Http3Server;
import java.time.Duration;
import java.util.Objects;

/**
 * An {@link Http3Server}'s overload metrics (DESIGN.md §5, §7) in Micrometer, until {@link #close()} removes them:
 * its circuit breaker's state, numbers and transitions (the meters of {@link CircuitBreakerMetrics},
 * {@code quic4j.http3.breaker.*}) and its QUIC endpoint's protection counters from
 * {@link Http3Server#transportStats()} (the meters of {@link QuicServerMetrics}, {@code quic4j.quic.*}, read from
 * one shared snapshot reused for {@link QuicServerMetrics#DEFAULT_STATS_MAX_AGE} or the time given to
 * {@code bind}).
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Http3Server server = Http3Server.bind(new InetSocketAddress(443), Http3ServerConfig.defaults(), tls, handler);
 * Http3ServerMetrics metrics = Http3ServerMetrics.bind(server, prometheus, Tag.of("server", "www"));
 * // scrape prometheus.scrape() from a handler (handlers run on virtual threads, so the scrape may wait for the
 * // event loops there): quic4j_http3_breaker_state{server="www",state="blocked"} 0.0, ...
 * ...
 * metrics.close(); // the meters are gone from the registry
 * server.close();
 * }</pre>
 *
 * <p>Bind a server once per registry, or give each binding distinct tags: Micrometer returns the existing meter
 * for the same name and tags, so closing one of two identical bindings would remove the other's meters.
 */
public final class Http3ServerMetrics implements AutoCloseable {
    private final CircuitBreakerMetrics breaker;
    private final MeterSet transport;

    private Http3ServerMetrics(CircuitBreakerMetrics breaker, MeterSet transport) {
        this.breaker = breaker;
        this.transport = transport;
    }

    /**
     * Registers the server's meters, the transport's read from a snapshot at most
     * {@link QuicServerMetrics#DEFAULT_STATS_MAX_AGE} old.
     *
     * @param server the server
     * @param registry where the meters go
     * @param tags tags every meter carries, for example which server this is
     * @return the binding; {@link #close()} removes the meters and the breaker listener
     */
    public static Http3ServerMetrics bind(Http3Server server, MeterRegistry registry, Tag... tags) {
        return bind(server, registry, QuicServerMetrics.DEFAULT_STATS_MAX_AGE, Tags.of(tags));
    }

    /**
     * As {@link #bind(Http3Server, MeterRegistry, Tag...)}, with the tags as {@link Tags} or any iterable.
     *
     * @param server the server
     * @param registry where the meters go
     * @param tags tags every meter carries
     * @return the binding; {@link #close()} removes the meters
     */
    public static Http3ServerMetrics bind(Http3Server server, MeterRegistry registry, Iterable<Tag> tags) {
        return bind(server, registry, QuicServerMetrics.DEFAULT_STATS_MAX_AGE, tags);
    }

    /**
     * Registers the server's meters.
     *
     * @param server the server
     * @param registry where the meters go
     * @param statsMaxAge how long one transport stats snapshot is reused by all the {@code quic4j.quic.*} meters;
     *     zero asks the event loops on every meter read
     * @param tags tags every meter carries
     * @return the binding; {@link #close()} removes the meters and the breaker listener
     * @throws IllegalArgumentException if {@code statsMaxAge} is negative
     */
    public static Http3ServerMetrics bind(Http3Server server, MeterRegistry registry, Duration statsMaxAge,
            Iterable<Tag> tags) {
        Objects.requireNonNull(server, "server");
        MeterSet transport = TransportMeters.bind(registry, tags, server::transportStats, statsMaxAge);
        try {
            return new Http3ServerMetrics(CircuitBreakerMetrics.bind(server.circuitBreaker(), registry, tags),
                    transport);
        } catch (RuntimeException e) {
            transport.close(); // leave nothing registered behind a failed bind
            throw e;
        }
    }

    /** Stops listening to the breaker and removes this binding's meters; idempotent. The server is left running. */
    @Override
    public void close() {
        breaker.close();
        transport.close();
    }
}
