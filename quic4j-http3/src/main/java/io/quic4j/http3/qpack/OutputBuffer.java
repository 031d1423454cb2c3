package io.quic4j.http3.qpack;

import java.nio.ByteBuffer;

/** A growable output buffer for instructions and field sections whose exact size is known only once written. */
final class OutputBuffer {
    private ByteBuffer buffer;

    OutputBuffer(int initialCapacity) {
        buffer = ByteBuffer.allocate(initialCapacity);
    }

    /**
     * @param bytes an upper bound on what the caller writes next
     * @return the buffer to write into, with at least {@code bytes} remaining
     */
    ByteBuffer reserve(int bytes) {
        if (buffer.remaining() < bytes) {
            int needed = buffer.position() + bytes;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
            bigger.put(buffer.flip());
            buffer = bigger;
        }
        return buffer;
    }

    /** @return the number of bytes written */
    int length() {
        return buffer.position();
    }

    /** @return the bytes written so far, ready to read, and empties this buffer */
    ByteBuffer take() {
        ByteBuffer out = ByteBuffer.allocate(buffer.position());
        out.put(buffer.flip()).flip();
        buffer.clear();
        return out;
    }
}
