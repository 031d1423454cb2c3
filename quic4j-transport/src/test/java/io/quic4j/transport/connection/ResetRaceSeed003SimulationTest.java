package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.RunResult;
import io.quic4j.testkit.TraceEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seed 003 (quic-go v0.41.0: a local cancelWrite racing an incoming RESET_STREAM dereferenced a released
 * send buffer) through two real {@link Connection}s in the simulator. The client resets its sending half of
 * a bidirectional stream; in the very tick its RESET_STREAM reaches the server, the server's application
 * cancels its own write on that stream. Every tick-level interleaving the simulator can produce is tried:
 * the server's command scheduled at exactly the arrival time before the datagram's delivery and after it,
 * and one nanosecond either side; the RESET_STREAM alone in its datagram, together with a STREAM frame of
 * another stream, or together with a STOP_SENDING for the same stream; the server's sending half idle, with
 * data queued, or already finished (FIN sent). In each: nothing escapes, both connections stay open (so no
 * FINAL_SIZE_ERROR: the final sizes agree), each side reads the other's reset, both sides end with the
 * stream retired and 0 open, and the stream's credit came back exactly once (RFC 9000 §3, §4.5, §4.6,
 * DESIGN.md §3).
 */
class ResetRaceSeed003SimulationTest {
    private static final long DELAY = Duration.ofMillis(10).toNanos();
    private static final int SERVER_BIDI_WINDOW = 4;
    private static final long CLIENT_RESET = 7;
    private static final long CLIENT_STOP = 8;
    private static final long SERVER_RESET = 9;

    /** When, within the arrival tick, the server's application cancels its write. */
    enum Timing {
        ONE_NANOSECOND_BEFORE_ARRIVAL, SAME_TICK_BEFORE_DELIVERY, SAME_TICK_AFTER_DELIVERY, ONE_NANOSECOND_AFTER_ARRIVAL
    }

    /** What travels in the client's datagram with the RESET_STREAM. */
    enum Carrier {
        RESET_ALONE, WITH_ANOTHER_STREAMS_DATA, WITH_STOP_SENDING
    }

    /** The state of the server's sending half when the race happens. */
    enum ServerSend {
        NOTHING_WRITTEN, DATA_QUEUED, FIN_SENT
    }

    static Stream<Arguments> interleavings() {
        List<Arguments> all = new ArrayList<>();
        for (Timing t : Timing.values()) {
            for (Carrier c : Carrier.values()) {
                for (ServerSend s : ServerSend.values()) {
                    all.add(Arguments.of(t, c, s));
                }
            }
        }
        return all.stream();
    }

    /** An application that only reads what arrives and remembers what each read returned last. */
    static final class Reader implements SimApp {
        final List<ConnectionEvent> events = new ArrayList<>();
        final java.util.Map<Long, Integer> lastRead = new java.util.HashMap<>();
        private final java.util.LinkedHashSet<Long> readable = new java.util.LinkedHashSet<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        @Override
        public void onEvent(ConnectionEvent e) {
            events.add(e);
            switch (e) {
                case ConnectionEvent.StreamOpened o -> readable.add(o.streamId());
                case ConnectionEvent.StreamReadable r -> readable.add(r.streamId());
                case ConnectionEvent.StreamReset r -> readable.add(r.streamId());
                default -> {
                }
            }
        }

        @Override
        public void step(Connection c) {
            for (long id : readable) {
                for (int n; (n = c.read(id, buffer.clear())) != 0;) {
                    lastRead.put(id, n);
                    if (n < 0) {
                        break;
                    }
                }
            }
            readable.clear();
        }

        long resets(long id) {
            return events.stream().filter(e -> e instanceof ConnectionEvent.StreamReset r && r.streamId() == id)
                    .count();
        }
    }

    @ParameterizedTest(name = "{0}, {1}, server {2}")
    @MethodSource("interleavings")
    void seed003ResetRaceEndsTerminalOnBothSidesForEveryInterleaving(Timing timing, Carrier carrier,
            ServerSend serverSend) {
        long seed = 31L * timing.ordinal() + 7L * carrier.ordinal() + serverSend.ordinal();
        LinkConfig link = LinkConfig.builder().delay(Duration.ofNanos(DELAY)).build();
        ConnectionConfig server = ConnectionConfig.builder().initialMaxStreamsBidi(SERVER_BIDI_WINDOW).build();
        SimulationTest.World w = new SimulationTest.World(seed, ConnectionConfig.DEFAULTS, server, link, link);
        Reader clientApp = new Reader();
        Reader serverApp = new Reader();
        w.client.many = clientApp;
        w.server.many = serverApp;
        List<TraceEvent> trace = new ArrayList<>();
        w.sim.addTraceListener(e -> trace.add(new TraceEvent(e.time(), e.kind(), e.datagramId(), e.link(),
                e.source(), e.seenSource(), e.destination(), ByteBuffer.allocate(0), e.dropReason())));
        assertThat(w.runUntil(w::handshakeDone, Duration.ofSeconds(5)).conditionMet()).isTrue();

        Connection client = w.client.connection;
        Connection srv = w.server.connection;
        long id = client.openBidirectionalStream();
        client.write(id, ByteBuffer.allocate(1000), false);
        w.sim.wake(w.clientNode);
        assertThat(w.runUntil(() -> serverApp.lastRead.containsKey(id), Duration.ofSeconds(1)).conditionMet())
                .isTrue();
        switch (serverSend) {
            case NOTHING_WRITTEN -> {
            }
            case DATA_QUEUED -> assertThat(srv.write(id, ByteBuffer.allocate(200_000), false)).isPositive();
            case FIN_SENT -> srv.write(id, ByteBuffer.allocate(100), true);
        }
        w.sim.wake(w.serverNode);
        // Let the server's first flight (and, for FIN_SENT, its FIN) leave; queued data keeps going.
        w.runUntil(() -> false, Duration.ofMillis(5));
        if (serverSend == ServerSend.DATA_QUEUED) {
            assertThat(client.stats().bytesReceived()).isPositive();
        }

        // The race: the client's reset leaves at t0 and arrives at t0 + DELAY; the server cancels around then.
        long t0Delay = Duration.ofMillis(1).toNanos();
        long t0 = w.sim.now() + t0Delay;
        long arrival = t0 + DELAY;
        long[] cancelledAt = {-1};
        boolean[] resetSeenWhenCancelling = new boolean[1];
        Runnable serverCancel = () -> {
            cancelledAt[0] = w.sim.now();
            // Whether the server's application had already been told of the client's reset.
            resetSeenWhenCancelling[0] = serverApp.resets(id) > 0;
            srv.cancelWrite(id, SERVER_RESET);
        };
        if (timing == Timing.ONE_NANOSECOND_BEFORE_ARRIVAL) {
            w.sim.schedule(Duration.ofNanos(t0Delay + DELAY - 1), serverCancel);
        } else if (timing == Timing.SAME_TICK_BEFORE_DELIVERY) {
            // Scheduled before the datagram exists, so it runs first among the events at the arrival time.
            w.sim.schedule(Duration.ofNanos(t0Delay + DELAY), serverCancel);
        }
        long other = carrier == Carrier.WITH_ANOTHER_STREAMS_DATA ? client.openUnidirectionalStream() : -1;
        w.sim.schedule(Duration.ofNanos(t0Delay), () -> {
            if (other >= 0) {
                client.write(other, ByteBuffer.allocate(300), true);
            }
            if (carrier == Carrier.WITH_STOP_SENDING) {
                client.cancelRead(id, CLIENT_STOP);
            }
            client.cancelWrite(id, CLIENT_RESET);
        });
        // Scheduled after the task above, so it runs once the client's datagram is on the link.
        w.sim.schedule(Duration.ofNanos(t0Delay), () -> {
            if (timing == Timing.SAME_TICK_AFTER_DELIVERY) {
                w.sim.schedule(Duration.ofNanos(DELAY), serverCancel);
            } else if (timing == Timing.ONE_NANOSECOND_AFTER_ARRIVAL) {
                w.sim.schedule(Duration.ofNanos(DELAY + 1), serverCancel);
            }
        });
        RunResult r = w.runUntil(() -> client.stats().openStreams() == 0 && srv.stats().openStreams() == 0
                && cancelledAt[0] >= 0, Duration.ofSeconds(2));

        // The interleaving is the one named: one client datagram at t0 carried everything and arrived at
        // exactly the arrival time, and the server's command ran when intended relative to its delivery.
        List<TraceEvent> sentAtT0 = trace.stream().filter(e -> e.kind() == TraceEvent.Kind.SENT && e.time() == t0
                && e.source().equals(SimulationTest.CLIENT)).toList();
        assertThat(sentAtT0).hasSize(1);
        assertThat(trace).anyMatch(e -> e.kind() == TraceEvent.Kind.DELIVERED
                && e.datagramId() == sentAtT0.get(0).datagramId() && e.time() == arrival);
        long expectedAt = switch (timing) {
            case ONE_NANOSECOND_BEFORE_ARRIVAL -> arrival - 1;
            case SAME_TICK_BEFORE_DELIVERY, SAME_TICK_AFTER_DELIVERY -> arrival;
            case ONE_NANOSECOND_AFTER_ARRIVAL -> arrival + 1;
        };
        assertThat(cancelledAt[0]).isEqualTo(expectedAt);
        assertThat(resetSeenWhenCancelling[0]).isEqualTo(timing == Timing.SAME_TICK_AFTER_DELIVERY
                || timing == Timing.ONE_NANOSECOND_AFTER_ARRIVAL);

        assertThat(r.conditionMet()).as("open streams %d / %d; %s / %s", client.stats().openStreams(),
                srv.stats().openStreams(), client.closeReason(), srv.closeReason()).isTrue();
        // No exception (World.runUntil checks none escaped), no connection error: FINAL_SIZE_ERROR or an
        // INTERNAL_ERROR from an illegal transition would have closed a connection.
        assertThat(client.isOpen()).isTrue();
        assertThat(srv.isOpen()).isTrue();
        // Each side saw the other's reset once, and reading says so.
        assertThat(serverApp.resets(id)).isEqualTo(1);
        assertThat(serverApp.lastRead.get(id)).isEqualTo(Connection.STREAM_RESET);
        assertThat(serverApp.events).contains(new ConnectionEvent.StreamReset(id, CLIENT_RESET));
        if (carrier == Carrier.WITH_STOP_SENDING) {
            // Reading was cancelled first: whatever the server sent is discarded, at most one reset reported.
            assertThat(clientApp.resets(id)).isLessThanOrEqualTo(1);
            assertThat(client.read(id, ByteBuffer.allocate(8))).isEqualTo(-1);
        } else if (serverSend == ServerSend.FIN_SENT) {
            // RFC 9000 §3.1, §3.2: once the FIN is acknowledged the cancel changes nothing, and a receiver with
            // all data may ignore a late reset; either the stream ends cleanly or it reads as reset, once.
            assertThat(clientApp.resets(id)).isLessThanOrEqualTo(1);
            assertThat(clientApp.lastRead.get(id)).isIn(-1, Connection.STREAM_RESET);
        } else {
            assertThat(clientApp.resets(id)).isEqualTo(1);
            assertThat(clientApp.events).contains(new ConnectionEvent.StreamReset(id, SERVER_RESET));
            assertThat(clientApp.lastRead.get(id)).isEqualTo(Connection.STREAM_RESET);
        }
        // Both halves terminal on both sides: the stream (and the other one, if any) is retired everywhere.
        long streams = other >= 0 ? 2 : 1;
        assertThat(client.stats().retiredStreams()).isEqualTo(streams);
        assertThat(srv.stats().retiredStreams()).isEqualTo(streams);
        assertThat(client.stats().halfClosedStreams()).isZero();
        assertThat(srv.stats().halfClosedStreams()).isZero();

        // Credit returned exactly once: with the server's MAX_STREAMS in, the client may open exactly the
        // window again (one more would mean the stream's unit came back twice, one fewer that it leaked).
        w.client.many = null;
        w.server.many = null;
        w.runUntil(() -> false, Duration.ofMillis(500));
        int more = 0;
        while (client.openBidirectionalStream() >= 0) {
            more++;
        }
        assertThat(more).isEqualTo(SERVER_BIDI_WINDOW);
    }
}
