package io.quic4j.http3.frame;

/**
 * The HTTP/3 frame type codes (RFC 9114 §7.2, §11.2.1), including the HTTP/2 codes that HTTP/3 reserves
 * and forbids (§7.2.8).
 */
public final class FrameType {
    /** DATA (§7.2.1). */
    public static final long DATA = 0x00;
    /** HEADERS (§7.2.2). */
    public static final long HEADERS = 0x01;
    /** CANCEL_PUSH (§7.2.3). */
    public static final long CANCEL_PUSH = 0x03;
    /** SETTINGS (§7.2.4). */
    public static final long SETTINGS = 0x04;
    /** PUSH_PROMISE (§7.2.5). */
    public static final long PUSH_PROMISE = 0x05;
    /** GOAWAY (§7.2.6). */
    public static final long GOAWAY = 0x07;
    /** MAX_PUSH_ID (§7.2.7). */
    public static final long MAX_PUSH_ID = 0x0d;

    private FrameType() {
    }

    /**
     * @param type a frame type
     * @return whether it is an HTTP/2 frame type with no HTTP/3 equivalent (PRIORITY 0x02, PING 0x06,
     *     WINDOW_UPDATE 0x08, CONTINUATION 0x09), whose receipt is H3_FRAME_UNEXPECTED (§7.2.8)
     */
    public static boolean isHttp2Only(long type) {
        return type == 0x02 || type == 0x06 || type == 0x08 || type == 0x09;
    }

    /**
     * @param type a frame type
     * @return whether this package decodes its payload (every type of §7.2 but the HTTP/2 ones)
     */
    public static boolean isKnown(long type) {
        return type == DATA || type == HEADERS || type == CANCEL_PUSH || type == SETTINGS || type == PUSH_PROMISE
                || type == GOAWAY || type == MAX_PUSH_ID;
    }

    /**
     * @param type a frame type
     * @return its RFC name, or a hex label for other types, for messages
     */
    public static String name(long type) {
        return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case 0x00 -> "DATA";
            case 0x01 -> "HEADERS";
            case 0x03 -> "CANCEL_PUSH";
            case 0x04 -> "SETTINGS";
            case 0x05 -> "PUSH_PROMISE";
            case 0x07 -> "GOAWAY";
            case 0x0d -> "MAX_PUSH_ID";
            default -> (Reserved.isReserved(type) ? "reserved" : isHttp2Only(type) ? "HTTP/2" : "unknown")
                    + " frame type 0x" + Long.toHexString(type);
        };
    }
}
