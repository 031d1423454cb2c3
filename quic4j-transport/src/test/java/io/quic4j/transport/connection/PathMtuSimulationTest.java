package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.RunResult;
import io.quic4j.testkit.SeededTest;
import io.quic4j.testkit.Simulator;
import io.quic4j.transport.pmtu.PmtuSearch;
import io.quic4j.transport.pmtu.PmtuState;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery (DPLPMTUD, RFC 9000 §14.3, RFC 8899) through the deterministic simulator, with a path MTU
 * enforced in front of each peer ({@link SimPeer#pathMtu}: larger datagrams are dropped as they leave).
 */
class PathMtuSimulationTest {
    private static final ConnectionConfig UP_TO_1452 = SimulationTest.WIDE.toBuilder().maxDatagramSize(1452).build();
    private static final LinkConfig LINK = LinkConfig.rtt50ms50Mbps();

    private static SimulationTest.World world(long seed, ConnectionConfig client, ConnectionConfig server) {
        return new SimulationTest.World(seed, client, server, LINK, LINK);
    }

    private static PmtuSearch search(Connection c) {
        return c.state().pathMtu.search;
    }

    private static void transferCompletes(SimulationTest.World w, long bytes) {
        w.client.bytesToSend = bytes;
        RunResult r = w.runUntil(() -> w.server.finReceived, Duration.ofMinutes(5));
        assertThat(r.conditionMet()).as("transfer: %d of %d bytes; client %s", w.server.bytesReceived, bytes,
                w.client.connection.closeReason()).isTrue();
        assertThat(w.server.bytesReceived).isEqualTo(bytes);
        assertThat(w.server.corruption).isNull();
    }

    @SeededTest(seeds = 5)
    void settlesAtTheLargestProbeSizeThatFitsAPathMtuOf1400(long seed) {
        SimulationTest.World w = world(seed, UP_TO_1452, UP_TO_1452);
        w.client.pathMtu = 1400;
        w.server.pathMtu = 1400;
        RunResult r = w.runUntil(() -> w.handshakeDone()
                && search(w.client.connection).state() == PmtuState.SEARCH_COMPLETE
                && search(w.server.connection).state() == PmtuState.SEARCH_COMPLETE, Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        long bytes = 3_000_000;
        transferCompletes(w, bytes);
        int size = w.client.connection.stats().maxDatagramSize();
        // The binary search stops within MIN_STEP of the path's limit (PmtuSearchTest shows 1389 for 1400).
        assertThat(size).isLessThanOrEqualTo(1400).isGreaterThan(1400 - PmtuSearch.MIN_STEP);
        assertThat(search(w.client.connection).state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        // Probes of 1452, 1420 and 1404 bytes died at the MTU, MAX_PROBES each; nothing else did.
        assertThat(w.client.mtuDropped).isEqualTo(3L * PmtuSearch.MAX_PROBES);
        assertThat(search(w.client.connection).probesLost()).isEqualTo(3L * PmtuSearch.MAX_PROBES);
        // Most of the data went in datagrams of the size found.
        assertThat(w.client.sentSizes.getOrDefault(size, 0L)).isGreaterThan(bytes / size / 2);
        assertThat(w.client.sentSizes.lastKey()).isLessThanOrEqualTo(1400);
        // The server, which sends little but ACKs, searched too.
        assertThat(w.server.connection.stats().maxDatagramSize()).isEqualTo(size);
    }

    @SeededTest(seeds = 3)
    void fallsBackTo1200WhenThePathShrinksDuringATransferAndStillCompletes(long seed) {
        SimulationTest.World w = world(seed, UP_TO_1452, UP_TO_1452);
        long bytes = 6_000_000;
        w.client.bytesToSend = bytes;
        RunResult r = w.runUntil(() -> w.client.connection.stats().maxDatagramSize() == 1452
                && w.server.bytesReceived > 1_000_000, Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        assertThat(w.client.sentSizes.getOrDefault(1452, 0L)).isPositive();
        // A route change: the path now carries only 1300 bytes in each direction (RFC 8899 §4.3, a black hole).
        w.client.pathMtu = 1300;
        w.server.pathMtu = 1300;
        long droppedBefore = w.client.mtuDropped;
        transferCompletes(w, bytes);
        PmtuSearch search = search(w.client.connection);
        assertThat(search.blackHoles()).isPositive();
        assertThat(w.client.mtuDropped).isGreaterThan(droppedBefore);
        // After the fall back to 1200 a new search found what the new path carries.
        assertThat(w.client.connection.stats().maxDatagramSize()).isLessThanOrEqualTo(1300)
                .isGreaterThanOrEqualTo(1200);
        assertThat(w.client.connection.isOpen()).isTrue();
    }

    @Test
    void lostProbesDoNotShrinkTheCongestionWindow() {
        // RFC 9000 §14.4: probe loss "SHOULD NOT trigger a congestion control reaction".
        SimulationTest.World w = world(7, UP_TO_1452, UP_TO_1452);
        w.client.pathMtu = 1300;
        w.server.pathMtu = 1300;
        w.client.bytesToSend = 20_000;
        RunResult r = w.runUntil(() -> w.server.finReceived
                && search(w.client.connection).state() == PmtuState.SEARCH_COMPLETE, Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        Connection c = w.client.connection;
        assertThat(search(c).probesLost()).isGreaterThanOrEqualTo(3L * PmtuSearch.MAX_PROBES);
        assertThat(c.stats().packetsLost()).isEqualTo(search(c).probesLost());
        // No congestion event ever: slow start threshold still infinite, window not below the initial one.
        assertThat(c.state().recovery.cc.slowStartThreshold()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.stats().congestionWindow()).isGreaterThanOrEqualTo(14_720);
        assertThat(c.stats().maxDatagramSize()).isLessThanOrEqualTo(1300).isGreaterThan(1300 - PmtuSearch.MIN_STEP);
    }

    @Test
    void thePeersMaxUdpPayloadSizeCapsTheSearch() {
        // RFC 9000 §18.2 max_udp_payload_size: the peer accepts at most 1300 bytes, though we could send 1452
        // and the path carries anything.
        ConnectionConfig server = UP_TO_1452.toBuilder().maxUdpPayloadSize(1300).build();
        SimulationTest.World w = world(3, UP_TO_1452, server);
        transferCompletes(w, 1_000_000);
        Connection c = w.client.connection;
        assertThat(c.stats().maxDatagramSize()).isEqualTo(1300);
        assertThat(search(c).maxPlpmtu()).isEqualTo(1300);
        assertThat(search(c).probesLost()).isZero();
        assertThat(w.client.sentSizes.lastKey()).isEqualTo(1300);
        // The server is not capped by the client, which accepts the default 65527.
        assertThat(w.server.connection.stats().maxDatagramSize()).isEqualTo(1452);
    }

    @Test
    void aNewPathStartsAgainFrom1200AndSearchesThere() {
        // RFC 9000 §14.2: each pair of addresses has its own maximum datagram size; §9.4: a new path starts over.
        SimulationTest.World w = world(13, UP_TO_1452, UP_TO_1452);
        w.client.bytesToSend = 4_000_000;
        RunResult r = w.runUntil(() -> w.handshakeDone() && w.client.connection.stats().maxDatagramSize() == 1452
                && w.server.connection.stats().maxDatagramSize() == 1452, Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        InetSocketAddress next = Simulator.address("10.0.1.7", 50000);
        InetSocketAddress old = w.client.self;
        w.sim.addAddress(w.clientNode, next);
        w.client.connection.migrate(next, w.sim.now());
        w.client.self = next;
        w.sim.removeAddress(w.clientNode, old);
        assertThat(w.client.connection.stats().maxDatagramSize()).isEqualTo(1200);
        assertThat(search(w.client.connection).state()).isEqualTo(PmtuState.BASE);
        // The new path carries only 1350 bytes.
        w.client.pathMtu = 1350;
        w.server.pathMtu = 1350;
        w.sim.wake(w.clientNode);
        r = w.runUntil(() -> w.server.connection.state().path.migrations() == 1
                && search(w.client.connection).state() == PmtuState.SEARCH_COMPLETE
                && search(w.server.connection).state() == PmtuState.SEARCH_COMPLETE, Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        assertThat(w.client.connection.stats().maxDatagramSize()).isLessThanOrEqualTo(1350)
                .isGreaterThan(1350 - PmtuSearch.MIN_STEP);
        assertThat(w.server.connection.stats().maxDatagramSize()).isLessThanOrEqualTo(1350)
                .isGreaterThan(1350 - PmtuSearch.MIN_STEP);
        transferCompletes(w, 4_000_000);
    }

    @Test
    void withTheDefaultMaximumNothingIsProbed() {
        SimulationTest.World w = world(5, SimulationTest.WIDE, SimulationTest.WIDE);
        transferCompletes(w, 500_000);
        Connection c = w.client.connection;
        assertThat(c.stats().maxDatagramSize()).isEqualTo(1200);
        assertThat(search(c).probesSent()).isZero();
        assertThat(search(c).state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        assertThat(w.client.sentSizes.lastKey()).isLessThanOrEqualTo(1200);
    }

    @Test
    void datagramsStayAt1200UntilTheHandshakeIsConfirmed() {
        // RFC 9000 §14.3.1: DPLPMTUD starts when the handshake is done; before, nothing above 1200 bytes.
        SimulationTest.World w = world(9, UP_TO_1452, UP_TO_1452);
        transferCompletes(w, 200_000);
        assertThat(w.client.sentSizes.lastKey()).isEqualTo(1452);
        assertThat(w.server.sentSizes.lastKey()).isEqualTo(1452);
        assertThat(w.client.largeBeforeConfirmation).isZero();
        assertThat(w.server.largeBeforeConfirmation).isZero();
    }
}
