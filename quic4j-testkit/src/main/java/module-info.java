/**
 * Test kit for quic4j: a deterministic network simulator for sans-I/O endpoints and a JUnit 5 runner for
 * seeded scenarios, a lossy UDP proxy, and launchers for real peers
 * ({@code io.quic4j.testkit.peer}). Only those two packages are API; the event queue and link machinery are internal.
 */
module io.quic4j.testkit {
    requires transitive org.junit.jupiter.api;
    // Chromium's DevTools client: results are Jackson trees, sent over java.net.http's WebSocket.
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;
    requires java.management; // RetainedHeap

    exports io.quic4j.testkit;
    exports io.quic4j.testkit.peer;
}
