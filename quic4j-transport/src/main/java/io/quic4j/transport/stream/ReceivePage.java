package io.quic4j.transport.stream;

import java.nio.ByteBuffer;

/**
 * One fixed-size page of a {@link ReceiveBuffer}: the bytes, and a bitmap of which of them have arrived.
 * All work is done a 64-bit word or an {@code arraycopy} at a time, never per byte.
 *
 * <p>A page costs {@link #SIZE} bytes plus an eighth of that for the bitmap, so however a peer scatters
 * its frames, a buffer never holds more than about 1.13 times the span it is allowed to fill, rounded
 * up to whole pages.
 */
final class ReceivePage {
    static final int SHIFT = 12;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;
    private static final int WORDS = SIZE / Long.SIZE;
    /**
     * What one page costs the heap, for memory accounting: the bytes, the bitmap, and about 128 bytes for the
     * two array headers, the page object and its map entry and key (a rounded estimate; compressed oops).
     */
    static final int FOOTPRINT = SIZE + WORDS * Long.BYTES + 128;

    private final byte[] data = new byte[SIZE];
    private final long[] received = new long[WORDS];

    ReceivePage() {
    }

    /**
     * Copies the bytes of {@code [from, to)} that have not arrived yet from {@code src} and marks them
     * arrived. Bytes already present keep their first value (RFC 9000 §2.2).
     *
     * @param from first index in the page
     * @param to index past the last
     * @param src the frame data
     * @param srcIndex absolute index in {@code src} of the byte for page index {@code from}
     * @return how many bytes were new
     */
    int fill(int from, int to, ByteBuffer src, int srcIndex) {
        int added = 0;
        int cursor = nextMissing(from, to);
        while (cursor < to) {
            int runEnd = nextPresent(cursor, to);
            src.get(srcIndex + (cursor - from), data, cursor, runEnd - cursor);
            mark(cursor, runEnd);
            added += runEnd - cursor;
            cursor = nextMissing(runEnd, to);
        }
        return added;
    }

    /**
     * Compares the bytes of {@code [from, to)} that have arrived with the same bytes of {@code src}.
     *
     * @param from first index in the page
     * @param to index past the last
     * @param src the frame data
     * @param srcIndex absolute index in {@code src} of the byte for page index {@code from}
     * @return whether any arrived byte differs
     */
    boolean differs(int from, int to, ByteBuffer src, int srcIndex) {
        for (int cursor = nextPresent(from, to); cursor < to;) {
            int runEnd = nextMissing(cursor, to);
            int length = runEnd - cursor;
            if (ByteBuffer.wrap(data, cursor, length).mismatch(src.slice(srcIndex + (cursor - from), length)) >= 0) {
                return true;
            }
            cursor = nextPresent(runEnd, to);
        }
        return false;
    }

    /**
     * @param from first index to look at
     * @param to where to stop
     * @return the first index in {@code [from, to)} whose byte has not arrived, or {@code to}
     */
    int nextMissing(int from, int to) {
        if (from >= to) {
            return to;
        }
        int word = from >>> 6;
        long bits = ~received[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                return Math.min(to, (word << 6) + Long.numberOfTrailingZeros(bits));
            }
            word++;
            if (word << 6 >= to) {
                return to;
            }
            bits = ~received[word];
        }
    }

    /**
     * @param from first index to look at
     * @param to where to stop
     * @return the first index in {@code [from, to)} whose byte has arrived, or {@code to}
     */
    int nextPresent(int from, int to) {
        if (from >= to) {
            return to;
        }
        int word = from >>> 6;
        long bits = received[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                return Math.min(to, (word << 6) + Long.numberOfTrailingZeros(bits));
            }
            word++;
            if (word << 6 >= to) {
                return to;
            }
            bits = received[word];
        }
    }

    private void mark(int from, int to) {
        int firstWord = from >>> 6;
        int lastWord = (to - 1) >>> 6;
        long firstMask = -1L << (from & 63);
        long lastMask = -1L >>> (63 - ((to - 1) & 63));
        if (firstWord == lastWord) {
            received[firstWord] |= firstMask & lastMask;
            return;
        }
        received[firstWord] |= firstMask;
        for (int w = firstWord + 1; w < lastWord; w++) {
            received[w] = -1L;
        }
        received[lastWord] |= lastMask;
    }

    /**
     * A read-only view of bytes that have arrived. They never change afterwards (arrived bytes keep
     * their first value and pages are not reused), so the view stays valid after the page is freed.
     */
    ByteBuffer view(int from, int length) {
        return ByteBuffer.wrap(data, from, length).slice().asReadOnlyBuffer();
    }
}
