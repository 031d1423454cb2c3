package io.quic4j.http3.qpack;

import java.util.Arrays;

/** A growable list of primitive longs (absolute indices referenced by one field section). */
final class LongList {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
