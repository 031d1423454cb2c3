package io.quic4j.transport.stream;

import java.nio.ByteBuffer;

/**
 * The next piece of a {@link SendBuffer} to put in a frame: the bytes at {@code offset}, and whether the
 * frame ends the stream.
 *
 * @param offset the stream offset of the first byte
 * @param data a read-only view of the bytes (no copy); it stays valid and unchanged after the range is
 *     acknowledged or the buffer reset
 * @param fin whether the frame carries FIN (its end is the final size)
 */
public record SendChunk(long offset, ByteBuffer data, boolean fin) {
    /** @return the number of bytes */
    public int length() {
        return data.remaining();
    }

    /** @return the offset just past the bytes */
    public long end() {
        return offset + data.remaining();
    }
}
