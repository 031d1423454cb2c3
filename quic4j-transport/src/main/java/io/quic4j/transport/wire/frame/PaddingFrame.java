package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/**
 * A run of PADDING frames (RFC 9000 §19.1). Each PADDING frame is one 0x00 byte with no meaning; the
 * decoder folds consecutive ones into a single record so that a padded Initial packet costs one object,
 * not a thousand.
 *
 * @param length how many 0x00 bytes, at least 1
 */
public record PaddingFrame(int length) implements Frame {
    /**
     * @param length how many 0x00 bytes, at least 1
     */
    public PaddingFrame {
        if (length < 1) {
            throw new IllegalArgumentException("PADDING length must be at least 1 byte, was " + length);
        }
    }

    @Override
    public long type() {
        return FrameType.PADDING;
    }

    @Override
    public int encodedLength() {
        return length;
    }

    @Override
    public void encode(ByteBuffer out) {
        int pos = out.position();
        if (out.remaining() < length) {
            throw new java.nio.BufferOverflowException();
        }
        for (int i = 0; i < length; i++) {
            out.put(pos + i, (byte) 0);
        }
        out.position(pos + length);
    }
}
