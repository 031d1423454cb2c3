package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Simulator;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.token.AddressValidationTokens;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of connections opened and closed at random, some of them between two sends of one flush (mid-round):
 * the endpoint's live count, its stats, the handshake backlog in use, the memory ledger and what it reports to
 * its observer stay consistent, and everything is forgotten once all have ended.
 */
class EndpointChurnTest {
    private static final InetSocketAddress SERVER = Simulator.address("10.0.0.2", 4433);
    private static final int STEPS = 100;
    private static final int NEW_PER_STEP = 20;
    private static final int MAX_OPEN = 100;
    private static final long STEP = 100_000_000L;

    private final Set<Connection> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Connection> removed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private ServerEndpoint server;
    private long now = 1_000_000_000L;
    private int sends;

    private final ServerEndpoint.Observer observer = new ServerEndpoint.Observer() {
        @Override
        public void activity(Connection c) {
            if (removed.contains(c)) {
                throw new AssertionError("activity reported after removal");
            }
            seen.add(c);
        }

        @Override
        public void removed(Connection c) {
            assertThat(removed.add(c)).as("removed twice").isTrue();
        }
    };

    @Test
    void thousandsOfConnectionsOpenedAndClosedKeepTheCountsConsistent() {
        SecureRandom keys = EndpointWorld.seeded(41);
        byte[] tokenKey = new byte[AddressValidationTokens.KEY_LENGTH];
        keys.nextBytes(tokenKey);
        ServerEndpointConfig config = new ServerEndpointConfig(ConnectionConfig.DEFAULTS, EndpointWorld.serverTls(),
                false, new AddressValidationTokens(tokenKey), StatelessResetTokens.generate(keys), 100_000,
                n -> 1_700_000_000_000L + n / 1_000_000);
        server = new ServerEndpoint(config, EndpointWorld.seeded(42), observer);
        // X25519 alone: a one-datagram ClientHello and less key work per connection, which is not what is tested.
        TlsEngineConfig clientTls = EndpointWorld.clientTls().toBuilder().groups(List.of(NamedGroup.X25519)).build();
        Random r = new Random(43);
        int clients = 0;
        for (int step = 0; step < STEPS; step++) {
            for (int i = 0; i < NEW_PER_STEP; i++, clients++) {
                Connection client = Connection.client(ConnectionConfig.DEFAULTS, clientTls, "localhost", SERVER,
                        EndpointWorld.seeded(1_000L + clients), now);
                InetSocketAddress from = Simulator.address("10." + (clients >> 16 & 0xff) + "."
                        + (clients >> 8 & 0xff) + "." + (clients & 0xff), 40_000);
                for (int d = 0; d < 4 && client.send(out.clear(), now) != null; d++) {
                    server.receive(out.flip(), from, now);
                }
            }
            assertThat(seen).as("every client Initial made one connection").hasSize(clients);
            // Half a flush, then closes (mid-round), then the rest of the flush.
            flush(r.nextInt(2 * NEW_PER_STEP));
            closeSome(r);
            flush(Integer.MAX_VALUE);
            check();
            now += STEP;
            server.onTimeout(now);
            flush(Integer.MAX_VALUE);
            check();
        }
        // Everything left ends: closed by us, or its handshake times out (nobody answers the server).
        for (Connection c : server.connections()) {
            c.close(0, "", now);
            server.afterCommand(c, now);
        }
        for (int i = 0; i < 1_000 && !server.connections().isEmpty(); i++) {
            flush(Integer.MAX_VALUE);
            now += STEP;
            server.onTimeout(now);
            check();
        }
        assertThat(clients).isEqualTo(STEPS * NEW_PER_STEP);
        assertThat(server.connections()).isEmpty();
        assertThat(removed).hasSize(clients).isEqualTo(seen);
        assertThat(server.stats().connectionsOpen()).isZero();
        assertThat(server.handshakesInProgress()).isZero();
        assertThat(server.memory().used()).isZero();
        assertThat(sends).isPositive();
    }

    /** Closes open connections at random, and the oldest beyond {@link #MAX_OPEN}. */
    private void closeSome(Random r) {
        List<Connection> live = server.connections();
        int open = 0;
        for (Connection c : live) {
            if (c.isOpen() && (r.nextInt(4) == 0 || ++open > MAX_OPEN)) {
                c.close(r.nextInt(16), "churn", now);
                server.afterCommand(c, now);
            }
        }
    }

    /** At most {@code max} datagrams; a full flush must end well before a million. */
    private void flush(int max) {
        int bound = Math.min(max, 1_000_000);
        for (int i = 0; i < bound; i++) {
            if (server.send(out.clear(), now) == null) {
                return;
            }
            sends++;
        }
        assertThat(max).as("a flush ends").isLessThan(1_000_000);
    }

    private void check() {
        List<Connection> live = server.connections();
        Set<Connection> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(live);
        assertThat(distinct).as("no connection twice").hasSameSizeAs(live);
        assertThat(server.stats().connectionsOpen()).isEqualTo(live.size());
        assertThat(live.size() + removed.size()).as("live + removed = created").isEqualTo(seen.size());
        assertThat(server.handshakesInProgress()).isBetween(0, live.size());
        for (Connection c : live) {
            if (c.isClosed() || removed.contains(c)) {
                throw new AssertionError("a live connection is closed or was removed");
            }
        }
    }
}
