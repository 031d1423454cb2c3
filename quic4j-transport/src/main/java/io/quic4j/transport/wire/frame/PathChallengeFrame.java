package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/**
 * PATH_CHALLENGE (RFC 9000 §19.17): 8 bytes of unpredictable data the peer must echo in a
 * PATH_RESPONSE. Kept as a {@code long} (big-endian, as on the wire) so it needs no array.
 *
 * @param data the 8 bytes, big-endian
 */
public record PathChallengeFrame(long data) implements Frame {
    @Override
    public long type() {
        return FrameType.PATH_CHALLENGE;
    }

    @Override
    public int encodedLength() {
        return 9;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.PATH_CHALLENGE);
        out.putLong(data);
    }

    @Override
    public String toString() {
        return "PathChallengeFrame[data=" + String.format("%016x", data) + "]";
    }
}
