package io.quic4j.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.quic4j.transport.QuicServerStats;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers a meter for each figure of {@link QuicServerStats} (DESIGN.md §5, §7), all reading one
 * {@link StatsCache}: function counters for what only grows, gauges for what holds now. Names are listed in
 * {@link QuicServerMetrics}.
 *
 * <pre>{@code
 * MeterSet meters = TransportMeters.bind(registry, Tags.of("server", "edge"), server::stats, Duration.ofSeconds(1));
 * }</pre>
 */
final class TransportMeters {
    static final String PREFIX = "quic4j.quic.";

    private TransportMeters() {
    }

    /**
     * @param registry where the meters go
     * @param tags the tags every meter carries
     * @param source fetches the figures ({@code QuicServer.stats()}); throws {@link IllegalStateException} on a loop
     * @param maxAge how long one snapshot serves every meter
     * @return the meters registered, to remove them
     */
    static MeterSet bind(MeterRegistry registry, Iterable<Tag> tags, Supplier<QuicServerStats> source,
            Duration maxAge) {
        Tags fixed = Tags.of(Objects.requireNonNull(tags, "tags")); // fixed once: every meter iterates them
        StatsCache cache = new StatsCache(source, maxAge);
        MeterSet meters = new MeterSet(registry);
        register(meters, fixed, cache);
        return meters;
    }

    /**
     * @param meters where the meters are registered and remembered
     * @param tags the tags every meter carries
     * @param cache the shared snapshot; the gauges hold it strongly, so it lives as long as they are registered
     */
    private static void register(MeterSet meters, Iterable<Tag> tags, StatsCache cache) {
        gauge(meters, tags, cache, "connections.open", null,
                "Connections the QUIC server keeps state for: handshaking, established or closing",
                QuicServerStats::connectionsOpen);
        gauge(meters, tags, cache, "handshakes.in.progress", null,
                "Connections whose handshake has not completed (the handshake backlog in use)",
                QuicServerStats::handshakesInProgress);
        gauge(meters, tags, cache, "buffered", BaseUnits.BYTES,
                "What the connections' stream, CRYPTO and DATAGRAM buffers cost the heap now",
                QuicServerStats::bufferedBytes);
        gauge(meters, tags, cache, "buffer.ceiling", BaseUnits.BYTES,
                "The ceiling on the buffered bytes (QuicConfig.bufferCeiling)", QuicServerStats::bufferCeiling);
        gauge(meters, tags, cache, "memory.pressure", null,
                "1 while an event loop is under memory pressure (flow-control credit held back), else 0",
                s -> s.underMemoryPressure() ? 1 : 0);

        counter(meters, tags, cache, "connections.accepted", null,
                "Connections whose handshake completed, handed to the application",
                QuicServerStats::connectionsAccepted);
        refused(meters, tags, cache, "shutting_down", QuicServerStats::refusedShuttingDown);
        refused(meters, tags, cache, "connection_limit", QuicServerStats::refusedConnectionLimit);
        refused(meters, tags, cache, "handshake_backlog", QuicServerStats::refusedHandshakeBacklog);
        refused(meters, tags, cache, "memory", QuicServerStats::refusedMemory);
        refused(meters, tags, cache, "rate_limit", QuicServerStats::refusedRateLimit);
        refused(meters, tags, cache, "invalid_token", QuicServerStats::refusedInvalidToken);
        counter(meters, tags, cache, "refusals.unanswered", null,
                "Refusals whose CONNECTION_CLOSE was not sent (over QuicConfig.refusalsPerSecond)",
                QuicServerStats::refusalsUnanswered);
        counter(meters, tags, cache, "handshakes.rate.limited", null,
                "Initials over their address prefix's handshake rate (answered with Retry or refused)",
                QuicServerStats::handshakesRateLimited);
        counter(meters, tags, cache, "retries.sent", null, "Retry packets sent (RFC 9000 §8.1.2)",
                QuicServerStats::retriesSent);
        counter(meters, tags, cache, "stateless.answers.suppressed", null,
                "Version Negotiation, Retry and stateless reset answers not sent (over"
                        + " QuicConfig.statelessAnswersPerSecond)",
                QuicServerStats::statelessAnswersSuppressed);
        counter(meters, tags, cache, "datagrams.dropped", null,
                "Datagrams dropped without reaching a connection: malformed, too small, unknown, over a limit",
                QuicServerStats::datagramsDropped);
        counter(meters, tags, cache, "connections.shed", null,
                "Open connections closed (INTERNAL_ERROR) because buffers passed the ceiling",
                QuicServerStats::connectionsShed);
    }

    private static void refused(MeterSet meters, Iterable<Tag> tags, StatsCache cache, String reason,
            ToDoubleFunction<QuicServerStats> f) {
        meters.add(FunctionCounter.builder(PREFIX + "connections.refused", cache, c -> c.read(f))
                .description("New connections refused (CONNECTION_CLOSE with CONNECTION_REFUSED, RFC 9000 §5.2.2,"
                        + " or INVALID_TOKEN), by reason")
                .tags(tags).tag("reason", reason).register(meters.registry()));
    }

    private static void counter(MeterSet meters, Iterable<Tag> tags, StatsCache cache, String name, String unit,
            String description, ToDoubleFunction<QuicServerStats> f) {
        meters.add(FunctionCounter.builder(PREFIX + name, cache, c -> c.read(f)).description(description)
                .baseUnit(unit).tags(tags).register(meters.registry()));
    }

    private static void gauge(MeterSet meters, Iterable<Tag> tags, StatsCache cache, String name, String unit,
            String description, ToDoubleFunction<QuicServerStats> f) {
        // strongly held: the function counters above only hold the cache weakly, as Micrometer does
        meters.add(Gauge.builder(PREFIX + name, cache, c -> c.read(f)).description(description).baseUnit(unit)
                .tags(tags).strongReference(true).register(meters.registry()));
    }
}
