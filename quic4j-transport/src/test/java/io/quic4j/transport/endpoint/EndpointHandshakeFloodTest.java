package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.testkit.Simulator;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "per-source-address handshake rate limits, Retry under load": a prefix that opens handshakes faster
 * than its rate is refused with CONNECTION_REFUSED once Retry proved its address, a flood of genuine client
 * Initials from spoofed sources costs at most half the handshake backlog before every further one is answered
 * with a stateless Retry, and a well-behaved client of another prefix completes its 1,000 exchanges meanwhile.
 */
class EndpointHandshakeFloodTest {
    private static final int RATE = 20;
    private static final int BURST = 10;
    private static final int BACKLOG = 200;
    private static final int ABUSERS = 60;
    private static final int SPOOFED = 1_000;

    /** One attack: spoofed Initials from as many prefixes, then abusers from one prefix, all at once. */
    private record Round(List<ByteBuffer> spoofed, List<InetSocketAddress> spoofedFrom, List<Connection> abusers) {
    }

    private static Round prepare(EndpointAttackWorld w, int spoofed, int abusers, int prefix, int seed) {
        Round r = new Round(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < spoofed; i++) {
            Connection c = Connection.client(ConnectionConfig.DEFAULTS, EndpointWorld.clientTls(), "localhost",
                    EndpointAttackWorld.SERVER, EndpointWorld.seeded(seed * 100_000L + i), w.now);
            ByteBuffer d = ByteBuffer.allocate(1500);
            c.send(d, w.now);
            r.spoofed.add(d.flip());
            r.spoofedFrom.add(Simulator.address("10." + (100 + i / 256) + "." + (i % 256) + ".1", 4000 + i));
        }
        for (int i = 0; i < abusers; i++) {
            r.abusers.add(w.addClient(Simulator.address("10." + prefix + ".0." + (i + 1), 40_000 + i),
                    seed * 1_000L + i));
        }
        return r;
    }

    /** Runs a round to its end (every abuser established or refused) while the good client keeps exchanging. */
    private static void run(EndpointAttackWorld w, Round r, int exchanges) {
        for (int i = 0; i < r.spoofed.size(); i++) {
            w.server.receive(r.spoofed.get(i).duplicate(), r.spoofedFrom.get(i), w.now);
        }
        for (int ms = 0; !w.exchange(4, exchanges) || !settled(r.abusers); ms++) {
            assertThat(ms).as("stalled").isLessThan(60_000);
            assertThat(w.failure).isNull();
            w.advance(1_000_000);
        }
    }

    /** The abusers leave; the spoofed handshakes time out (nobody answers them). */
    private static void tearDown(EndpointAttackWorld w, Round r) {
        for (Connection a : r.abusers) {
            a.close(0, "bye", w.now);
        }
        w.pump(); // a loop flushes right after a command; the harness's timers come after
        for (int i = 0; i < 150; i++) {
            w.advance(100_000_000);
        }
        for (Connection a : r.abusers) {
            w.clients.values().remove(a);
        }
    }

    @Test
    void aPrefixOverItsRateIsRefusedAndSpoofedSourcesOnlyGetRetries() throws InterruptedException {
        EndpointLimits limits = EndpointLimits.NONE.withHandshakeRate(RATE, BURST).withStatelessRates(100_000,
                10_000);
        EndpointAttackWorld w = new EndpointAttackWorld(2, limits, 10_000, BACKLOG, true, ConnectionConfig.DEFAULTS);
        w.connectGood();
        // Warm-up: a smaller round through every path (Retry, rate limit, refusal, handshakes, time-outs).
        Round warmUp = prepare(w, BACKLOG / 2 + 50, BURST + 5, 67, 3);
        run(w, warmUp, 20);
        tearDown(w, warmUp);
        assertThat(w.server.connections()).containsExactly(w.serverConnectionOfGood());
        long retriesBefore = w.server.retriesSent();
        long limitedBefore = w.server.handshakesRateLimited();
        int exchangesBefore = w.exchangesCompleted;
        // The attacker's Initials are made before the first reading: they are not the server's memory.
        Round attack = prepare(w, SPOOFED, 0, 66, 4);
        long before = RetainedHeap.measure();

        long start = w.now;
        for (int i = 0; i < ABUSERS; i++) {
            attack.abusers.add(w.addClient(Simulator.address("10.66.0." + (i + 1), 40_000 + i), 500 + i));
        }
        for (int i = 0; i < SPOOFED; i++) {
            w.server.receive(attack.spoofed.get(i).duplicate(), attack.spoofedFrom.get(i), w.now);
        }
        int spoofedConnections = w.otherServerConnections().size();
        run(w, new Round(List.of(), List.of(), attack.abusers), exchangesBefore + 1_000);
        double seconds = (w.now - start) / 1e9;
        int established = 0;
        int refused = 0;
        for (Connection a : attack.abusers) {
            if (a.isOpen()) {
                established++;
            } else {
                CloseReason r = a.closeReason().orElseThrow();
                assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
                assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
                refused++;
            }
        }
        long retries = w.server.retriesSent() - retriesBefore;
        long limited = w.server.handshakesRateLimited() - limitedBefore;
        tearDown(w, attack);
        attack.abusers.clear();
        long after = RetainedHeap.measure();
        System.out.printf(Locale.ROOT,
                "EndpointHandshakeFlood: %d spoofed Initials made %d connections (backlog %d), %d Retries;"
                        + " %d abusers of one /24: %d established, %d refused (CONNECTION_REFUSED), %d rate-limited,"
                        + " in %.2f virtual s; %d exchanges; retained heap before %s, after %s (%+.1f%%)%n",
                SPOOFED, spoofedConnections, BACKLOG, retries, ABUSERS, established, refused, limited, seconds,
                w.exchangesCompleted - exchangesBefore, RetainedHeap.describe(before), RetainedHeap.describe(after),
                100 * RetainedHeap.growth(before, after));
        assertThat(attack.spoofed).hasSize(SPOOFED); // held until after the second reading, like the first

        assertThat(w.failure).isNull();
        assertThat(w.exchangesCompleted - exchangesBefore).isGreaterThanOrEqualTo(1_000);
        // Retry under load: spoofed sources hold at most half the backlog; the rest were answered statelessly.
        assertThat(spoofedConnections).isLessThanOrEqualTo(BACKLOG / 2);
        assertThat(retries).isGreaterThanOrEqualTo(SPOOFED - BACKLOG / 2);
        // The prefix's rate: its burst plus what refilled; every other abuser refused with CONNECTION_REFUSED.
        assertThat((double) established).isLessThanOrEqualTo(BURST + RATE * seconds + 1);
        assertThat(refused).isEqualTo(ABUSERS - established).isGreaterThan(0);
        assertThat(limited).isGreaterThanOrEqualTo(refused);
        assertThat(w.server.connections()).containsExactly(w.serverConnectionOfGood());
        assertThat(RetainedHeap.growth(before, after)).isLessThan(0.10);
    }

    private static boolean settled(List<Connection> clients) {
        for (Connection c : clients) {
            if (c.isOpen() && !c.isHandshakeConfirmed()) {
                return false;
            }
        }
        return true;
    }
}
