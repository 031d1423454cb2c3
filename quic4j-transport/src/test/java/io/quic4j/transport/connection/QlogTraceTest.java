package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.qlog.QlogDirectory;
import io.quic4j.transport.qlog.StrictJson;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.Frame;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qlog traces of whole connections (DESIGN.md §7): a handshake, a transfer and a close between two
 * connections, each writing its {@code .sqlog} file, checked record by record against the qlog drafts.
 */
class QlogTraceTest {
    /** The event names this implementation may write, all from draft-ietf-quic-qlog-quic-events. */
    private static final Set<String> DRAFT_EVENTS = Set.of("quic:connection_started", "quic:parameters_set",
            "quic:packet_sent", "quic:packet_received", "quic:packet_dropped", "quic:packet_lost",
            "quic:recovery_metrics_updated", "quic:key_updated", "quic:key_discarded", "quic:connection_closed",
            "quic:connection_state_updated");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<Map<String, Object>> read(Path file) throws IOException {
        return StrictJson.parseSequence(Files.readAllBytes(file)).stream().map(QlogTraceTest::map).toList();
    }

    private static List<Map<String, Object>> events(List<Map<String, Object>> records, String name) {
        return records.stream().skip(1).filter(r -> r.get("name").equals(name)).toList();
    }

    private Pipe tracedPipe() {
        ConnectionConfig traced = ConnectionConfig.builder().tracers(QlogDirectory.factory(dir)).keyUpdateInterval(40)
                .build();
        return new Pipe(traced, traced);
    }

    private static void transferAndClose(Pipe p) {
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(200_000, 7);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
        p.client.close(0, "done", p.now);
        p.runUntil(p.now + 10_000 * Pipe.MS);
        assertThat(p.client.isClosed()).isTrue();
        assertThat(p.server.isClosed()).isTrue();
    }

    private Path file(Pipe p, String side) {
        ConnectionId odcid = p.client.state().originalDcid;
        return dir.resolve(odcid + "_" + side + ".sqlog");
    }

    @Test
    void bothEndpointsWriteAValidTraceOfTheWholeConnection() throws IOException {
        Pipe p = tracedPipe().handshake();
        transferAndClose(p);
        for (String side : List.of("client", "server")) {
            Connection c = side.equals("client") ? p.client : p.server;
            List<Map<String, Object>> records = read(file(p, side));

            // The first record is the QlogFileSeq header, then events only.
            assertThat(records.getFirst()).containsEntry("file_schema", "urn:ietf:params:qlog:file:sequential")
                    .containsKey("trace");
            assertThat(map(map(records.getFirst().get("trace")).get("vantage_point"))).containsEntry("type", side);
            List<Map<String, Object>> events = records.subList(1, records.size());
            assertThat(events).allSatisfy(e -> {
                assertThat(e).containsKeys("time", "name", "data");
                assertThat((String) e.get("name")).isIn(DRAFT_EVENTS);
            });

            // Main schema "Timestamps": events "SHOULD be logged in strictly ascending timestamp order".
            BigDecimal previous = BigDecimal.ZERO;
            for (Map<String, Object> e : events) {
                BigDecimal t = (BigDecimal) e.get("time");
                assertThat(t).as("time of %s", e.get("name")).isGreaterThanOrEqualTo(previous);
                previous = t;
            }

            // Every packet the connection counted is in the trace.
            ConnectionStats stats = c.stats();
            assertThat(events(records, "quic:packet_sent")).hasSize((int) stats.packetsSent());
            assertThat(events(records, "quic:packet_received")).hasSize((int) stats.packetsReceived());
            assertThat(events(records, "quic:packet_lost")).hasSize((int) stats.packetsLost());
            assertThat(stats.keyUpdates()).isPositive();
            List<Map<String, Object>> keys = events(records, "quic:key_updated").stream().map(e -> map(e.get("data")))
                    .toList();
            assertThat(keys).filteredOn(k -> !k.get("trigger").equals("tls")).hasSize(2 * (int) stats.keyUpdates());
            // Each of the six TLS-era secrets (quic-events "KeyType") is installed once, then the older two
            // levels are discarded (RFC 9001 §4.9).
            assertThat(keys).filteredOn(k -> k.get("trigger").equals("tls")).extracting(k -> k.get("key_type"))
                    .containsExactlyInAnyOrder("client_initial_secret", "server_initial_secret",
                            "client_handshake_secret", "server_handshake_secret", "client_1rtt_secret",
                            "server_1rtt_secret");
            assertThat(events(records, "quic:key_discarded")).extracting(e -> map(e.get("data")).get("key_type"))
                    .containsExactlyInAnyOrder("client_initial_secret", "server_initial_secret",
                            "client_handshake_secret", "server_handshake_secret");

            assertThat(events.getFirst()).containsEntry("name", "quic:connection_started");
            assertThat(events(records, "quic:parameters_set")).extracting(e -> map(e.get("data")).get("initiator"))
                    .containsExactlyInAnyOrder("local", "remote");
            assertThat(events(records, "quic:connection_closed")).hasSize(1);
            assertThat(map(events(records, "quic:connection_closed").getFirst().get("data")))
                    .containsEntry("initiator", side.equals("client") ? "local" : "remote")
                    .containsEntry("trigger", "application");
            // The trace ends with the state going away.
            assertThat(map(events.getLast().get("data"))).containsEntry("new", "closed");
            assertThat(events(records, "quic:recovery_metrics_updated")).isNotEmpty();
        }
    }

    @Test
    void streamFramesInTheTraceAddUpToTheTransfer() throws IOException {
        Pipe p = tracedPipe().handshake();
        transferAndClose(p);
        long streamBytes = events(read(file(p, "client")), "quic:packet_sent").stream()
                .flatMap(e -> ((List<?>) map(e.get("data")).get("frames")).stream()).map(QlogTraceTest::map)
                .filter(f -> f.get("frame_type").equals("stream"))
                .mapToLong(f -> ((BigDecimal) map(f.get("raw")).get("length")).longValueExact()).sum();
        assertThat(streamBytes).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void lostPacketsAreTracedAsPacketLost() throws IOException {
        Pipe p = tracedPipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(DataTransferTest.bytes(20_000, 3)), true);
        Pipe.drop(p.drain(p.client));
        p.runUntil(p.now + 5_000 * Pipe.MS);
        p.client.close(0, "", p.now);
        p.runUntil(p.now + 10_000 * Pipe.MS);
        List<Map<String, Object>> records = read(file(p, "client"));
        assertThat(p.client.stats().packetsLost()).isPositive();
        assertThat(events(records, "quic:packet_lost")).hasSize((int) p.client.stats().packetsLost())
                .allSatisfy(e -> assertThat(map(map(e.get("data")).get("header"))).containsEntry("packet_type",
                        "1RTT"));
    }

    /** A tracer that fails at every call, counting them. */
    private static final class ThrowingTracer implements ConnectionTracer {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
            calls.incrementAndGet();
            throw new IllegalStateException("tracer bug");
        }

        @Override
        public void packetReceived(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
            calls.incrementAndGet();
            throw new IllegalStateException("tracer bug");
        }

        @Override
        public void connectionStarted(java.net.InetSocketAddress peer, ConnectionId localId, ConnectionId peerId,
                long now) {
            // Let the connection get as far as sending, so the failure is in the middle of things.
        }
    }

    @Test
    void aTracerThatThrowsDoesNotBreakTheConnection() {
        ThrowingTracer client = new ThrowingTracer();
        ThrowingTracer server = new ThrowingTracer();
        ConnectionConfig c = ConnectionConfig.builder().tracers((role, odcid, now) -> client).build();
        ConnectionConfig s = ConnectionConfig.builder().tracers((role, odcid, now) -> server).build();
        Pipe p = new Pipe(c, s).handshake();
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(100_000, 5);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
        // The guard stopped calling each tracer after its first failure.
        assertThat(client.calls).hasValue(1);
        assertThat(server.calls).hasValue(1);
    }

    @Test
    void aFactoryThatThrowsMeansAnUntracedConnection() {
        ConnectionConfig c = ConnectionConfig.builder().tracers((role, odcid, now) -> {
            throw new IllegalStateException("factory bug");
        }).build();
        Pipe p = new Pipe(c, c).handshake();
        assertThat(p.client.state().tracer).isSameAs(ConnectionTracer.NONE);
        assertThat(p.server.isHandshakeConfirmed()).isTrue();
    }

    @Test
    void withoutTracersTheConnectionUsesTheNoOpTracer() {
        Pipe p = new Pipe().handshake();
        assertThat(p.client.state().tracer).isSameAs(ConnectionTracer.NONE);
        assertThat(p.server.state().tracer.enabled()).isFalse();
        assertThat(ConnectionConfig.DEFAULTS.tracers()).isSameAs(ConnectionTracer.Factory.NONE);
    }

    @Test
    void theFactoryGetsRoleOdcidAndStartTime() {
        record Call(Role role, ConnectionId odcid, long now) {
        }
        List<Call> calls = new java.util.ArrayList<>();
        ConnectionConfig c = ConnectionConfig.builder().tracers((role, odcid, now) -> {
            calls.add(new Call(role, odcid, now));
            return ConnectionTracer.NONE;
        }).build();
        Pipe p = new Pipe(c, c).handshake();
        ConnectionId odcid = p.client.state().originalDcid;
        assertThat(calls).extracting(Call::role).containsExactly(Role.CLIENT, Role.SERVER);
        assertThat(calls).extracting(Call::odcid).containsOnly(odcid);
        assertThat(calls.get(0).now()).isEqualTo(1_000 * Pipe.MS);
    }
}
