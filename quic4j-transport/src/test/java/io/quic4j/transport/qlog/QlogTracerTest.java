package io.quic4j.transport.qlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.ConnectionTracer;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records {@link QlogTracer} writes: the QlogFileSeq header and events shaped as the quic-events draft. */
class QlogTracerTest {
    private static final long MS = 1_000_000L;
    private static final ConnectionId ODCID = ConnectionId.ofHex("0102030405060708");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final QlogTracer tracer = new QlogTracer(QlogWriter.of(bytes), Role.SERVER, ODCID, 5_000 * MS,
            Optional.of(Instant.parse("2026-01-02T03:04:05Z")), "test");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private List<Map<String, Object>> records() {
        tracer.close();
        return StrictJson.parseSequence(bytes.toByteArray()).stream().map(QlogTracerTest::map).toList();
    }

    private Map<String, Object> onlyEvent() {
        List<Map<String, Object>> r = records();
        assertThat(r).hasSize(2);
        return r.get(1);
    }

    @Test
    void headerIsAQlogFileSeqWithOneTraceForTheConnection() {
        // Main schema "QlogFileSeq schema" and "TraceSeq"; "file_schema" and "serialization_format" within the
        // first 256 bytes.
        Map<String, Object> header = records().getFirst();
        assertThat(header).containsEntry("file_schema", "urn:ietf:params:qlog:file:sequential")
                .containsEntry("serialization_format", "application/qlog+json-seq");
        Map<String, Object> trace = map(header.get("trace"));
        Map<String, Object> common = map(trace.get("common_fields"));
        assertThat(common).containsEntry("group_id", "0102030405060708")
                .containsEntry("time_format", "relative_to_epoch");
        assertThat(map(common.get("reference_time"))).containsEntry("clock_type", "monotonic")
                .containsEntry("epoch", "unknown").containsEntry("wall_clock_time", "2026-01-02T03:04:05Z");
        assertThat(map(trace.get("vantage_point"))).containsEntry("type", "server");
        assertThat(list(trace.get("event_schemas"))).containsExactly("urn:ietf:params:qlog:events:quic-13");
        String text = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text.substring(0, 256)).contains("\"file_schema\"").contains("\"serialization_format\"");
    }

    @Test
    void eventTimeIsMillisecondsSinceTheConnectionStarted() {
        tracer.stateUpdated(ConnectionTracer.State.HANDSHAKE_COMPLETE, 5_012 * MS + 250_000);
        Map<String, Object> e = onlyEvent();
        assertThat(e.get("time")).isEqualTo(new BigDecimal("12.25"));
        assertThat(e).containsEntry("name", "quic:connection_state_updated");
        assertThat(map(e.get("data"))).containsEntry("new", "handshake_complete");
    }

    @Test
    void packetSentHasHeaderFramesAndRawLength() {
        List<Frame> frames = List.of(AckFrame.of(0, 8, 10, 5, 5), new CryptoFrame(0, ByteBuffer.allocate(7)),
                new StreamFrame(4, 100, ByteBuffer.allocate(30), true, false), PingFrame.INSTANCE,
                new MaxStreamsFrame(false, 9), new PaddingFrame(3));
        tracer.packetSent(PacketType.ONE_RTT, 42, 1200, frames, 5_000 * MS);
        Map<String, Object> e = onlyEvent();
        assertThat(e).containsEntry("name", "quic:packet_sent");
        Map<String, Object> data = map(e.get("data"));
        assertThat(map(data.get("header"))).containsEntry("packet_type", "1RTT")
                .containsEntry("packet_number", new BigDecimal(42));
        assertThat(map(data.get("raw"))).containsEntry("length", new BigDecimal(1200));
        List<Map<String, Object>> f = list(data.get("frames")).stream().map(QlogTracerTest::map).toList();
        // quic-events "AckFrame": [from, to], or [n] for one packet.
        assertThat(f.get(0)).containsEntry("frame_type", "ack");
        assertThat(list(f.get(0).get("acked_ranges"))).containsExactly(
                List.of(new BigDecimal(8), new BigDecimal(10)), List.of(new BigDecimal(5)));
        assertThat(f.get(1)).containsEntry("frame_type", "crypto").containsEntry("offset", BigDecimal.ZERO);
        assertThat(map(f.get(1).get("raw"))).containsEntry("length", new BigDecimal(7));
        assertThat(f.get(2)).containsEntry("frame_type", "stream").containsEntry("stream_id", new BigDecimal(4))
                .containsEntry("offset", new BigDecimal(100)).containsEntry("fin", true);
        assertThat(map(f.get(2).get("raw"))).containsEntry("length", new BigDecimal(30));
        assertThat(f.get(3)).containsEntry("frame_type", "ping");
        assertThat(f.get(4)).containsEntry("frame_type", "max_streams")
                .containsEntry("stream_type", "unidirectional").containsEntry("maximum", new BigDecimal(9));
        assertThat(f.get(5)).containsEntry("frame_type", "padding");
        assertThat(map(f.get(5).get("raw"))).containsEntry("payload_length", new BigDecimal(3));
    }

    @Test
    void connectionCloseFrameNamesTransportErrorsAsTheDraftDoes() {
        tracer.packetReceived(PacketType.HANDSHAKE, 1, 60,
                List.of(ConnectionCloseFrame.transport(TransportError.PROTOCOL_VIOLATION, 0x08, "bad \"frame\"")),
                5_000 * MS);
        Map<String, Object> f = map(list(map(onlyEvent().get("data")).get("frames")).getFirst());
        assertThat(f).containsEntry("frame_type", "connection_close").containsEntry("error_space", "transport")
                .containsEntry("error", "protocol_violation").containsEntry("reason", "bad \"frame\"")
                .containsEntry("trigger_frame_type", new BigDecimal(8));
    }

    @Test
    void cryptoErrorsAreNamedByTheirAlert() {
        // quic-events "CryptoError": "crypto_error_0x1XX" with the alert in hex.
        assertThat(QlogFrames.transportError(0x12a)).isEqualTo("crypto_error_0x12a");
        assertThat(QlogFrames.transportError(0x11)).isEqualTo("unknown");
        assertThat(QlogFrames.transportError(0)).isEqualTo("no_error");
        assertThat(QlogFrames.transportError(0x10)).isEqualTo("no_viable_path");
    }

    @Test
    void parametersSetCarriesInitiatorAndRfcNames() {
        TransportParameters p = TransportParameters.builder().maxIdleTimeout(Duration.ofSeconds(30))
                .initialMaxData(1 << 20).initialSourceConnectionId(ODCID).build();
        tracer.parametersSet(false, p, 5_000 * MS);
        Map<String, Object> data = map(onlyEvent().get("data"));
        assertThat(data).containsEntry("initiator", "remote")
                .containsEntry("max_idle_timeout", new BigDecimal(30_000))
                .containsEntry("initial_max_data", new BigDecimal(1 << 20))
                .containsEntry("initial_source_connection_id", "0102030405060708")
                .doesNotContainKey("max_datagram_frame_size");
    }

    @Test
    void metricsAreLoggedOnlyWhenTheyChange() {
        tracer.metricsUpdated(0, 333 * MS, 0, 166 * MS + 500_000, 0, 12_000, 0, 5_000 * MS);
        tracer.metricsUpdated(0, 333 * MS, 0, 166 * MS + 500_000, 0, 12_000, 0, 5_001 * MS);
        tracer.metricsUpdated(20 * MS, 20 * MS, 20 * MS, 10 * MS, 0, 12_000, 1_200, 5_002 * MS);
        List<Map<String, Object>> r = records();
        assertThat(r).hasSize(3);
        Map<String, Object> first = map(r.get(1).get("data"));
        assertThat(r.get(1)).containsEntry("name", "quic:recovery_metrics_updated");
        assertThat(first).containsEntry("smoothed_rtt", new BigDecimal(333))
                .containsEntry("rtt_variance", new BigDecimal("166.5"))
                .containsEntry("congestion_window", new BigDecimal(12_000)).doesNotContainKey("min_rtt");
        Map<String, Object> second = map(r.get(2).get("data"));
        assertThat(second).containsEntry("min_rtt", new BigDecimal(20))
                .containsEntry("latest_rtt", new BigDecimal(20)).containsEntry("bytes_in_flight", new BigDecimal(1200))
                .doesNotContainKey("congestion_window");
    }

    @Test
    void connectionClosedNamesInitiatorErrorAndTrigger() {
        tracer.connectionClosed(new CloseReason(CloseReason.Kind.PEER, false, 0x0a, 0, "nope"), 5_000 * MS);
        Map<String, Object> data = map(onlyEvent().get("data"));
        assertThat(data).containsEntry("initiator", "remote").containsEntry("connection_error", "protocol_violation")
                .containsEntry("reason", "nope").containsEntry("trigger", "error");
    }

    @Test
    void idleTimeoutCloseHasTheIdleTimeoutTrigger() {
        tracer.connectionClosed(new CloseReason(CloseReason.Kind.IDLE_TIMEOUT, false, 0, 0, "idle timeout"),
                5_000 * MS);
        assertThat(map(onlyEvent().get("data"))).containsEntry("initiator", "local")
                .containsEntry("trigger", "idle_timeout").doesNotContainKey("connection_error");
    }

    @Test
    void installedKeysAreNamedAfterTheEndpointWhoseSecretTheyAre() {
        // quic-events "KeyType": a server's write keys are the server's secret, its read keys the client's.
        tracer.keyInstalled(PacketNumberSpace.HANDSHAKE, true, 5_000 * MS);
        tracer.keyInstalled(PacketNumberSpace.APPLICATION, false, 5_000 * MS);
        tracer.keyUpdated(false, 1, 5_001 * MS);
        List<Map<String, Object>> r = records();
        assertThat(r).hasSize(5);
        assertThat(map(r.get(1).get("data"))).containsEntry("key_type", "server_handshake_secret")
                .containsEntry("trigger", "tls");
        assertThat(map(r.get(2).get("data"))).containsEntry("key_type", "client_1rtt_secret");
        assertThat(map(r.get(3).get("data"))).containsEntry("key_type", "client_1rtt_secret")
                .containsEntry("key_phase", BigDecimal.ONE).containsEntry("trigger", "remote_update");
        assertThat(map(r.get(4).get("data"))).containsEntry("key_type", "server_1rtt_secret");
    }

    @Test
    void lostAndDroppedPacketsUseTheDraftsTriggers() {
        tracer.packetLost(PacketNumberSpace.HANDSHAKE, 3, List.of(PingFrame.INSTANCE),
                ConnectionTracer.LossTrigger.TIME_THRESHOLD, 5_000 * MS);
        tracer.packetDropped(null, 77, ConnectionTracer.DropReason.DECRYPTION_FAILURE, 5_000 * MS);
        List<Map<String, Object>> r = records();
        assertThat(r.get(1)).containsEntry("name", "quic:packet_lost");
        assertThat(map(r.get(1).get("data"))).containsEntry("trigger", "time_threshold");
        assertThat(map(map(r.get(1).get("data")).get("header"))).containsEntry("packet_type", "handshake");
        assertThat(r.get(2)).containsEntry("name", "quic:packet_dropped");
        assertThat(map(r.get(2).get("data"))).containsEntry("trigger", "decryption_failure")
                .doesNotContainKey("header");
    }

    @Test
    void connectionStartedNamesThePeerAddressAndConnectionIds() {
        tracer.connectionStarted(new InetSocketAddress("127.0.0.1", 4433), ODCID, ConnectionId.ofHex("aabb"),
                5_000 * MS);
        Map<String, Object> data = map(onlyEvent().get("data"));
        assertThat(map(data.get("remote"))).containsEntry("ip_v4", "127.0.0.1")
                .containsEntry("port_v4", new BigDecimal(4433)).containsEntry("connection_ids", List.of("aabb"));
        assertThat(map(data.get("local"))).containsEntry("connection_ids", List.of("0102030405060708"));
    }

    @Test
    void closedStateEndsTheTraceAndLaterEventsAreIgnored() {
        tracer.stateUpdated(ConnectionTracer.State.CLOSED, 5_000 * MS);
        assertThat(tracer.enabled()).isFalse();
        tracer.packetSent(PacketType.ONE_RTT, 1, 50, List.of(PingFrame.INSTANCE), 5_001 * MS);
        assertThat(records()).hasSize(2);
    }

    @Test
    void anIoErrorStopsTheTraceWithoutThrowing() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        QlogTracer t = new QlogTracer(QlogWriter.of(broken), Role.CLIENT, ODCID, 0, Optional.empty(), "broken");
        // The header sits in the buffer until the flush at connection_closed, which fails.
        t.connectionClosed(new CloseReason(CloseReason.Kind.LOCAL, false, 0, 0, ""), MS);
        assertThat(t.enabled()).isFalse();
        t.packetSent(PacketType.ONE_RTT, 1, 50, List.of(PingFrame.INSTANCE), 2 * MS);
        t.close();
    }
}
