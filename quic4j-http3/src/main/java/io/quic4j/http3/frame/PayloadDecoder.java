package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the payload of a known frame type other than DATA, once {@link Http3FrameReader} has it whole.
 * RFC 9114 §7.1: "Each frame's payload MUST contain exactly the fields identified in its description. A frame
 * payload that contains additional bytes after the identified fields or a frame payload that terminates before
 * the end of the identified fields MUST be treated as a connection error of type H3_FRAME_ERROR."
 */
final class PayloadDecoder {
    private PayloadDecoder() {
    }

    /**
     * @param type HEADERS, CANCEL_PUSH, SETTINGS, PUSH_PROMISE, GOAWAY or MAX_PUSH_ID
     * @param payload exactly the payload; the frame may keep views of it
     * @return the frame
     * @throws Http3Exception H3_FRAME_ERROR for a payload of the wrong size, H3_SETTINGS_ERROR for invalid
     *     settings
     */
    static Http3Frame decode(long type, ByteBuffer payload) {
        if (!FrameType.isKnown(type) || type == FrameType.DATA) {
            throw new IllegalArgumentException("not a buffered frame type: " + FrameType.name(type));
        }
        Http3Frame frame = switch ((int) type) {
            case (int) FrameType.HEADERS -> new HeadersFrame(payload.slice());
            case (int) FrameType.CANCEL_PUSH -> new CancelPushFrame(readId(payload, type));
            case (int) FrameType.SETTINGS -> new SettingsFrame(settings(payload));
            case (int) FrameType.PUSH_PROMISE -> {
                long pushId = readId(payload, type);
                yield new PushPromiseFrame(pushId, payload.slice());
            }
            case (int) FrameType.GOAWAY -> new GoAwayFrame(readId(payload, type));
            case (int) FrameType.MAX_PUSH_ID -> new MaxPushIdFrame(readId(payload, type));
            default -> throw new AssertionError(type);
        };
        if (payload.hasRemaining() && !(frame instanceof HeadersFrame || frame instanceof PushPromiseFrame)) {
            throw new Http3Exception(Http3Error.H3_FRAME_ERROR, FrameType.name(type) + " has " + payload.remaining()
                    + " bytes after its fields (RFC 9114 §7.1)");
        }
        return frame;
    }

    private static long readId(ByteBuffer payload, long type) {
        if (!payload.hasRemaining()) {
            throw new Http3Exception(Http3Error.H3_FRAME_ERROR,
                    FrameType.name(type) + " without its ID (RFC 9114 §7.1)");
        }
        return Http3VarInt.read(payload, Http3Error.H3_FRAME_ERROR);
    }

    private static Settings settings(ByteBuffer payload) {
        List<Settings.Setting> entries = new ArrayList<>();
        while (payload.hasRemaining()) {
            long id = Http3VarInt.read(payload, Http3Error.H3_FRAME_ERROR);
            long value = Http3VarInt.read(payload, Http3Error.H3_FRAME_ERROR);
            entries.add(new Settings.Setting(id, value));
        }
        String problem = Settings.problem(entries);
        if (problem != null) {
            throw new Http3Exception(Http3Error.H3_SETTINGS_ERROR, problem);
        }
        return new Settings(entries);
    }
}
