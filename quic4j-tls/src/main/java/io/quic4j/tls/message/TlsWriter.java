package io.quic4j.tls.message;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes the TLS presentation language (RFC 8446 §3) into a growable array. Length-prefixed vectors
 * are written with {@link #beginVector(int)} / {@link #endVector(int, int)}, which patch the prefix
 * and refuse contents longer than it can express.
 */
public final class TlsWriter {
    private byte[] bytes;
    private int size;

    /** A writer with a small initial capacity. */
    public TlsWriter() {
        this(256);
    }

    /** @param capacity initial capacity in bytes */
    public TlsWriter(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    /** @return bytes written so far */
    public int size() {
        return size;
    }

    /**
     * @param v the byte
     * @return this
     */
    public TlsWriter u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    /**
     * @param v the value, big-endian
     * @return this
     */
    public TlsWriter u16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    /**
     * @param v the value, big-endian
     * @return this
     */
    public TlsWriter u24(int v) {
        ensure(3);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    /**
     * @param v the value, big-endian
     * @return this
     */
    public TlsWriter u32(long v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    /**
     * @param src bytes to copy
     * @return this
     */
    public TlsWriter bytes(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, size, src.length);
        size += src.length;
        return this;
    }

    /**
     * @param src bytes to copy, from position to limit; the buffer's position is not changed
     * @return this
     */
    public TlsWriter bytes(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(src.position(), bytes, size, n);
        size += n;
        return this;
    }

    /**
     * Reserves a length prefix.
     *
     * @param lengthBytes 1, 2 or 3
     * @return the mark to pass to {@link #endVector(int, int)}
     */
    public int beginVector(int lengthBytes) {
        ensure(lengthBytes);
        int mark = size;
        size += lengthBytes;
        return mark;
    }

    /**
     * Fills in a length prefix reserved by {@link #beginVector(int)}.
     *
     * @param mark the value {@link #beginVector(int)} returned
     * @param lengthBytes the same prefix length
     */
    public void endVector(int mark, int lengthBytes) {
        int length = size - mark - lengthBytes;
        if (length >= 1 << (8 * lengthBytes)) {
            throw new IllegalStateException("vector of " + length + " bytes exceeds a " + lengthBytes + "-byte length");
        }
        for (int i = 0; i < lengthBytes; i++) {
            bytes[mark + i] = (byte) (length >>> (8 * (lengthBytes - 1 - i)));
        }
    }

    /**
     * Writes {@code opaque<..>} with a length prefix.
     *
     * @param lengthBytes 1, 2 or 3
     * @param src contents, from position to limit
     * @return this
     */
    public TlsWriter vector(int lengthBytes, ByteBuffer src) {
        int mark = beginVector(lengthBytes);
        bytes(src);
        endVector(mark, lengthBytes);
        return this;
    }

    /**
     * Writes {@code opaque<..>} with a length prefix.
     *
     * @param lengthBytes 1, 2 or 3
     * @param src contents
     * @return this
     */
    public TlsWriter vector(int lengthBytes, byte[] src) {
        return vector(lengthBytes, ByteBuffer.wrap(src));
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** @return a buffer over the bytes written (shares this writer's array until it grows) */
    public ByteBuffer toBuffer() {
        return ByteBuffer.wrap(bytes, 0, size).slice();
    }
}
