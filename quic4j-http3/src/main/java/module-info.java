/**
 * HTTP/3 (RFC 9114) and QPACK (RFC 9204) on the quic4j transport. Only {@code io.quic4j.http3} is API.
 */
// "http3" is the protocol's name; javac's lint against terminal digits in module names does not apply.
@SuppressWarnings("module")
module io.quic4j.http3 {
    requires transitive io.quic4j.transport;

    exports io.quic4j.http3;
}
