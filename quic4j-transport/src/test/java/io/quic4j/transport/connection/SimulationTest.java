package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.ByteCounter;
import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.Node;
import io.quic4j.testkit.RunResult;
import io.quic4j.testkit.SeededTest;
import io.quic4j.testkit.Simulator;
import io.quic4j.transport.TransportError;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 4 acceptance scenarios through the deterministic network simulator (quic4j-testkit). */
class SimulationTest {
    static final InetSocketAddress CLIENT = Simulator.address("10.0.0.1", 50000);
    static final InetSocketAddress SERVER = Simulator.address("10.0.0.2", 4433);

    /** One client and one server over a pair of links. */
    static final class World {
        final Simulator sim;
        final SimPeer client;
        final SimPeer server;
        final Node clientNode;
        final Node serverNode;
        final ByteCounter bytes = new ByteCounter();

        World(long seed, ConnectionConfig clientConfig, ConnectionConfig serverConfig, LinkConfig up, LinkConfig down) {
            this(seed, clientConfig, serverConfig, up, down, false);
        }

        World(long seed, ConnectionConfig clientConfig, ConnectionConfig serverConfig, LinkConfig up, LinkConfig down,
                boolean retry) {
            sim = new Simulator(seed).maxTime(Duration.ofHours(2));
            client = SimPeer.client(CLIENT, SERVER, clientConfig, seed, sim.now());
            server = SimPeer.server(SERVER, serverConfig, seed, retry);
            clientNode = sim.addEndpoint("client", client, CLIENT);
            serverNode = sim.addEndpoint("server", server, SERVER);
            sim.connect(clientNode, serverNode, up, down);
            sim.addTraceListener(bytes);
        }

        World(long seed, LinkConfig up, LinkConfig down) {
            this(seed, ConnectionConfig.DEFAULTS, ConnectionConfig.DEFAULTS, up, down);
        }

        boolean handshakeDone() {
            return client.connection.isHandshakeConfirmed() && server.connection != null
                    && server.connection.isHandshakeConfirmed();
        }

        RunResult runUntil(java.util.function.BooleanSupplier condition, Duration limit) {
            RunResult r = sim.runUntil(condition, limit);
            assertThat(client.escaped).isNull();
            assertThat(server.escaped).isNull();
            return r;
        }
    }

    /**
     * At 30% loss a handshake can need more rounds of exponentially backed-off probes (RFC 9002 §6.2.1) than
     * the default 10 s handshake timeout allows (about 0.7% of seeds in a 3000-seed sweep), so those tests
     * give it 30 s; loss recovery itself is unchanged.
     */
    static final ConnectionConfig PATIENT = ConnectionConfig.builder().handshakeTimeout(Duration.ofSeconds(30))
            .maxIdleTimeout(Duration.ofSeconds(60)).build();

    static void assertHandshake(long seed, LinkConfig up, LinkConfig down) {
        assertHandshake(seed, ConnectionConfig.DEFAULTS, up, down);
    }

    static void assertHandshake(long seed, ConnectionConfig config, LinkConfig up, LinkConfig down) {
        World w = new World(seed, config, config, up, down);
        RunResult r = w.runUntil(w::handshakeDone, Duration.ofSeconds(90));
        assertThat(r.conditionMet()).as("handshake by %s: client %s, server %s", Duration.ofNanos(r.time()),
                w.client.connection.closeReason(),
                w.server.connection == null ? "none" : w.server.connection.closeReason())
                .isTrue();
    }

    @SeededTest(seeds = 10)
    void handshakeCompletesWithoutLoss(long seed) {
        assertHandshake(seed, LinkConfig.lossy(0), LinkConfig.lossy(0));
    }

    @SeededTest(seeds = 10)
    void handshakeCompletesUnderTenPercentLossEachDirection(long seed) {
        assertHandshake(seed, LinkConfig.lossy(0.1), LinkConfig.lossy(0.1));
    }

    @SeededTest(seeds = 10)
    void handshakeCompletesUnderThirtyPercentLossClientToServer(long seed) {
        assertHandshake(seed, PATIENT, LinkConfig.lossy(0.3), LinkConfig.lossy(0));
    }

    @SeededTest(seeds = 10)
    void handshakeCompletesUnderThirtyPercentLossServerToClient(long seed) {
        assertHandshake(seed, PATIENT, LinkConfig.lossy(0), LinkConfig.lossy(0.3));
    }

    @SeededTest(seeds = 10)
    void handshakeCompletesUnderThirtyPercentLossEachDirection(long seed) {
        assertHandshake(seed, PATIENT, LinkConfig.lossy(0.3), LinkConfig.lossy(0.3));
    }

    @SeededTest(seeds = 5)
    void handshakeCompletesAfterATwoSecondBlackholeOfTheServersFirstFlight(long seed) {
        LinkConfig down = LinkConfig.builder().delay(Duration.ofMillis(10))
                .blackhole(Duration.ZERO, Duration.ofSeconds(2)).build();
        World w = new World(seed, LinkConfig.lossy(0), down);
        RunResult r = w.runUntil(w::handshakeDone, Duration.ofSeconds(60));
        assertThat(r.conditionMet()).isTrue();
        assertThat(r.time()).isGreaterThan(Duration.ofSeconds(2).toNanos());
    }

    @SeededTest(seeds = 5)
    void unvalidatedServerNeverSendsMoreThanThreeTimesWhatItReceived(long seed) {
        // Every client datagram after the first is lost: the server can only probe, within 3x.
        LinkConfig up = LinkConfig.builder().delay(Duration.ofMillis(10))
                .blackhole(Duration.ofMillis(1), Duration.ofSeconds(100)).build();
        World w = new World(seed, up, LinkConfig.lossy(0));
        w.runUntil(() -> false, Duration.ofSeconds(20));
        long received = w.bytes.bytesDeliveredTo(SERVER);
        assertThat(received).isPositive();
        assertThat(w.bytes.bytesSentFrom(SERVER)).isLessThanOrEqualTo(3 * received).isPositive();
    }

    /** Flow-control windows above the 50 ms x 50 Mbit/s bandwidth-delay product (312 KB). */
    static final ConnectionConfig WIDE = ConnectionConfig.builder().initialMaxData(16 << 20)
            .initialMaxStreamData(8 << 20).build();

    static World transfer(long seed, long bytes, ConnectionConfig clientConfig, LinkConfig up, LinkConfig down,
            Duration limit) {
        World w = new World(seed, clientConfig, WIDE, up, down);
        w.client.bytesToSend = bytes;
        RunResult r = w.runUntil(() -> w.server.finReceived, limit);
        assertThat(r.conditionMet()).as("transfer by %s: %d of %d bytes; client %s", Duration.ofNanos(r.time()),
                w.server.bytesReceived, bytes, w.client.connection.closeReason()).isTrue();
        assertThat(w.server.bytesReceived).isEqualTo(bytes);
        assertThat(w.server.corruption).isNull();
        return w;
    }

    @Test
    void aSeedReplaysTheSameRunByteForByte() {
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            World w = randomWorld(42);
            io.quic4j.testkit.TraceHasher hasher = new io.quic4j.testkit.TraceHasher();
            w.sim.addTraceListener(hasher);
            w.runUntil(() -> w.server.finReceived, Duration.ofMinutes(1));
            hashes[i] = hasher.hash();
        }
        // DESIGN.md §2, §8: all randomness comes from the seed, TLS included, so a failing seed replays.
        assertThat(hashes[1]).isEqualTo(hashes[0]);
    }

    @Test
    void twentyMegabytesAtZeroLossWithinOneAndAHalfTimesTheIdealTime() {
        long bytes = 20_000_000;
        World w = transfer(1, bytes, WIDE, LinkConfig.rtt50ms50Mbps(),
                LinkConfig.rtt50ms50Mbps(), Duration.ofSeconds(60));
        // Ideal: bytes / bandwidth + 2 RTT (handshake and the last acknowledgment).
        double ideal = bytes * 8 / 50e6 + 2 * 0.050;
        double took = w.sim.now() / 1e9;
        assertThat(took).as("took %.2f s, ideal %.2f s", took, ideal).isLessThanOrEqualTo(1.5 * ideal);
    }

    @Test
    void twentyMegabytesAtFivePercentLossArriveIntact() {
        LinkConfig lossy = LinkConfig.rtt50ms50Mbps().toBuilder().lossRate(0.05).build();
        World w = transfer(2, 20_000_000, WIDE, lossy, lossy, Duration.ofMinutes(10));
        assertThat(w.client.connection.stats().packetsLost()).isPositive();
    }

    @Test
    void keyUpdateEveryThousandPacketsDuringATransferLosesNoData() {
        ConnectionConfig every1000 = WIDE.toBuilder().keyUpdateInterval(1000).build();
        LinkConfig link = LinkConfig.builder().delay(Duration.ofMillis(10)).bandwidth(100_000_000L).lossRate(0.01)
                .build();
        World w = transfer(3, 5_000_000, every1000, link, link, Duration.ofMinutes(5));
        assertThat(w.client.connection.stats().keyUpdates()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void idleTimeoutClosesBothSides() {
        ConnectionConfig c = ConnectionConfig.builder().maxIdleTimeout(Duration.ofSeconds(10)).build();
        World w = new World(4, c, c, LinkConfig.lossy(0), LinkConfig.lossy(0));
        w.runUntil(w::handshakeDone, Duration.ofSeconds(10));
        RunResult r = w.runUntil(() -> w.client.closed() && w.server.closed(), Duration.ofMinutes(1));
        assertThat(r.conditionMet()).isTrue();
        assertThat(w.client.connection.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.IDLE_TIMEOUT);
        assertThat(w.server.connection.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.IDLE_TIMEOUT);
    }

    @Test
    void keepAliveKeepsAnIdleConnectionUpForTenMinutes() {
        ConnectionConfig c = ConnectionConfig.builder().maxIdleTimeout(Duration.ofSeconds(30))
                .keepAlivePeriod(Duration.ofSeconds(10)).build();
        World w = new World(5, c, ConnectionConfig.DEFAULTS, LinkConfig.lossy(0.05), LinkConfig.lossy(0.05));
        w.runUntil(w::handshakeDone, Duration.ofSeconds(10));
        w.runUntil(() -> !w.client.connection.isOpen() || !w.server.connection.isOpen(), Duration.ofMinutes(10));
        assertThat(w.client.connection.isOpen()).isTrue();
        assertThat(w.server.connection.isOpen()).isTrue();
    }

    @SeededTest(seeds = 10)
    void transferSurvivesNatRebindingsOfTheClient(long seed) throws Exception {
        io.quic4j.testkit.NatConfig nat = new io.quic4j.testkit.NatConfig(
                java.net.InetAddress.getByName("192.0.2.1"), java.util.List.of(Duration.ofMillis(500),
                        Duration.ofMillis(1500)),
                Duration.ZERO, seed % 2 == 0);
        LinkConfig up = LinkConfig.builder().delay(Duration.ofMillis(10)).bandwidth(20_000_000L).nat(nat).build();
        LinkConfig down = LinkConfig.builder().delay(Duration.ofMillis(10)).bandwidth(20_000_000L).build();
        World w = transfer(seed, 5_000_000, WIDE, up, down, Duration.ofMinutes(2));
        // The server followed the client to its new address (RFC 9000 §9.3).
        assertThat(w.server.connection.peerAddress()).isEqualTo(w.sim.seenAddress(w.clientNode, CLIENT, w.serverNode))
                .isNotEqualTo(new java.net.InetSocketAddress(nat.publicAddress(), 40000));
    }

    /**
     * Random faults (loss, reordering, duplication, corruption, jitter, blackholes, bandwidth limits, NAT
     * rebinding of the client) on both links, with and without Retry, in v1 and v2, while up to 8 more streams
     * are opened, reset (cancelWrite), stopped (cancelRead) and abandoned (closeStream with unread data) at
     * random ({@link RandomStreamsApp}); invariants: every byte arrives intact, no stream leaks (both sides 0
     * open), stream credit is conserved (every stream retired exactly once on each side), nothing escapes
     * the connections, both ends end closed.
     */
    @SeededTest(seeds = 500)
    void randomFaultsKeepTheInvariants(long seed) {
        World w = randomWorld(seed);
        long bytes = w.client.bytesToSend;
        RandomStreamsApp clientStreams = (RandomStreamsApp) w.client.extra;
        RandomStreamsApp serverStreams = (RandomStreamsApp) w.server.extra;
        RunResult done = w.runUntil(() -> w.server.finReceived && w.client.finReceived && clientStreams.done()
                && serverStreams.done() && w.client.connection.stats().openStreams() == 0
                && w.server.connection.stats().openStreams() == 0, Duration.ofMinutes(5));
        assertThat(done.conditionMet()).as(
                "delivery: %d of %d bytes; streams done %s / %s, open %s / %s; client %s server %s",
                w.server.bytesReceived, bytes, clientStreams.done(), serverStreams.done(),
                w.client.connection.stats().openStreams(),
                w.server.connection == null ? "none" : w.server.connection.stats().openStreams(),
                w.client.connection.closeReason(),
                w.server.connection == null ? "none" : w.server.connection.closeReason()).isTrue();
        assertThat(w.server.bytesReceived).isEqualTo(bytes);
        assertThat(w.server.corruption).isNull();
        // No stream leaked and credit conserved (DESIGN.md §3): each stream, whatever was done to it, was
        // retired exactly once on each side (a double retirement would have thrown inside a connection).
        // The server may never hear of a stream reset before it was accepted; it still retires it.
        long streams = 1 + clientStreams.streams();
        assertThat(serverStreams.streams()).isLessThanOrEqualTo(clientStreams.streams());
        for (Connection c : new Connection[]{w.client.connection, w.server.connection}) {
            ConnectionStats st = c.stats();
            assertThat(st.openStreams()).as("%s open", c.role()).isZero();
            assertThat(st.halfClosedStreams()).as("%s half-closed", c.role()).isZero();
            assertThat(st.retiredStreams()).as("%s retired", c.role()).isEqualTo(streams);
        }
        w.server.connection.close(0, "done", w.sim.now());
        w.sim.wake(w.serverNode);
        // The server closes; both reach the closed state (closing/draining, or idle timeout if every close is lost).
        RunResult closed = w.runUntil(
                () -> w.client.closed() && w.server.closed() && w.server.endpointConnections() == 0,
                Duration.ofMinutes(5));
        assertThat(closed.conditionMet()).as("both closed: client %s server %s", w.client.connection.closeReason(),
                w.server.connection.closeReason()).isTrue();
        // Nothing pending: no timers, and the endpoint forgot every connection (even ones a corrupted Initial
        // made, which time out).
        assertThat(w.client.connection.nextTimeout()).isEqualTo(Long.MAX_VALUE);
        assertThat(w.server.connection.nextTimeout()).isEqualTo(Long.MAX_VALUE);
        assertThat(w.server.endpointConnections()).isZero();
        // No exception escaped into an INTERNAL_ERROR close on either side (Connection turns any bug a peer
        // provokes into one, so this is where it would show).
        for (Connection c : new Connection[]{w.client.connection, w.server.connection}) {
            CloseReason reason = c.closeReason().orElseThrow();
            assertThat(reason.application() || reason.errorCode() != TransportError.INTERNAL_ERROR.code())
                    .as("%s closed with %s", c.role(), reason).isTrue();
        }
    }

    static World randomWorld(long seed) {
        java.util.Random r = new java.util.Random(seed);
        // NAT rebinding only in front of the client: servers have stable addresses.
        LinkConfig up = randomLink(r, true);
        LinkConfig down = randomLink(r, false);
        // The patient handshake timeout: a blackhole plus unlucky probes can push a handshake past 10 s.
        // A quarter of the runs go through a Retry (RFC 9000 §8.1.2), and a quarter of the clients speak v2.
        boolean retry = r.nextInt(4) == 0;
        ConnectionConfig client = r.nextInt(4) == 0
                ? PATIENT.toBuilder().versions(java.util.List.of(io.quic4j.transport.wire.QuicVersion.V2,
                        io.quic4j.transport.wire.QuicVersion.V1)).build()
                : PATIENT;
        World w = new World(seed, client, PATIENT, up, down, retry);
        w.client.bytesToSend = 1 + r.nextInt(64 * 1024);
        // The server finishes the one stream once it has all the data, so it can be retired, and the test
        // closes the connection once every stream is.
        w.server.closeStreamWhenDone = true;
        int streams = r.nextInt(9);
        w.client.extra = new RandomStreamsApp(true, seed, streams);
        w.server.extra = new RandomStreamsApp(false, seed, 0);
        return w;
    }

    static LinkConfig randomLink(java.util.Random r, boolean nat) {
        LinkConfig.Builder b = LinkConfig.builder().delay(Duration.ofMillis(1 + r.nextInt(100)));
        if (r.nextBoolean()) {
            b.lossRate(r.nextDouble() * 0.2);
        }
        if (r.nextInt(4) == 0) {
            b.jitter(Duration.ofMillis(r.nextInt(30)), r.nextBoolean());
        }
        if (r.nextInt(4) == 0) {
            b.reorder(r.nextDouble() * 0.2, Duration.ofMillis(r.nextInt(50)));
        }
        if (r.nextInt(4) == 0) {
            b.duplicateRate(r.nextDouble() * 0.1);
        }
        if (r.nextInt(4) == 0) {
            b.corrupt(r.nextDouble() * 0.05, 1 + r.nextInt(3));
        }
        if (r.nextInt(5) == 0) {
            b.blackhole(Duration.ofMillis(r.nextInt(3000)), Duration.ofMillis(r.nextInt(3000)));
        }
        if (r.nextInt(3) == 0) {
            b.bandwidth(1_000_000L + r.nextInt(100_000_000));
        }
        if (nat && r.nextInt(4) == 0) {
            // Rebinding from 5 s on, after the handshake: a NAT that rebinds while a mid-handshake client is
            // silent (nothing in flight, its Handshake packets acknowledged, RFC 9002 §6.2.2.1) strands the
            // server's flight at the old address, and no conforming endpoint can recover from that; RFC 9000
            // §9 assumes stable addresses during the handshake. Real NATs rebind after idle periods.
            try {
                b.nat(new io.quic4j.testkit.NatConfig(java.net.InetAddress.getByName("192.0.2.7"),
                        java.util.List.of(Duration.ofMillis(5000 + r.nextInt(10_000))), Duration.ZERO,
                        r.nextBoolean()));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.build();
    }
}
