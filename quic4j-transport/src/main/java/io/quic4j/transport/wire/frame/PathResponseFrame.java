package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/**
 * PATH_RESPONSE (RFC 9000 §19.18): echoes the 8 bytes of a PATH_CHALLENGE. Kept as a {@code long}
 * (big-endian, as on the wire) so it needs no array.
 *
 * @param data the 8 bytes, big-endian
 */
public record PathResponseFrame(long data) implements Frame {
    @Override
    public long type() {
        return FrameType.PATH_RESPONSE;
    }

    @Override
    public int encodedLength() {
        return 9;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.PATH_RESPONSE);
        out.putLong(data);
    }

    @Override
    public String toString() {
        return "PathResponseFrame[data=" + String.format("%016x", data) + "]";
    }
}
