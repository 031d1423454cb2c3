/**
 * QUIC transport: wire codecs, packet protection, and (as they land) streams, recovery, congestion
 * control, the sans-I/O connection and the UDP engine. Only {@code io.quic4j.transport} is API.
 */
module io.quic4j.transport {
    requires transitive io.quic4j.tls;

    exports io.quic4j.transport;
}
