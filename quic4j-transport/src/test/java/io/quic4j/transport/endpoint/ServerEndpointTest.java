package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.ByteCounter;
import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.RunResult;
import io.quic4j.testkit.SeededTest;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server endpoint through the simulator: routing, accepting, Version Negotiation, Retry, resets. */
class ServerEndpointTest {
    static final ConnectionConfig DEFAULTS = ConnectionConfig.DEFAULTS;

    @SeededTest(seeds = 10)
    void handshakeCompletesThroughTheEndpointUnderLoss(long seed) {
        EndpointWorld w = new EndpointWorld(seed, DEFAULTS, DEFAULTS, false, LinkConfig.lossy(0.1));
        RunResult r = w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(60));
        assertThat(r.conditionMet()).isTrue();
        Connection accepted = w.server.endpoint.pollAccepted();
        assertThat(accepted).isNotNull();
        assertThat(w.server.endpoint.pollAccepted()).as("one connection for all the client's Initials").isNull();
    }

    @SeededTest(seeds = 10)
    void retryPathCompletesWithTheRetryConnectionIdsAuthenticated(long seed) {
        EndpointWorld w = new EndpointWorld(seed, DEFAULTS, DEFAULTS, true, LinkConfig.lossy(0.1));
        ByteCounter bytes = new ByteCounter();
        w.sim.addTraceListener(bytes);
        RunResult r = w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(60));
        assertThat(r.conditionMet()).isTrue();
        // RFC 9000 §7.3: the client checked retry_source_connection_id against the Retry it acted on.
        assertThat(w.client.endpoint.connection().peerParameters().orElseThrow().retrySourceConnectionId())
                .isPresent();
    }

    @Test
    void newTokenFromOneConnectionLetsTheNextSkipTheRetry() {
        EndpointWorld w = new EndpointWorld(7, DEFAULTS, DEFAULTS, true, LinkConfig.lossy(0));
        assertThat(w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(10)).conditionMet()).isTrue();
        w.sim.runFor(Duration.ofMillis(200));
        ByteBuffer token = null;
        for (ConnectionEvent e; (e = w.client.endpoint.connection().pollEvent()) != null;) {
            if (e instanceof ConnectionEvent.NewTokenReceived t) {
                token = t.token();
            }
        }
        assertThat(token).as("NEW_TOKEN after the handshake (RFC 9000 §8.1.3)").isNotNull();
        assertThat(w.client.endpoint.connection().peerParameters().orElseThrow().retrySourceConnectionId())
                .as("the first connection went through a Retry").isPresent();

        w.client.endpoint = ClientEndpoint.connect(DEFAULTS, EndpointWorld.clientTls(), "localhost",
                EndpointWorld.SERVER, EndpointWorld.seeded(70), w.sim.now(), token);
        w.sim.wake(w.clientNode);
        Connection second = w.client.endpoint.connection();
        assertThat(w.sim.runUntil(second::isHandshakeConfirmed, Duration.ofSeconds(10)).conditionMet()).isTrue();
        assertThat(second.peerParameters().orElseThrow().retrySourceConnectionId())
                .as("the token validated the address: no Retry").isEmpty();
    }

    @Test
    void aRetryTokenForAnotherAddressClosesWithInvalidToken() {
        EndpointWorld w = new EndpointWorld(8, DEFAULTS, DEFAULTS, true, LinkConfig.lossy(0));
        ByteBuffer stolen = w.serverConfig.tokens().mintRetryToken(
                new java.net.InetSocketAddress("10.9.9.9", 1234), ConnectionId.ofHex("0102030405060708"),
                ConnectionId.ofHex("1112131415161718"), 1_700_000_000_000L, new java.util.Random(1));
        w.client.endpoint = ClientEndpoint.connect(DEFAULTS, EndpointWorld.clientTls(), "localhost",
                EndpointWorld.SERVER, EndpointWorld.seeded(80), w.sim.now(), stolen);
        w.sim.wake(w.clientNode);
        Connection c = w.client.endpoint.connection();
        w.sim.runUntil(() -> !c.isOpen(), Duration.ofSeconds(10));
        CloseReason r = c.closeReason().orElseThrow();
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
        assertThat(r.errorCode()).isEqualTo(io.quic4j.transport.TransportError.INVALID_TOKEN.code());
        assertThat(w.server.endpoint.pollAccepted()).as("never handed to the application").isNull();
    }

    @Test
    void everyServerConnectionIdComesFromTheConfiguredGenerator() {
        EndpointWorld w = new EndpointWorld(9, DEFAULTS, DEFAULTS, true, LinkConfig.lossy(0));
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        io.quic4j.transport.cid.ConnectionIdGenerator loop7 = new io.quic4j.transport.cid.ConnectionIdGenerator() {
            @Override
            public int length() {
                return 8;
            }

            @Override
            public ConnectionId generate() {
                int n = counter.incrementAndGet();
                return ConnectionId.of(new byte[]{7, 0, 0, 0, 0, 0, 0, (byte) n});
            }
        };
        ServerEndpointConfig c = w.serverConfig;
        w.server.endpoint = new ServerEndpoint(new ServerEndpointConfig(c.connection(), c.tls(), c.retry(), c.tokens(),
                c.resetTokens(), c.maxConnections(), c.wallClockMillis(), loop7), EndpointWorld.seeded(10));
        assertThat(w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(10)).conditionMet()).isTrue();
        w.sim.runFor(Duration.ofMillis(100));
        Connection server = w.server.endpoint.connections().getFirst();
        assertThat(server.localConnectionId().toBytes()[0]).isEqualTo((byte) 7);
        // The Retry's ID, the handshake ID and the NEW_CONNECTION_ID ones: all minted by the generator.
        assertThat(counter.get()).isGreaterThanOrEqualTo(1 + 1 + 3);
    }

    @Test
    void aCorruptedInitialWithARetryTokenIsDroppedNotAnsweredWithInvalidToken() {
        EndpointWorld w = new EndpointWorld(11, DEFAULTS, DEFAULTS, true, LinkConfig.lossy(0));
        ServerEndpoint server = w.server.endpoint;
        Connection client = w.client.endpoint.connection();
        ByteBuffer out = ByteBuffer.allocate(1500);
        // Client Initial -> Retry -> client Initial with the token.
        client.send(out.clear(), 0);
        server.receive(out.flip(), EndpointWorld.CLIENT, 0);
        while (client.send(out.clear(), 0) != null) {
            server.receive(out.flip(), EndpointWorld.CLIENT, 0);
        }
        assertThat(server.send(out.clear(), 0)).isNotNull();
        client.receive(out.flip(), EndpointWorld.SERVER, 1);
        while (server.send(out.clear(), 1) != null) {
            // One Retry per client datagram: the client acts on the first only.
        }
        java.util.List<ByteBuffer> withToken = new java.util.ArrayList<>();
        while (client.send(out.clear(), 1) != null) {
            ByteBuffer copy = ByteBuffer.allocate(out.position());
            withToken.add(copy.put(out.flip()).flip());
        }
        ByteBuffer corrupted = ByteBuffer.allocate(withToken.getFirst().remaining());
        corrupted.put(withToken.getFirst().duplicate()).flip();
        // A bit flip inside the token (it starts after the 25-odd header bytes): the token no longer opens.
        corrupted.put(32, (byte) (corrupted.get(32) ^ 0x10));
        server.receive(corrupted, EndpointWorld.CLIENT, 2);
        assertThat(server.send(out.clear(), 2)).as("no INVALID_TOKEN close for a corrupted packet").isNull();
        assertThat(server.connections()).isEmpty();
        for (ByteBuffer d : withToken) {
            server.receive(d, EndpointWorld.CLIENT, 3);
        }
        assertThat(server.connections()).hasSize(1);
        assertThat(server.connections().getFirst().isOpen()).isTrue();
    }

    @Test
    void unknownVersionGetsVersionNegotiationAndTheClientSwitches() {
        ConnectionConfig client = ConnectionConfig.builder().versions(List.of(QuicVersion.V1, QuicVersion.V2)).build();
        ConnectionConfig server = ConnectionConfig.builder().versions(List.of(QuicVersion.V2)).build();
        EndpointWorld w = new EndpointWorld(1, client, server, false, LinkConfig.lossy(0));
        RunResult r = w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(10));
        assertThat(r.conditionMet()).isTrue();
        assertThat(w.client.endpoint.connection().version()).isEqualTo(QuicVersion.V2);
    }

    @Test
    void v2HandshakeWithRetry() {
        ConnectionConfig v2 = ConnectionConfig.builder().versions(List.of(QuicVersion.V2)).build();
        EndpointWorld w = new EndpointWorld(2, v2, v2, true, LinkConfig.lossy(0));
        assertThat(w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(10)).conditionMet()).isTrue();
        assertThat(w.server.endpoint.connections().getFirst().version()).isEqualTo(QuicVersion.V2);
    }

    @Test
    void restartedServerAnswersWithAStatelessResetAndTheClientDrains() {
        EndpointWorld w = new EndpointWorld(3, DEFAULTS, DEFAULTS, false, LinkConfig.lossy(0));
        assertThat(w.sim.runUntil(w::handshakeConfirmed, Duration.ofSeconds(10)).conditionMet()).isTrue();
        // The server loses its state but keeps its reset key (RFC 9000 §10.3.2).
        w.server.endpoint = new ServerEndpoint(w.serverConfig, EndpointWorld.seeded(99));
        Connection c = w.client.endpoint.connection();
        long id = c.openBidirectionalStream();
        c.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}), true);
        w.sim.wake(w.clientNode);
        w.sim.runUntil(c::isClosed, Duration.ofSeconds(30));
        assertThat(c.closeReason().orElseThrow().kind()).isEqualTo(CloseReason.Kind.STATELESS_RESET);
    }

    @Test
    void initialInADatagramShorterThan1200BytesIsDropped() {
        EndpointWorld w = new EndpointWorld(4, DEFAULTS, DEFAULTS, false, LinkConfig.lossy(0));
        ByteBuffer first = ByteBuffer.allocate(1500);
        Connection client = Connection.client(DEFAULTS, EndpointWorld.clientTls(), "localhost", EndpointWorld.SERVER,
                EndpointWorld.seeded(5), 0);
        client.send(first, 0);
        first.flip().limit(1000);
        w.server.endpoint.receive(first, EndpointWorld.CLIENT, 0);
        assertThat(w.server.endpoint.connections()).isEmpty();
        assertThat(w.server.endpoint.datagramsDropped()).isEqualTo(1);
    }

    static ConnectionId id(int a, int b, int last) {
        return ConnectionId.of(new byte[]{(byte) a, (byte) b, 0, 0, 0, 0, 0, (byte) last});
    }

    @Test
    void connectionTableRoutesManyIdsAndForgetsAClosedConnection() {
        ConnectionTable t = new ConnectionTable(1, 2);
        EndpointWorld w = new EndpointWorld(6, DEFAULTS, DEFAULTS, false, LinkConfig.lossy(0));
        Connection a = w.client.endpoint.connection();
        for (int i = 0; i < 10_000; i++) {
            t.put(id(i >> 8, i, 0), a);
        }
        assertThat(t.get(id(3, 7, 0))).isSameAs(a);
        assertThat(t.get(id(99, 99, 1))).isNull();
        t.removeAll(a);
        assertThat(t.get(id(3, 7, 0))).isNull();
        assertThat(t.size()).isZero();
    }
}
