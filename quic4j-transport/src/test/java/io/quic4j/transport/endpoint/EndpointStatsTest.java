package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Simulator;
import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The endpoint says what it is doing (DESIGN.md §7, issue 8): every refusal is counted under its reason, and
 * Retry, rate limiting, suppressed answers, accepted and open connections show in {@link ServerEndpoint#stats()};
 * refusals and rate limiting are summarized in the log at most once per 10 seconds.
 */
class EndpointStatsTest {

    private static EndpointAttackWorld world(EndpointLimits limits, int maxConnections, int backlog,
            boolean retryUnderLoad) {
        return new EndpointAttackWorld(11, limits, maxConnections, backlog, retryUnderLoad,
                ConnectionConfig.DEFAULTS);
    }

    private static boolean refusedWith(Connection c) {
        return c.closeReason().map(r -> r.errorCode() == TransportError.CONNECTION_REFUSED.code()).orElse(false);
    }

    @Test
    void countsAcceptedAndOpenConnectionsAndRefusalsAtTheConnectionLimit() {
        EndpointAttackWorld w = world(EndpointLimits.NONE, 1, 1, false);
        w.connectGood();
        Connection other = w.addClient(Simulator.address("10.9.0.1", 7000), 70);
        w.advance(1_000_000);

        QuicServerStats s = w.server.stats();
        assertThat(refusedWith(other)).isTrue();
        assertThat(s.connectionsAccepted()).isEqualTo(1);
        assertThat(s.connectionsOpen()).isEqualTo(1);
        assertThat(s.handshakesInProgress()).isZero();
        assertThat(s.refusedConnectionLimit()).isPositive();
        assertThat(s.refused()).isEqualTo(s.refusedConnectionLimit());
        assertThat(s.bufferCeiling()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.underMemoryPressure()).isFalse();
    }

    @Test
    void countsRefusalsWhileShuttingDown() {
        EndpointAttackWorld w = world(EndpointLimits.NONE, 10, 10, false);
        w.server.stopAccepting();
        w.pump();
        assertThat(refusedWith(w.good)).isTrue();
        QuicServerStats s = w.server.stats();
        assertThat(s.refusedShuttingDown()).isPositive();
        assertThat(s.refused()).isEqualTo(s.refusedShuttingDown());
        assertThat(s.connectionsAccepted()).isZero();
    }

    @Test
    void countsRefusalsAtTheHandshakeBacklog() {
        EndpointAttackWorld w = world(EndpointLimits.NONE, 10, 1, false);
        // Both first flights arrive before either handshake completes: the second finds the backlog full.
        Connection other = w.addClient(Simulator.address("10.9.0.1", 7000), 70);
        w.pump();
        assertThat(refusedWith(other)).isTrue();
        assertThat(w.server.stats().refusedHandshakeBacklog()).isPositive();
    }

    @Test
    void countsRefusalsForMemory() {
        // A ceiling of one byte admits nobody (7/8 of it is 0 bytes).
        EndpointAttackWorld w = world(EndpointLimits.NONE.withBufferCeiling(1), 10, 10, false);
        w.pump();
        assertThat(refusedWith(w.good)).isTrue();
        QuicServerStats s = w.server.stats();
        assertThat(s.refusedMemory()).isPositive();
        assertThat(s.bufferCeiling()).isEqualTo(1);
    }

    @Test
    void countsRefusalsOverTheHandshakeRateOfAProvenAddress() {
        // One handshake per prefix, never refilled; no Retry, so the second from the same /24 is refused.
        EndpointAttackWorld w = world(EndpointLimits.NONE.withHandshakeRate(1e-9, 1), 10, 10, false);
        w.connectGood();
        Connection sameSubnet = w.addClient(Simulator.address("10.0.0.7", 7000), 71);
        w.advance(1_000_000);
        assertThat(refusedWith(sameSubnet)).isTrue();
        QuicServerStats s = w.server.stats();
        assertThat(s.refusedRateLimit()).isPositive();
        assertThat(s.handshakesRateLimited()).isGreaterThanOrEqualTo(s.refusedRateLimit());
    }

    @Test
    void countsRetriesSentUnderLoad() {
        // Retry under load from half the backlog: with one handshake in progress and a backlog of 2, the next
        // unproven client is sent a Retry; it comes back with the token and is served.
        EndpointAttackWorld w = world(EndpointLimits.NONE, 10, 2, true);
        Connection other = w.addClient(Simulator.address("10.9.0.1", 7000), 70);
        for (int i = 0; i < 100 && !(w.good.isHandshakeConfirmed() && other.isHandshakeConfirmed()); i++) {
            w.advance(1_000_000);
        }
        QuicServerStats s = w.server.stats();
        assertThat(s.retriesSent()).isPositive();
        assertThat(s.connectionsAccepted()).isEqualTo(2);
        assertThat(s.refused()).isZero();
    }

    @Test
    void countsStatelessAnswersSuppressedByTheirRateAndDatagramsDropped() {
        EndpointAttackWorld w = world(EndpointLimits.NONE.withStatelessRates(10, 10), 10, 10, false);
        w.connectGood();
        // Short-header packets for connection IDs nobody has: each would earn a stateless reset.
        int cidLength = w.config.connection().connectionIdLength();
        for (int i = 0; i < 200; i++) {
            ByteBuffer junk = ByteBuffer.allocate(100);
            junk.put((byte) 0x40);
            for (int j = 0; j < cidLength; j++) {
                junk.put((byte) (i + j * 7));
            }
            junk.position(100).flip();
            w.server.receive(junk, Simulator.address("192.0.2.9", 1000 + i), w.now);
        }
        QuicServerStats s = w.server.stats();
        assertThat(s.statelessAnswersSuppressed()).isPositive();
        assertThat(s.datagramsDropped()).isGreaterThanOrEqualTo(s.statelessAnswersSuppressed());
    }

    @Test
    void summarizesRefusalsInTheLogAtMostOncePerTenSeconds() {
        EndpointAttackWorld w = world(EndpointLimits.NONE, 10, 10, false);
        w.server.stopAccepting();
        for (int i = 0; i < 20; i++) {
            w.addClient(Simulator.address("10.9." + i + ".1", 7000), 100 + i);
        }
        w.pump();
        assertThat(w.server.stats().refusedShuttingDown()).isGreaterThanOrEqualTo(21);
        assertThat(w.server.logSummaries()).as("the first refusal is logged at once, the rest wait").isEqualTo(1);

        w.now += EndpointLog.SUMMARY_INTERVAL_NANOS - 1;
        w.addClient(Simulator.address("10.8.0.1", 7000), 200);
        w.pump();
        assertThat(w.server.logSummaries()).isEqualTo(1);

        w.now += 1;
        w.addClient(Simulator.address("10.8.1.1", 7000), 201);
        w.pump();
        assertThat(w.server.logSummaries()).isEqualTo(2);
    }

    @Test
    void statsOfSeveralLoopsAddUp() {
        QuicServerStats a = new QuicServerStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 100, false);
        QuicServerStats b = new QuicServerStats(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, Long.MAX_VALUE,
                true);
        QuicServerStats sum = a.plus(b);
        assertThat(sum).isEqualTo(new QuicServerStats(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                Long.MAX_VALUE, true));
        assertThat(a.refused()).isEqualTo(4 + 5 + 6 + 7 + 8 + 9);
    }
}
