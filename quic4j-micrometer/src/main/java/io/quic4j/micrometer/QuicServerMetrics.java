package io.quic4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.quic4j.transport.QuicServer;
import io.quic4j.transport.QuicServerStats;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link QuicServer}'s protection counters ({@link QuicServerStats}, DESIGN.md §5, §7) as Micrometer meters, until
 * {@link #close()} removes them. For an {@link io.quic4j.http3.Http3Server} use {@link Http3ServerMetrics}, which
 * registers the same meters and the circuit breaker's.
 *
 * <p>The meters, each carrying the tags given to {@code bind}:
 * <ul>
 * <li>gauges: {@code quic4j.quic.connections.open}, {@code quic4j.quic.handshakes.in.progress},
 * {@code quic4j.quic.buffered} and {@code quic4j.quic.buffer.ceiling} (bytes; the ceiling is
 * {@link Long#MAX_VALUE} when there is none), {@code quic4j.quic.memory.pressure} (1 under pressure, else 0);</li>
 * <li>function counters: {@code quic4j.quic.connections.accepted}, {@code quic4j.quic.connections.refused} tagged
 * {@code reason} = {@code shutting_down}, {@code connection_limit}, {@code handshake_backlog}, {@code memory},
 * {@code rate_limit} or {@code invalid_token}, {@code quic4j.quic.refusals.unanswered},
 * {@code quic4j.quic.handshakes.rate.limited}, {@code quic4j.quic.retries.sent},
 * {@code quic4j.quic.stateless.answers.suppressed}, {@code quic4j.quic.datagrams.dropped},
 * {@code quic4j.quic.connections.shed}.</li>
 * </ul>
 *
 * <p>{@link QuicServer#stats()} asks every event loop, so all these meters read one shared snapshot, reused for
 * {@link #DEFAULT_STATS_MAX_AGE} (or the time given to {@code bind}): a scrape costs one round of posts to the
 * loops. A meter read on one of the server's event loop threads never waits (it gets the last snapshot), nor does
 * one read while another thread is already fetching; a meter read before any snapshot could be taken is NaN.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * try (QuicServer server = QuicServer.bind(new InetSocketAddress(4433), QuicConfig.defaults(), tls);
 *         QuicServerMetrics metrics = QuicServerMetrics.bind(server, registry, Tag.of("server", "echo"))) {
 *     ...
 *     double refused = registry.get("quic4j.quic.connections.refused").functionCounters().stream()
 *             .mapToDouble(FunctionCounter::count).sum();
 * }
 * }</pre>
 *
 * <p>Bind a server once per registry, or give each binding distinct tags: Micrometer returns the existing meter
 * for the same name and tags, so closing one of two identical bindings would remove the other's meters.
 */
public final class QuicServerMetrics implements AutoCloseable {
    /** How long one stats snapshot is reused by default: 1 s. */
    public static final Duration DEFAULT_STATS_MAX_AGE = Duration.ofSeconds(1);

    private final MeterSet meters;

    private QuicServerMetrics(MeterSet meters) {
        this.meters = meters;
    }

    /**
     * Registers the server's meters, reading a snapshot at most {@link #DEFAULT_STATS_MAX_AGE} old.
     *
     * @param server the server
     * @param registry where the meters go
     * @param tags tags every meter carries, for example which server this is
     * @return the binding; {@link #close()} removes the meters
     */
    public static QuicServerMetrics bind(QuicServer server, MeterRegistry registry, Tag... tags) {
        return bind(server, registry, DEFAULT_STATS_MAX_AGE, Tags.of(tags));
    }

    /**
     * As {@link #bind(QuicServer, MeterRegistry, Tag...)}, with the tags as {@link Tags} or any iterable.
     *
     * @param server the server
     * @param registry where the meters go
     * @param tags tags every meter carries
     * @return the binding; {@link #close()} removes the meters
     */
    public static QuicServerMetrics bind(QuicServer server, MeterRegistry registry, Iterable<Tag> tags) {
        return bind(server, registry, DEFAULT_STATS_MAX_AGE, tags);
    }

    /**
     * Registers the server's meters.
     *
     * @param server the server
     * @param registry where the meters go
     * @param statsMaxAge how long one stats snapshot is reused by all the meters; zero asks the event loops on every
     *     meter read
     * @param tags tags every meter carries
     * @return the binding; {@link #close()} removes the meters
     * @throws IllegalArgumentException if {@code statsMaxAge} is negative
     */
    public static QuicServerMetrics bind(QuicServer server, MeterRegistry registry, Duration statsMaxAge,
            Iterable<Tag> tags) {
        Objects.requireNonNull(server, "server");
        return new QuicServerMetrics(TransportMeters.bind(registry, tags, server::stats, statsMaxAge));
    }

    /** Removes this binding's meters from the registry; idempotent. The server is left running. */
    @Override
    public void close() {
        meters.close();
    }
}
