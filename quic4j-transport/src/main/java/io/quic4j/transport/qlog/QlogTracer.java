package io.quic4j.transport.qlog;

import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.ConnectionTracer;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ConnectionTracer} that writes one connection's qlog trace as JSON Text Sequences: first the
 * {@code QlogFileSeq} header record (file_schema {@value #FILE_SCHEMA}, a single trace with common_fields and
 * vantage_point), then one record per event, named and shaped as draft-ietf-quic-qlog-quic-events defines
 * ({@code quic:packet_sent}, {@code quic:recovery_metrics_updated}, ...). Event times are milliseconds since
 * the connection was created, from the {@code now} the connection passes in; the reference clock is the
 * caller's monotonic one, so the epoch is "unknown" (main schema, "Timestamps").
 *
 * <p>Records are buffered by the writer and flushed when the connection starts to close; the writer is
 * closed when the connection's state is gone. An I/O error is logged once and ends the trace; it never
 * reaches the connection.
 */
public final class QlogTracer implements ConnectionTracer {
    /** Main schema, "QlogFileSeq schema". */
    static final String FILE_SCHEMA = "urn:ietf:params:qlog:file:sequential";
    /** Main schema, "qlog to JSON Text Sequences mapping". */
    static final String SERIALIZATION_FORMAT = "application/qlog+json-seq";
    /**
     * QUIC events, "Draft Event Schema Identification": until the RFC, the URI carries the draft number. The
     * copy in specs/ is the editor's version after draft 12.
     */
    static final String EVENT_SCHEMA = "urn:ietf:params:qlog:events:quic-13";

    private static final Logger LOG = System.getLogger("io.quic4j.transport.qlog");

    private final String name;
    private final Role role;
    private final long reference;
    private QlogWriter writer;

    // The recovery metrics last written, so that only changes are logged (quic-events: "applications SHOULD
    // try to log only actual updates to values").
    private long minRtt = -1;
    private long smoothedRtt = -1;
    private long latestRtt = -1;
    private long rttVariance = -1;
    private int ptoCount = -1;
    private long congestionWindow = -1;
    private long bytesInFlight = -1;

    /**
     * Writes the header record at once.
     *
     * @param writer where the records go; closed when the trace ends
     * @param role our side: the vantage point
     * @param originalDestinationId names the connection (the trace's group_id)
     * @param reference the connection's time, in nanoseconds, that event time 0 stands for
     * @param wallClock the wall-clock time at {@code reference}, if known (reference_time.wall_clock_time)
     * @param name what to call the trace in the one log line about an I/O failure (a file name)
     */
    public QlogTracer(QlogWriter writer, Role role, ConnectionId originalDestinationId, long reference,
            Optional<Instant> wallClock, String name) {
        this.writer = Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(role, "role");
        this.reference = reference;
        this.role = role;
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(originalDestinationId, "originalDestinationId");
        Objects.requireNonNull(wallClock, "wallClock");
        writeHeader(role, originalDestinationId, wallClock);
    }

    private void writeHeader(Role role, ConnectionId odcid, Optional<Instant> wallClock) {
        JsonEncoder j = writer.begin();
        j.beginObject();
        j.member("file_schema", FILE_SCHEMA);
        j.member("serialization_format", SERIALIZATION_FORMAT);
        j.member("title", "quic4j " + side(role) + " " + odcid);
        j.name("trace").beginObject();
        j.name("common_fields").beginObject();
        j.member("group_id", odcid.toString());
        j.member("time_format", "relative_to_epoch");
        j.name("reference_time").beginObject();
        j.member("clock_type", "monotonic");
        j.member("epoch", "unknown");
        wallClock.ifPresent(t -> j.member("wall_clock_time", t.toString()));
        j.endObject();
        j.endObject();
        j.name("vantage_point").beginObject().member("name", "quic4j").member("type", side(role)).endObject();
        j.name("event_schemas").beginArray().value(EVENT_SCHEMA).endArray();
        j.endObject();
        j.endObject();
        commit();
    }

    private static String side(Role role) {
        return role == Role.CLIENT ? "client" : "server";
    }

    /** @return whether the trace still writes (false after an I/O error or the end of the connection) */
    @Override
    public boolean enabled() {
        return writer != null;
    }

    /** Starts an event record: {"time": ..., "name": ..., "data": { (the caller writes the data members). */
    private JsonEncoder event(String eventName, long now) {
        JsonEncoder j = writer.begin();
        j.beginObject();
        j.name("time").millis(now - reference);
        j.member("name", eventName);
        j.name("data").beginObject();
        return j;
    }

    /** Ends the data object and the event, and writes the record. */
    private void end(JsonEncoder j) {
        j.endObject().endObject();
        commit();
    }

    private void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        LOG.log(Level.WARNING, "qlog " + name + ": write failed, trace stopped", e);
        QlogWriter w = writer;
        writer = null;
        try {
            w.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    @Override
    public void connectionStarted(InetSocketAddress peer, ConnectionId localId, ConnectionId peerId, long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:connection_started", now);
        j.name("local").beginObject();
        j.name("connection_ids").beginArray().value(localId.toString()).endArray();
        j.endObject();
        j.name("remote").beginObject();
        if (peer != null) {
            boolean v4 = peer.getAddress() instanceof Inet4Address;
            String host = peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
            j.member(v4 ? "ip_v4" : "ip_v6", host);
            j.member(v4 ? "port_v4" : "port_v6", peer.getPort());
        }
        j.name("connection_ids").beginArray().value(peerId.toString()).endArray();
        j.endObject();
        end(j);
    }

    @Override
    public void parametersSet(boolean local, TransportParameters p, long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:parameters_set", now);
        j.member("initiator", local ? "local" : "remote");
        p.originalDestinationConnectionId()
                .ifPresent(c -> j.member("original_destination_connection_id", c.toString()));
        p.initialSourceConnectionId().ifPresent(c -> j.member("initial_source_connection_id", c.toString()));
        p.retrySourceConnectionId().ifPresent(c -> j.member("retry_source_connection_id", c.toString()));
        p.statelessResetToken().ifPresent(t -> j.member("stateless_reset_token", t.toString()));
        j.member("disable_active_migration", p.disableActiveMigration());
        j.member("max_idle_timeout", p.maxIdleTimeout().toMillis());
        j.member("max_udp_payload_size", p.maxUdpPayloadSize());
        j.member("ack_delay_exponent", p.ackDelayExponent());
        j.member("max_ack_delay", p.maxAckDelay().toMillis());
        j.member("active_connection_id_limit", p.activeConnectionIdLimit());
        j.member("initial_max_data", p.initialMaxData());
        j.member("initial_max_stream_data_bidi_local", p.initialMaxStreamDataBidiLocal());
        j.member("initial_max_stream_data_bidi_remote", p.initialMaxStreamDataBidiRemote());
        j.member("initial_max_stream_data_uni", p.initialMaxStreamDataUni());
        j.member("initial_max_streams_bidi", p.initialMaxStreamsBidi());
        j.member("initial_max_streams_uni", p.initialMaxStreamsUni());
        p.preferredAddress().ifPresent(a -> {
            j.name("preferred_address").beginObject();
            j.member("ip_v4", a.ipv4Address().getHostAddress()).member("port_v4", a.ipv4Port());
            j.member("ip_v6", a.ipv6Address().getHostAddress()).member("port_v6", a.ipv6Port());
            j.member("connection_id", a.connectionId().toString());
            j.member("stateless_reset_token", a.statelessResetToken().toString());
            j.endObject();
        });
        if (p.maxDatagramFrameSize().isPresent()) {
            j.member("max_datagram_frame_size", p.maxDatagramFrameSize().getAsLong());
        }
        end(j);
    }

    @Override
    public void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
        packet("quic:packet_sent", type, packetNumber, length, frames, now);
    }

    @Override
    public void packetReceived(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
        packet("quic:packet_received", type, packetNumber, length, frames, now);
    }

    private void packet(String eventName, PacketType type, long packetNumber, int length, List<Frame> frames,
            long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event(eventName, now);
        j.name("header").beginObject().member("packet_type", QlogFrames.packetType(type))
                .member("packet_number", packetNumber).endObject();
        j.name("frames").beginArray();
        for (Frame f : frames) {
            QlogFrames.write(j, f);
        }
        j.endArray();
        j.name("raw").beginObject().member("length", length).endObject();
        end(j);
    }

    @Override
    public void packetDropped(PacketType type, int length, DropReason reason, long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:packet_dropped", now);
        if (type != null) {
            j.name("header").beginObject().member("packet_type", QlogFrames.packetType(type)).endObject();
        }
        j.name("raw").beginObject().member("length", length).endObject();
        j.member("trigger", switch (reason) {
            case INVALID -> "invalid";
            case DUPLICATE -> "duplicate";
            case DECRYPTION_FAILURE -> "decryption_failure";
            case KEY_UNAVAILABLE -> "key_unavailable";
            case UNSUPPORTED -> "unsupported";
            case CONNECTION_UNKNOWN -> "connection_unknown";
            case REJECTED -> "rejected";
        });
        end(j);
    }

    @Override
    public void packetLost(PacketNumberSpace space, long packetNumber, List<Frame> frames, LossTrigger trigger,
            long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:packet_lost", now);
        j.name("header").beginObject().member("packet_type", switch (space) {
            case INITIAL -> "initial";
            case HANDSHAKE -> "handshake";
            case APPLICATION -> "1RTT";
        }).member("packet_number", packetNumber).endObject();
        j.name("frames").beginArray();
        for (Frame f : frames) {
            QlogFrames.write(j, f);
        }
        j.endArray();
        j.member("trigger", switch (trigger) {
            case REORDERING_THRESHOLD -> "reordering_threshold";
            case TIME_THRESHOLD -> "time_threshold";
        });
        end(j);
    }

    @Override
    public void metricsUpdated(long minRtt, long smoothedRtt, long latestRtt, long rttVariance, int ptoCount,
            long congestionWindow, long bytesInFlight, long now) {
        if (writer == null) {
            return;
        }
        if (minRtt == this.minRtt && smoothedRtt == this.smoothedRtt && latestRtt == this.latestRtt
                && rttVariance == this.rttVariance && ptoCount == this.ptoCount
                && congestionWindow == this.congestionWindow && bytesInFlight == this.bytesInFlight) {
            return;
        }
        JsonEncoder j = event("quic:recovery_metrics_updated", now);
        if (minRtt != this.minRtt && minRtt > 0) {
            j.name("min_rtt").millis(minRtt);
        }
        if (smoothedRtt != this.smoothedRtt) {
            j.name("smoothed_rtt").millis(smoothedRtt);
        }
        if (latestRtt != this.latestRtt && latestRtt > 0) {
            j.name("latest_rtt").millis(latestRtt);
        }
        if (rttVariance != this.rttVariance) {
            j.name("rtt_variance").millis(rttVariance);
        }
        if (ptoCount != this.ptoCount) {
            j.member("pto_count", ptoCount);
        }
        if (congestionWindow != this.congestionWindow) {
            j.member("congestion_window", congestionWindow);
        }
        if (bytesInFlight != this.bytesInFlight) {
            j.member("bytes_in_flight", bytesInFlight);
        }
        end(j);
        this.minRtt = minRtt;
        this.smoothedRtt = smoothedRtt;
        this.latestRtt = latestRtt;
        this.rttVariance = rttVariance;
        this.ptoCount = ptoCount;
        this.congestionWindow = congestionWindow;
        this.bytesInFlight = bytesInFlight;
    }

    @Override
    public void keyInstalled(PacketNumberSpace space, boolean write, long now) {
        if (writer == null) {
            return;
        }
        // quic-events "KeyType": named after the endpoint whose secret it is; ours protect what we send.
        boolean client = write == (role == Role.CLIENT);
        JsonEncoder j = event("quic:key_updated", now);
        j.member("key_type", (client ? "client_" : "server_") + level(space) + "_secret");
        j.member("trigger", "tls");
        end(j);
    }

    private static String level(PacketNumberSpace space) {
        return switch (space) {
            case INITIAL -> "initial";
            case HANDSHAKE -> "handshake";
            case APPLICATION -> "1rtt";
        };
    }

    @Override
    public void keyUpdated(boolean local, long keyPhase, long now) {
        // quic-events "key_updated": one event per key; a 1-RTT key update changes both directions.
        for (String keyType : new String[]{"client_1rtt_secret", "server_1rtt_secret"}) {
            if (writer == null) {
                return;
            }
            JsonEncoder j = event("quic:key_updated", now);
            j.member("key_type", keyType);
            j.member("key_phase", keyPhase);
            j.member("trigger", local ? "local_update" : "remote_update");
            end(j);
        }
    }

    @Override
    public void keysDiscarded(PacketNumberSpace space, long now) {
        String level = level(space);
        for (String side : new String[]{"client_", "server_"}) {
            if (writer == null) {
                return;
            }
            JsonEncoder j = event("quic:key_discarded", now);
            j.member("key_type", side + level + "_secret");
            j.member("trigger", "tls");
            end(j);
        }
    }

    @Override
    public void connectionClosed(CloseReason reason, long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:connection_closed", now);
        boolean remote = reason.kind() == CloseReason.Kind.PEER || reason.kind() == CloseReason.Kind.STATELESS_RESET;
        j.member("initiator", remote ? "remote" : "local");
        if (reason.kind() == CloseReason.Kind.LOCAL || reason.kind() == CloseReason.Kind.PEER) {
            if (reason.application()) {
                j.member("application_error", "unknown");
                j.member("error_code", reason.errorCode());
            } else {
                String error = QlogFrames.transportError(reason.errorCode());
                j.member("connection_error", error);
                if (error.equals("unknown")) {
                    j.member("error_code", reason.errorCode());
                }
            }
        }
        if (!reason.reason().isEmpty()) {
            j.member("reason", reason.reason());
        }
        j.member("trigger", switch (reason.kind()) {
            case LOCAL, PEER -> reason.application() || reason.isNoError() ? "application" : "error";
            case IDLE_TIMEOUT -> "idle_timeout";
            case STATELESS_RESET -> "stateless_reset";
            case VERSION_NEGOTIATION -> "version_mismatch";
            case HANDSHAKE_TIMEOUT -> "unspecified";
        });
        end(j);
        flush();
    }

    @Override
    public void stateUpdated(State state, long now) {
        if (writer == null) {
            return;
        }
        JsonEncoder j = event("quic:connection_state_updated", now);
        j.member("new", switch (state) {
            case HANDSHAKE_COMPLETE -> "handshake_complete";
            case HANDSHAKE_CONFIRMED -> "handshake_confirmed";
            case CLOSING -> "closing";
            case DRAINING -> "draining";
            case CLOSED -> "closed";
        });
        end(j);
        if (state == State.CLOSED) {
            close();
        }
    }

    private void flush() {
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /** Ends the trace: flushes and closes the writer; later events are ignored. Idempotent. */
    public void close() {
        QlogWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.close();
            writer = null;
        } catch (IOException e) {
            fail(e);
        }
    }
}
