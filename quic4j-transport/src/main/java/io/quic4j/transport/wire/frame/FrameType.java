package io.quic4j.transport.wire.frame;

/**
 * Frame type values of RFC 9000 §19 (Table 3 in §12.4) and RFC 9221 §4, with the flag bits that some
 * types carry in their low bits.
 */
public final class FrameType {
    /** PADDING, RFC 9000 §19.1. */
    public static final long PADDING = 0x00;
    /** PING, §19.2. */
    public static final long PING = 0x01;
    /** ACK without ECN counts, §19.3. */
    public static final long ACK = 0x02;
    /** ACK with ECN counts, §19.3.2. */
    public static final long ACK_ECN = 0x03;
    /** RESET_STREAM, §19.4. */
    public static final long RESET_STREAM = 0x04;
    /** STOP_SENDING, §19.5. */
    public static final long STOP_SENDING = 0x05;
    /** CRYPTO, §19.6. */
    public static final long CRYPTO = 0x06;
    /** NEW_TOKEN, §19.7. */
    public static final long NEW_TOKEN = 0x07;
    /** STREAM base type, §19.8; the low three bits are {@link #STREAM_OFF}, {@link #STREAM_LEN}, {@link #STREAM_FIN}. */
    public static final long STREAM = 0x08;
    /** The highest STREAM type (all flags set). */
    public static final long STREAM_MAX = 0x0f;
    /** STREAM flag: an Offset field is present. */
    public static final int STREAM_OFF = 0x04;
    /** STREAM flag: a Length field is present. */
    public static final int STREAM_LEN = 0x02;
    /** STREAM flag: the frame ends the stream. */
    public static final int STREAM_FIN = 0x01;
    /** MAX_DATA, §19.9. */
    public static final long MAX_DATA = 0x10;
    /** MAX_STREAM_DATA, §19.10. */
    public static final long MAX_STREAM_DATA = 0x11;
    /** MAX_STREAMS for bidirectional streams, §19.11. */
    public static final long MAX_STREAMS_BIDI = 0x12;
    /** MAX_STREAMS for unidirectional streams, §19.11. */
    public static final long MAX_STREAMS_UNI = 0x13;
    /** DATA_BLOCKED, §19.12. */
    public static final long DATA_BLOCKED = 0x14;
    /** STREAM_DATA_BLOCKED, §19.13. */
    public static final long STREAM_DATA_BLOCKED = 0x15;
    /** STREAMS_BLOCKED for bidirectional streams, §19.14. */
    public static final long STREAMS_BLOCKED_BIDI = 0x16;
    /** STREAMS_BLOCKED for unidirectional streams, §19.14. */
    public static final long STREAMS_BLOCKED_UNI = 0x17;
    /** NEW_CONNECTION_ID, §19.15. */
    public static final long NEW_CONNECTION_ID = 0x18;
    /** RETIRE_CONNECTION_ID, §19.16. */
    public static final long RETIRE_CONNECTION_ID = 0x19;
    /** PATH_CHALLENGE, §19.17. */
    public static final long PATH_CHALLENGE = 0x1a;
    /** PATH_RESPONSE, §19.18. */
    public static final long PATH_RESPONSE = 0x1b;
    /** CONNECTION_CLOSE carrying a transport error code, §19.19. */
    public static final long CONNECTION_CLOSE = 0x1c;
    /** CONNECTION_CLOSE carrying an application error code, §19.19. */
    public static final long CONNECTION_CLOSE_APP = 0x1d;
    /** HANDSHAKE_DONE, §19.20. */
    public static final long HANDSHAKE_DONE = 0x1e;
    /** DATAGRAM without a Length field, RFC 9221 §4. */
    public static final long DATAGRAM = 0x30;
    /** DATAGRAM with a Length field, RFC 9221 §4. */
    public static final long DATAGRAM_LEN = 0x31;

    private FrameType() {
    }

    /**
     * Whether quic4j knows how to parse this frame type.
     *
     * @param type a frame type value
     * @return true for 0x00-0x1e, 0x30 and 0x31
     */
    public static boolean isKnown(long type) {
        return (type >= PADDING && type <= HANDSHAKE_DONE) || type == DATAGRAM || type == DATAGRAM_LEN;
    }

    /**
     * The frame's name as the RFCs (and qlog) spell it, for logs and error messages.
     *
     * @param type a frame type value
     * @return e.g. {@code "STREAM"}, or {@code "UNKNOWN(0x40)"}
     */
    public static String name(long type) {
        if (type >= STREAM && type <= STREAM_MAX) {
            return "STREAM";
        }
        return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case 0x00 -> "PADDING";
            case 0x01 -> "PING";
            case 0x02, 0x03 -> "ACK";
            case 0x04 -> "RESET_STREAM";
            case 0x05 -> "STOP_SENDING";
            case 0x06 -> "CRYPTO";
            case 0x07 -> "NEW_TOKEN";
            case 0x10 -> "MAX_DATA";
            case 0x11 -> "MAX_STREAM_DATA";
            case 0x12, 0x13 -> "MAX_STREAMS";
            case 0x14 -> "DATA_BLOCKED";
            case 0x15 -> "STREAM_DATA_BLOCKED";
            case 0x16, 0x17 -> "STREAMS_BLOCKED";
            case 0x18 -> "NEW_CONNECTION_ID";
            case 0x19 -> "RETIRE_CONNECTION_ID";
            case 0x1a -> "PATH_CHALLENGE";
            case 0x1b -> "PATH_RESPONSE";
            case 0x1c, 0x1d -> "CONNECTION_CLOSE";
            case 0x1e -> "HANDSHAKE_DONE";
            case 0x30, 0x31 -> "DATAGRAM";
            default -> "UNKNOWN(0x" + Long.toHexString(type) + ")";
        };
    }
}
