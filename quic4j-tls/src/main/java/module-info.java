/**
 * TLS 1.3 handshake engine for QUIC (RFC 8446, RFC 9001 §4). Only {@code io.quic4j.tls} is API; the
 * message codecs, state machines, key schedule and certificate handling are internal sub-packages.
 */
module io.quic4j.tls {
    exports io.quic4j.tls;
}
