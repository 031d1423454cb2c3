package io.quic4j.transport.qlog;

import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The qlog form of QUIC frames and codes (draft-ietf-quic-qlog-quic-events, "QUIC Frames", "PacketType",
 * "TransportError"): one JSON object per frame record, with the field names the draft defines. Payload
 * bytes are never logged, only their lengths (main schema, "Raw packet and frame information").
 */
final class QlogFrames {
    /** Transport error codes 0x00-0x10 in the order of the draft's $TransportError list (RFC 9000 §20.1). */
    private static final String[] TRANSPORT_ERRORS = {"no_error", "internal_error", "connection_refused",
            "flow_control_error", "stream_limit_error", "stream_state_error", "final_size_error",
            "frame_encoding_error", "transport_parameter_error", "connection_id_limit_error", "protocol_violation",
            "invalid_token", "application_error", "crypto_buffer_exceeded", "key_update_error", "aead_limit_reached",
            "no_viable_path"};

    private QlogFrames() {
    }

    static String packetType(PacketType type) {
        if (type == null) {
            return "unknown";
        }
        return switch (type) {
            case INITIAL -> "initial";
            case HANDSHAKE -> "handshake";
            case ZERO_RTT -> "0RTT";
            case ONE_RTT -> "1RTT";
            case RETRY -> "retry";
            case VERSION_NEGOTIATION -> "version_negotiation";
        };
    }

    /**
     * @return the draft's name for a transport error code: a $TransportError, a CryptoError
     *         ("crypto_error_0x1XX", RFC 9001 §4.8), or "unknown" (then the caller logs error_code)
     */
    static String transportError(long code) {
        if (code >= 0 && code < TRANSPORT_ERRORS.length) {
            return TRANSPORT_ERRORS[(int) code];
        }
        if (code >= 0x100 && code <= 0x1ff) {
            return "crypto_error_0x" + Long.toHexString(code);
        }
        return "unknown";
    }

    /** Writes one frame as a JSON object value. */
    static void write(JsonEncoder j, Frame frame) {
        j.beginObject();
        switch (frame) {
            case PaddingFrame p -> {
                // quic-events "PaddingFrame": one frame with the count in raw.payload_length.
                j.member("frame_type", "padding");
                raw(j, p.length(), p.length());
            }
            case PingFrame _ -> j.member("frame_type", "ping");
            case AckFrame a -> ack(j, a);
            case ResetStreamFrame r -> {
                j.member("frame_type", "reset_stream").member("stream_id", r.streamId());
                j.member("error", "unknown").member("error_code", r.applicationErrorCode());
                j.member("final_size", r.finalSize());
            }
            case StopSendingFrame s -> {
                j.member("frame_type", "stop_sending").member("stream_id", s.streamId());
                j.member("error", "unknown").member("error_code", s.applicationErrorCode());
            }
            case CryptoFrame c -> {
                // "The length field of the Crypto frame MUST be logged in the qlog raw.length field."
                j.member("frame_type", "crypto").member("offset", c.offset());
                raw(j, c.data().remaining(), c.data().remaining());
            }
            case NewTokenFrame t -> {
                j.member("frame_type", "new_token");
                j.name("token").beginObject();
                raw(j, t.token().remaining(), -1);
                j.endObject();
            }
            case StreamFrame s -> {
                // "If the stream frame contains a length field, it MUST be logged in the qlog raw.length field."
                j.member("frame_type", "stream").member("stream_id", s.streamId()).member("offset", s.offset());
                j.member("fin", s.fin());
                raw(j, s.data().remaining(), s.data().remaining());
            }
            case MaxDataFrame m -> j.member("frame_type", "max_data").member("maximum", m.maximumData());
            case MaxStreamDataFrame m -> j.member("frame_type", "max_stream_data").member("stream_id", m.streamId())
                    .member("maximum", m.maximumStreamData());
            case MaxStreamsFrame m -> j.member("frame_type", "max_streams")
                    .member("stream_type", streamType(m.bidirectional())).member("maximum", m.maximumStreams());
            case DataBlockedFrame d -> j.member("frame_type", "data_blocked").member("limit", d.maximumData());
            case StreamDataBlockedFrame d -> j.member("frame_type", "stream_data_blocked")
                    .member("stream_id", d.streamId()).member("limit", d.maximumStreamData());
            case StreamsBlockedFrame s -> j.member("frame_type", "streams_blocked")
                    .member("stream_type", streamType(s.bidirectional())).member("limit", s.maximumStreams());
            case NewConnectionIdFrame n -> {
                j.member("frame_type", "new_connection_id").member("sequence_number", n.sequenceNumber());
                j.member("retire_prior_to", n.retirePriorTo());
                j.member("connection_id_length", n.connectionId().length());
                j.member("connection_id", n.connectionId().toString());
                j.member("stateless_reset_token", n.statelessResetToken().toString());
            }
            case RetireConnectionIdFrame r -> j.member("frame_type", "retire_connection_id")
                    .member("sequence_number", r.sequenceNumber());
            case PathChallengeFrame p -> j.member("frame_type", "path_challenge").member("data", hex64(p.data()));
            case PathResponseFrame p -> j.member("frame_type", "path_response").member("data", hex64(p.data()));
            case ConnectionCloseFrame c -> close(j, c);
            case HandshakeDoneFrame _ -> j.member("frame_type", "handshake_done");
            case DatagramFrame d -> {
                j.member("frame_type", "datagram");
                raw(j, d.data().remaining(), d.data().remaining());
            }
        }
        j.endObject();
    }

    private static void ack(JsonEncoder j, AckFrame a) {
        j.member("frame_type", "ack");
        // quic-events "AckFrame": [from, to] per range, or [n] for a single packet; any order is valid.
        j.name("acked_ranges").beginArray();
        AckRanges ranges = a.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            long smallest = ranges.smallest(i);
            long largest = ranges.largest(i);
            j.beginArray().value(smallest);
            if (largest != smallest) {
                j.value(largest);
            }
            j.endArray();
        }
        j.endArray();
        if (a.ecnCounts() != null) {
            j.member("ect1", a.ecnCounts().ect1()).member("ect0", a.ecnCounts().ect0())
                    .member("ce", a.ecnCounts().ecnCe());
        }
    }

    private static void close(JsonEncoder j, ConnectionCloseFrame c) {
        j.member("frame_type", "connection_close");
        j.member("error_space", c.application() ? "application" : "transport");
        String error = c.application() ? "unknown" : transportError(c.errorCode());
        j.member("error", error);
        if (error.equals("unknown")) {
            j.member("error_code", c.errorCode());
        }
        String reason = c.reason();
        if (!reason.isEmpty()) {
            j.member("reason", reason);
        }
        if (!c.application()) {
            j.member("trigger_frame_type", c.frameType());
        }
    }

    private static void raw(JsonEncoder j, long length, long payloadLength) {
        j.name("raw").beginObject().member("length", length);
        if (payloadLength >= 0) {
            j.member("payload_length", payloadLength);
        }
        j.endObject();
    }

    private static String streamType(boolean bidirectional) {
        return bidirectional ? "bidirectional" : "unidirectional";
    }

    private static String hex64(long v) {
        return HexFormat.of().toHexDigits(v).toLowerCase(Locale.ROOT);
    }
}
