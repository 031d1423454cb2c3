package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.testkit.Simulator;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "memory accounting for buffered data with a global ceiling" (see {@code transport.memory}): clients
 * that arrive one after another and each fill their whole connection window with data the server's application
 * never reads cannot make the server hold more than its ceiling. New connections are refused with
 * CONNECTION_REFUSED once 7/8 of it is in use, and past it the connection holding the most is closed with
 * INTERNAL_ERROR; the well-behaved client, holding little, completes its 1,000 exchanges meanwhile.
 */
class EndpointMemoryCeilingTest {
    private static final long WINDOW = 1L << 20;
    /** What a receive page of 4 KiB is counted as: its bytes, its arrival bitmap, ~128 bytes of objects. */
    private static final long PAGE = 4096 + 512 + 128;
    /** What one abuser's full window is counted as: whole pages. */
    private static final long PER_ABUSER = WINDOW / 4096 * PAGE;
    /**
     * Between 5/0.875 and 6 abusers' worth: five fill it below the admission level (7/8), so a sixth is admitted,
     * and six pass the ceiling, so one is shed.
     */
    private static final long CEILING = PER_ABUSER * 585 / 100;
    private static final int ABUSERS = 24;
    /**
     * What one datagram can add: the ledger is checked after every datagram, and its STREAM frames may each start
     * a new page (this test's clients send contiguous data: a few pages at most).
     */
    private static final long ONE_DATAGRAM = 4 * PAGE;

    private static final ConnectionConfig SERVER = ConnectionConfig.DEFAULTS.toBuilder().initialMaxData(WINDOW)
            .initialMaxStreamData(WINDOW / 4).build();

    /** Writes as much as flow control lets it on 8 streams, forever. */
    private static void abuse(Connection c, ByteBuffer chunk) {
        if (!c.isHandshakeComplete() || !c.isOpen()) {
            return;
        }
        for (long id = 0; id < 8 * 4; id += 4) {
            if (c.stats().openStreams() * 4 <= id) {
                if (c.openBidirectionalStream() < 0) {
                    return;
                }
            }
            while (c.write(id, chunk.clear(), false) > 0) {
                // until flow control (or the send buffer) stops it
            }
        }
    }

    private static List<Connection> round(EndpointAttackWorld w, int abusers, int firstPrefix, int exchanges) {
        List<Connection> list = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (int ms = 0; list.size() < abusers || !w.exchange(4, exchanges) || !settled(w, list); ms++) {
            assertThat(ms).as("stalled").isLessThan(120_000);
            assertThat(w.failure).isNull();
            if (ms % 20 == 0 && list.size() < abusers) {
                int i = list.size();
                list.add(w.addClient(Simulator.address("10." + (firstPrefix + i) + ".0.1", 5000 + i), 7_000 + i));
            }
            for (Connection a : list) {
                abuse(a, chunk);
            }
            w.advance(1_000_000);
            assertThat(w.server.memory().peakHeld()).isLessThanOrEqualTo(CEILING + ONE_DATAGRAM);
        }
        return list;
    }

    /** Every abuser is either refused, shed, or holding all the data its window allows. */
    private static boolean settled(EndpointAttackWorld w, List<Connection> abusers) {
        for (Connection a : abusers) {
            if (a.isOpen() && (!a.isHandshakeConfirmed() || a.stats().bytesInFlight() > 0)) {
                return false;
            }
        }
        return true;
    }

    private static void tearDown(EndpointAttackWorld w, List<Connection> abusers) {
        for (Connection a : abusers) {
            a.close(0, "bye", w.now);
        }
        w.pump();
        for (int i = 0; i < 50; i++) {
            w.advance(100_000_000);
        }
        w.clients.values().removeAll(abusers);
    }

    @Test
    void connectionsHoldingUnreadDataCannotPushTheServerPastItsCeiling() throws InterruptedException {
        EndpointLimits limits = EndpointLimits.NONE.withBufferCeiling(CEILING);
        EndpointAttackWorld w = new EndpointAttackWorld(5, limits, 1_000, 100, false, SERVER);
        w.connectGood();
        tearDown(w, round(w, 8, 20, 20));
        assertThat(w.server.connections()).containsExactly(w.serverConnectionOfGood());
        int exchangesBefore = w.exchangesCompleted;
        long shedBefore = w.server.shedConnections();
        long before = RetainedHeap.measure();

        List<Connection> abusers = round(w, ABUSERS, 100, exchangesBefore + 1_000);
        long heldAtEnd = w.server.memory().used();
        int holding = 0;
        int shed = 0;
        int refused = 0;
        for (Connection a : abusers) {
            if (a.isOpen()) {
                holding++;
                continue;
            }
            CloseReason r = a.closeReason().orElseThrow();
            assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
            if (r.errorCode() == TransportError.INTERNAL_ERROR.code()) {
                shed++;
            } else {
                assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
                refused++;
            }
        }
        tearDown(w, abusers);
        // The abusers' own connections (their send buffers) are the attacker's memory, not the server's.
        abusers.clear();
        long after = RetainedHeap.measure();
        System.out.printf(Locale.ROOT,
                "EndpointMemoryCeiling: ceiling %d bytes; %d abusers (window %d each): %d holding, %d shed"
                        + " (INTERNAL_ERROR), %d refused (CONNECTION_REFUSED); held at most %d (open connections),"
                        + " %d with closing ones, %d at the end; %d exchanges; retained heap before %s, after %s"
                        + " (%+.1f%%)%n",
                CEILING, ABUSERS, WINDOW, holding, shed, refused, w.server.memory().peakHeld(),
                w.server.memory().peak(), heldAtEnd, w.exchangesCompleted - exchangesBefore,
                RetainedHeap.describe(before), RetainedHeap.describe(after), 100 * RetainedHeap.growth(before, after));

        assertThat(w.failure).isNull();
        assertThat(w.exchangesCompleted - exchangesBefore).isGreaterThanOrEqualTo(1_000);
        assertThat(w.good.isOpen()).isTrue();
        assertThat(w.server.memory().peakHeld()).isLessThanOrEqualTo(CEILING + ONE_DATAGRAM);
        assertThat(heldAtEnd).isLessThanOrEqualTo(CEILING);
        assertThat(shed).isPositive();
        assertThat(w.server.shedConnections() - shedBefore).isEqualTo(shed);
        assertThat(w.server.stats().connectionsShed() - shedBefore).isEqualTo(shed);
        assertThat(w.server.stats().refusedMemory()).as("refused for memory, not the connection limit").isPositive();
        assertThat(refused).isPositive();
        assertThat(holding + shed + refused).isEqualTo(ABUSERS);
        assertThat(w.server.memory().used()).as("released when they left").isLessThan(64 * 1024);
        assertThat(RetainedHeap.growth(before, after)).isLessThan(0.10);
    }
}
