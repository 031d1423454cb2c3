package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;

/**
 * Which frame types may appear on which kind of stream: RFC 9114 §7, Table 1, with the per-frame text of
 * §7.2. Frames of unknown and reserved types are allowed on every stream (§7.2.8, §9); the HTTP/2 types
 * 0x02, 0x06, 0x08 and 0x09 on none. Order within a stream is {@link ControlStreamState}'s and
 * {@link MessageStreamState}'s business.
 */
public final class FrameRules {
    private FrameRules() {
    }

    /**
     * @param type a frame type
     * @param kind the stream it arrived on
     * @return whether Table 1 allows it there
     */
    public static boolean isAllowed(long type, StreamKind kind) {
        if (FrameType.isHttp2Only(type)) {
            return false;
        }
        if (!FrameType.isKnown(type)) {
            return true;
        }
        if (type == FrameType.DATA || type == FrameType.HEADERS) {
            return kind != StreamKind.CONTROL;
        }
        if (type == FrameType.PUSH_PROMISE) {
            return kind == StreamKind.REQUEST;
        }
        // CANCEL_PUSH, SETTINGS, GOAWAY, MAX_PUSH_ID
        return kind == StreamKind.CONTROL;
    }

    /**
     * @param type a frame type
     * @param kind the stream it arrived on
     * @throws Http3Exception H3_FRAME_UNEXPECTED if Table 1 does not allow it there
     */
    public static void checkAllowed(long type, StreamKind kind) {
        if (!isAllowed(type, kind)) {
            throw new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED,
                    FrameType.name(type) + " is not allowed on a " + kind + " stream (RFC 9114 §7.2)");
        }
    }
}
