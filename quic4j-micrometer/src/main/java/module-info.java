/**
 * The optional Micrometer bridge of quic4j (DESIGN.md §7, §10): {@link io.quic4j.micrometer.Http3ServerMetrics},
 * {@link io.quic4j.micrometer.QuicServerMetrics} and {@link io.quic4j.micrometer.CircuitBreakerMetrics} register
 * the HTTP/3 server's circuit breaker and the QUIC endpoint's protection counters as Micrometer meters.
 */
// Micrometer 1.x ships automatic modules (Automatic-Module-Name micrometer.core), and its types are in this
// module's API (MeterRegistry, Tag), hence "requires transitive" of an automatic module.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.quic4j.micrometer {
    requires transitive io.quic4j.http3;
    requires transitive micrometer.core;

    exports io.quic4j.micrometer;
}
