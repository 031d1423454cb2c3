/**
 * HTTP/3 (RFC 9114) and QPACK (RFC 9204) on the quic4j transport. {@code io.quic4j.http3} is the API, {@code io.quic4j.http3.adapter} runs
 * {@code com.sun.net.httpserver} handlers over it.
 */
// "http3" is the protocol's name; javac's lint against terminal digits in module names does not apply.
@SuppressWarnings("module")
module io.quic4j.http3 {
    requires transitive io.quic4j.transport;
    // The adapter runs com.sun.net.httpserver handlers over HTTP/3; its API names their types.
    requires transitive jdk.httpserver;
    // JFR events for the circuit breaker's transitions (DESIGN.md §7).
    requires jdk.jfr;

    exports io.quic4j.http3;
    exports io.quic4j.http3.adapter;
}
