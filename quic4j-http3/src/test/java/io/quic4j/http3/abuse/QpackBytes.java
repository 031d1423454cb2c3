package io.quic4j.http3.abuse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * QPACK bytes written by hand (RFC 9204 §4.1.1 prefixed integers, §4.3 encoder instructions, §4.5 field sections),
 * for attacks that a real encoder would never produce.
 */
final class QpackBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * A prefixed integer (RFC 9204 §4.1.1, RFC 7541 §5.1).
     *
     * @param flags the bits above the prefix
     * @param prefixBits the prefix width, 1..8
     * @param value the value
     * @return this
     */
    QpackBytes integer(int flags, int prefixBits, long value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | (int) value);
            return this;
        }
        out.write(flags | max);
        long rest = value - max;
        while (rest >= 128) {
            out.write((int) (rest % 128) | 0x80);
            rest /= 128;
        }
        out.write((int) rest);
        return this;
    }

    /** @return this, with raw bytes appended */
    QpackBytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** Set Dynamic Table Capacity (RFC 9204 §4.3.1). */
    QpackBytes setCapacity(long capacity) {
        return integer(0x20, 5, capacity);
    }

    /** Insert with Literal Name (RFC 9204 §4.3.3), no Huffman. */
    QpackBytes insert(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        integer(0x40, 5, n.length).raw(n);
        return integer(0, 7, v.length).raw(v);
    }

    /**
     * The field section prefix (RFC 9204 §4.5.1) for a Required Insert Count and Base both equal to
     * {@code insertCount}.
     */
    QpackBytes prefix(long insertCount, long maxTableCapacity) {
        long maxEntries = maxTableCapacity / 32;
        long encoded = insertCount == 0 ? 0 : insertCount % (2 * maxEntries) + 1;
        integer(0, 8, encoded);
        return integer(0, 7, 0);
    }

    /** Indexed Field Line (RFC 9204 §4.5.2), dynamic, relative to Base. */
    QpackBytes indexedDynamic(long relativeIndex) {
        return integer(0x80, 6, relativeIndex);
    }

    /** Indexed Field Line, static table. */
    QpackBytes indexedStatic(long index) {
        return integer(0xc0, 6, index);
    }

    /** Literal Field Line with Literal Name (RFC 9204 §4.5.6), no Huffman. */
    QpackBytes literal(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        integer(0x20, 3, n.length).raw(n);
        return integer(0, 7, v.length).raw(v);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
