package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Simulator;
import io.quic4j.transport.connection.AbuseAccess;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.connection.DatagramConfig;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory back-pressure (RFC 9000 §4.2, {@code transport.memory}): while a loop's buffers are under pressure (from
 * 3/4 of its ceiling until below 5/8), the connections holding at least their fair share extend no flow-control
 * credit, the others carry on, and when the pressure ends the updates that came due are sent at once. And the
 * ledger counts what is really held: receive buffers in whole pages, and the DATAGRAM receive queue.
 */
class EndpointBackPressureTest {
    private static final long MIB = 1L << 20;
    private static final long CEILING = 8 * MIB;
    private static final long STREAM_WINDOW = MIB;
    private static final int STREAMS = 3;

    private static final ConnectionConfig SERVER = ConnectionConfig.DEFAULTS.toBuilder().initialMaxData(8 * MIB)
            .initialMaxStreamData(STREAM_WINDOW).build();

    private static final InetSocketAddress A = Simulator.address("10.1.0.1", 6001);
    private static final InetSocketAddress B = Simulator.address("10.2.0.1", 6002);

    /** Writes the whole stream window on {@code STREAMS} new streams and waits until all of it is acknowledged. */
    private static List<Long> fillWindows(EndpointAttackWorld w, Connection c) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            ids.add(c.openBidirectionalStream());
        }
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long[] written = new long[STREAMS];
        for (int ms = 0;; ms++) {
            assertThat(ms).as("stalled").isLessThan(20_000);
            boolean done = true;
            for (int i = 0; i < STREAMS; i++) {
                for (int n; written[i] < STREAM_WINDOW
                        && (n = c.write(ids.get(i), chunk.clear().limit((int) Math.min(chunk.capacity(),
                                STREAM_WINDOW - written[i])), false)) > 0;) {
                    written[i] += n;
                }
                done &= written[i] == STREAM_WINDOW;
            }
            if (done && c.stats().bytesInFlight() == 0) {
                return ids;
            }
            w.advance(1_000_000);
        }
    }

    private static Connection serverSideOf(EndpointAttackWorld w, InetSocketAddress peer) {
        for (Connection c : w.server.connections()) {
            if (c.peerAddress().equals(peer)) {
                return c;
            }
        }
        throw new AssertionError("no server connection for " + peer);
    }

    /** The server's application reads {@code n} bytes of a stream, and tells the endpoint. */
    private static void serverReads(EndpointAttackWorld w, Connection c, long id, long n) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        while (read < n) {
            int r = c.read(id, buf.clear().limit((int) Math.min(buf.capacity(), n - read)));
            assertThat(r).as("data to read").isPositive();
            read += r;
        }
        w.server.afterCommand(c, w.now);
        w.pump();
    }

    private static void exchanges(EndpointAttackWorld w, int total) {
        for (int ms = 0; !w.exchange(4, total); ms++) {
            assertThat(ms).as("exchanges stalled").isLessThan(20_000);
            assertThat(w.failure).isNull();
            w.advance(1_000_000);
        }
    }

    @Test
    void underPressureTheLargestHoldersGetNoMoreCreditOthersCarryOnAndCreditFlowsAgainAfterwards() {
        EndpointAttackWorld w = new EndpointAttackWorld(21, EndpointLimits.NONE.withBufferCeiling(CEILING), 100, 100,
                false, SERVER);
        w.connectGood();
        exchanges(w, 50);
        Connection a = w.addClient(A, 601);
        Connection b = w.addClient(B, 602);
        w.advance(1_000_000);
        List<Long> aStreams = fillWindows(w, a);
        fillWindows(w, b);
        Connection serverA = serverSideOf(w, A);
        Connection serverB = serverSideOf(w, B);

        // Two connections hold 6 MiB of unread data, more than 3/4 of the 8 MiB ceiling in pages.
        assertThat(w.server.memory().used()).isGreaterThanOrEqualTo(w.server.memory().pressureLimit());
        assertThat(w.server.isUnderPressure()).isTrue();
        assertThat(w.server.stats().underMemoryPressure()).isTrue();
        assertThat(serverA.isCreditHeld()).isTrue();
        assertThat(serverB.isCreditHeld()).isTrue();
        assertThat(w.serverConnectionOfGood().isCreditHeld()).as("holds little: its credit flows").isFalse();
        exchanges(w, 300);

        // The server reads 600 KiB of A's first stream: more than half its window, so a MAX_STREAM_DATA is due,
        // but the loop is still under pressure and A still holds its share: no credit goes out.
        long s0 = aStreams.get(0);
        serverReads(w, serverA, s0, 600 * 1024);
        assertThat(w.server.memory().used()).isGreaterThanOrEqualTo(w.server.memory().reliefLimit());
        assertThat(w.server.isUnderPressure()).isTrue();
        // A has 1 KiB more to send on that stream; the server reads the rest of the window: the extra KiB never
        // arrives, because A was granted nothing beyond its first window.
        assertThat(a.write(s0, ByteBuffer.allocate(1024), false)).isEqualTo(1024);
        for (int i = 0; i < 50; i++) {
            w.advance(1_000_000);
        }
        serverReads(w, serverA, s0, STREAM_WINDOW - 600 * 1024);
        for (int i = 0; i < 50; i++) {
            w.advance(1_000_000);
        }
        assertThat(w.server.isUnderPressure()).isTrue();
        assertThat(serverA.isCreditHeld()).isTrue();
        assertThat(serverA.read(s0, ByteBuffer.allocate(4096))).as("held: no credit for more").isZero();

        // Reading A's other streams brings the buffers below 5/8: the pressure ends, the update that came due goes
        // out, and A's extra KiB arrives.
        serverReads(w, serverA, aStreams.get(1), STREAM_WINDOW);
        serverReads(w, serverA, aStreams.get(2), STREAM_WINDOW);
        assertThat(w.server.memory().used()).isLessThan(w.server.memory().reliefLimit());
        assertThat(w.server.isUnderPressure()).isFalse();
        assertThat(serverA.isCreditHeld()).isFalse();
        assertThat(serverB.isCreditHeld()).isFalse();
        for (int i = 0; i < 50; i++) {
            w.advance(1_000_000);
        }
        assertThat(serverA.read(s0, ByteBuffer.allocate(4096))).as("credit flows again").isEqualTo(1024);
        assertThat(w.server.creditHolds()).isGreaterThanOrEqualTo(2);
        assertThat(w.server.shedConnections()).isZero();
        assertThat(w.failure).isNull();
    }

    @Test
    void fragmentedStreamDataIsCountedByThePagesItHolds() {
        EndpointAttackWorld w = new EndpointAttackWorld(22, EndpointLimits.NONE.withBufferCeiling(CEILING), 100, 100,
                false, SERVER);
        Connection a = w.addClient(A, 603);
        for (int i = 0; i < 1000 && !a.isHandshakeConfirmed(); i++) {
            w.advance(1_000_000);
        }
        Connection serverA = serverSideOf(w, A);
        long before = w.server.memory().charge(serverA);
        long id = a.openBidirectionalStream();
        int span = 64 * 1024;
        List<Frame> frames = new ArrayList<>();
        for (int offset = 1; offset < span; offset += 2) {
            frames.add(new StreamFrame(id, offset, ByteBuffer.wrap(new byte[]{1}), false, true));
            if (frames.size() == 120 || offset + 2 >= span) {
                w.server.receive(AbuseAccess.oneRtt(a, AbuseAccess.frames(frames.toArray(Frame[]::new)), w.now), A,
                        w.now);
                frames.clear();
            }
        }
        long payload = span / 2;
        long counted = w.server.memory().charge(serverA) - before;
        System.out.printf("every-other-byte: %d payload bytes counted as %d%n", payload, counted);
        assertThat(serverA.isOpen()).isTrue();
        // 16 pages of 4 KiB, each with its arrival bitmap: the memory held, twice the payload and more.
        assertThat(counted).isGreaterThanOrEqualTo(16 * (4096 + 512)).isGreaterThan(2 * payload);
    }

    @Test
    void receivedDatagramsWaitingForTheApplicationAreCounted() {
        ConnectionConfig withDatagrams = SERVER.toBuilder().datagrams(new DatagramConfig(65_535, 64, 64 << 10, 64))
                .build();
        EndpointAttackWorld w = new EndpointAttackWorld(23, EndpointLimits.NONE.withBufferCeiling(CEILING), 100, 100,
                false, withDatagrams);
        w.connectGood();
        Connection server = w.serverConnectionOfGood();
        long before = w.server.memory().charge(server);
        for (int i = 0; i < 10; i++) {
            w.good.sendDatagram(ByteBuffer.allocate(1000));
        }
        // Delivered to the server without running its application, so the datagrams wait in its event queue.
        ByteBuffer out = ByteBuffer.allocate(1500);
        for (int ms = 0; ms < 100 && server.datagramStats().received() < 10; ms++) {
            while (w.good.send(out.clear(), w.now) != null) {
                w.server.receive(out.flip(), EndpointAttackWorld.GOOD, w.now);
            }
            w.now += 1_000_000; // pacing
        }
        assertThat(server.datagramStats().received()).isEqualTo(10);
        assertThat(w.server.memory().charge(server) - before).isGreaterThanOrEqualTo(10 * 1000);

        int taken = 0;
        for (ConnectionEvent e; (e = server.pollEvent()) != null;) {
            if (e instanceof ConnectionEvent.DatagramReceived) {
                taken++;
            }
        }
        w.server.afterCommand(server, w.now);
        assertThat(taken).isEqualTo(10);
        assertThat(w.server.memory().charge(server)).isLessThanOrEqualTo(before);
    }
}
