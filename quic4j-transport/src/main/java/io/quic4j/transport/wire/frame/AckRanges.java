package io.quic4j.transport.wire.frame;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The acknowledged packet numbers of an ACK frame (RFC 9000 §19.3.1): one or more disjoint ranges in
 * descending order, with at least one unacknowledged packet between neighbours. Immutable.
 *
 * <p>Stored as one {@code long[]} of {@code [smallest, largest]} pairs, largest range first, so that
 * loss detection can walk it by index without allocating:
 *
 * <pre>{@code
 * for (int i = 0; i < ranges.size(); i++) {
 *     onAcked(ranges.smallest(i), ranges.largest(i));
 * }
 * }</pre>
 *
 * It is also {@link Iterable} over {@link AckRange} records for code where an object per range is fine.
 */
public final class AckRanges implements Iterable<AckRange> {
    /** [smallest0, largest0, smallest1, largest1, ...], descending; length is exactly 2 * size. */
    private final long[] pairs;
    /** Cached size of the ranges' wire encoding (§19.3: count, first range, gaps and lengths); 0 = unknown. */
    private int wireLength;

    private AckRanges(long[] pairs) {
        this.pairs = pairs;
    }

    /**
     * Ranges from {@code [smallest, largest]} pairs in descending order.
     *
     * @param smallestLargestPairs e.g. {@code 8, 10, 3, 5} for packets 8-10 and 3-5
     * @return the ranges
     * @throws IllegalArgumentException if empty, odd, out of order, overlapping or adjacent
     */
    public static AckRanges of(long... smallestLargestPairs) {
        if (smallestLargestPairs.length == 0 || smallestLargestPairs.length % 2 != 0) {
            throw new IllegalArgumentException("need one or more [smallest, largest] pairs, got "
                    + smallestLargestPairs.length + " values");
        }
        long[] pairs = smallestLargestPairs.clone();
        for (int i = 0; i < pairs.length; i += 2) {
            validate(pairs, i);
        }
        return new AckRanges(pairs);
    }

    /**
     * A single range.
     *
     * @param range the acknowledged packet numbers
     * @return the ranges
     */
    public static AckRanges of(AckRange range) {
        return new AckRanges(new long[]{range.smallest(), range.largest()});
    }

    /** @return a builder that takes ranges from the highest down */
    public static Builder builder() {
        return new Builder();
    }

    /** Wraps an array the caller will not touch again; only the decoder, which has validated it. */
    static AckRanges wrap(long[] pairs) {
        return new AckRanges(pairs);
    }

    private static void validate(long[] pairs, int i) {
        long smallest = pairs[i];
        long largest = pairs[i + 1];
        new AckRange(smallest, largest);
        if (i > 0 && largest > pairs[i - 2] - 2) {
            throw new IllegalArgumentException("ACK ranges must be descending with a gap of at least one packet: ["
                    + smallest + ", " + largest + "] follows [" + pairs[i - 2] + ", " + pairs[i - 1]
                    + "]; merge adjacent ranges and list the highest first");
        }
    }

    /** @return the number of ranges, at least 1 */
    public int size() {
        return pairs.length >> 1;
    }

    /**
     * @param index 0 for the highest range
     * @return the lowest packet number of that range
     */
    public long smallest(int index) {
        return pairs[index << 1];
    }

    /**
     * @param index 0 for the highest range
     * @return the highest packet number of that range
     */
    public long largest(int index) {
        return pairs[(index << 1) + 1];
    }

    /** @return the Largest Acknowledged field: the highest packet number acknowledged */
    public long largest() {
        return pairs[1];
    }

    /** @return the lowest packet number acknowledged */
    public long smallest() {
        return pairs[pairs.length - 2];
    }

    /**
     * @param index 0 for the highest range
     * @return that range as a record
     */
    public AckRange get(int index) {
        return new AckRange(smallest(index), largest(index));
    }

    /**
     * Whether a packet number is acknowledged, by binary search.
     *
     * @param packetNumber the packet number
     * @return true if some range holds it
     */
    public boolean contains(long packetNumber) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (packetNumber > largest(mid)) {
                hi = mid - 1;
            } else if (packetNumber < smallest(mid)) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** @return a copy of the {@code [smallest, largest]} pairs, highest range first */
    public long[] toArray() {
        return pairs.clone();
    }

    @Override
    public Iterator<AckRange> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public AckRange next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    /** Size of ACK Range Count, First ACK Range and the ACK Ranges (§19.3), without Largest Acknowledged. */
    int wireLength() {
        int n = wireLength;
        if (n == 0) {
            n = VarInt.size(size() - 1) + VarInt.size(pairs[1] - pairs[0]);
            for (int i = 2; i < pairs.length; i += 2) {
                n += VarInt.size(pairs[i - 2] - pairs[i + 1] - 2) + VarInt.size(pairs[i + 1] - pairs[i]);
            }
            wireLength = n;
        }
        return n;
    }

    /** Writes ACK Range Count, First ACK Range and the (Gap, ACK Range Length) pairs. */
    void encode(ByteBuffer out) {
        VarInt.write(out, size() - 1);
        VarInt.write(out, pairs[1] - pairs[0]);
        for (int i = 2; i < pairs.length; i += 2) {
            // RFC 9000 §19.3.1: largest = previous_smallest - gap - 2; smallest = largest - ack_range
            VarInt.write(out, pairs[i - 2] - pairs[i + 1] - 2);
            VarInt.write(out, pairs[i + 1] - pairs[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AckRanges other && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(smallest(i)).append('-').append(largest(i));
        }
        return sb.append(']').toString();
    }

    /** Collects ranges from the highest down; each must lie below the previous one with a gap. */
    public static final class Builder {
        private long[] pairs = new long[8];
        private int length;

        private Builder() {
        }

        /**
         * Adds the next lower range.
         *
         * @param smallest its lowest packet number
         * @param largest its highest packet number, at most the previous range's smallest minus 2
         * @return this builder
         */
        public Builder add(long smallest, long largest) {
            if (length == pairs.length) {
                pairs = Arrays.copyOf(pairs, length * 2);
            }
            pairs[length] = smallest;
            pairs[length + 1] = largest;
            validate(pairs, length);
            length += 2;
            return this;
        }

        /** @return the number of ranges added so far */
        public int size() {
            return length >> 1;
        }

        /**
         * @return the ranges
         * @throws IllegalStateException if no range was added
         */
        public AckRanges build() {
            if (length == 0) {
                throw new IllegalStateException("an ACK frame needs at least one range; add one before build()");
            }
            return new AckRanges(Arrays.copyOf(pairs, length));
        }
    }
}
