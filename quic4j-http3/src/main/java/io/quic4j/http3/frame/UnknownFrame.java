package io.quic4j.http3.frame;

/**
 * A frame of a type this package does not interpret: an extension's, or a reserved {@code 0x1f * N + 0x21}
 * type (RFC 9114 §7.2.8). Its payload is skipped unread, as §9 requires ("Implementations MUST ignore
 * unknown or unsupported values in all extensible protocol elements"); only its type and length are kept.
 * {@link Http3FrameWriter} writes it with a payload of {@code length} zero bytes (padding).
 *
 * @param type the frame type, neither a known one nor an HTTP/2 one
 * @param length the payload length
 */
public record UnknownFrame(long type, long length) implements Http3Frame {
    /**
     * @param type 0 to 2^62-1, not a type of RFC 9114 §7.2 nor a forbidden HTTP/2 type
     * @param length 0 to 2^62-1
     */
    public UnknownFrame {
        Http3VarInt.size(type);
        Http3VarInt.size(length);
        if (FrameType.isKnown(type) || FrameType.isHttp2Only(type)) {
            throw new IllegalArgumentException("type " + FrameType.name(type) + " is not an unknown frame type");
        }
    }
}
