package io.quic4j.transport.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of byte offsets as sorted, disjoint, non-adjacent half-open ranges {@code [start, end)}. Adding
 * or removing a range costs O((k + 1) log n) for k ranges it touches, never per byte.
 *
 * <p>Used by {@link SendBuffer} for acknowledged and lost ranges; both only ever hold ranges we sent,
 * so their size is bounded by our own packets in flight.
 */
final class RangeSet {
    /** start -> end. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long size;

    RangeSet() {
    }

    /** Adds {@code [start, end)}, merging with overlapping or adjacent ranges. */
    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            if (before.getValue() >= end) {
                return;
            }
            start = before.getKey();
        }
        // Swallow every range that starts inside [start, end].
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            size -= next.getValue() - next.getKey();
            ranges.remove(next.getKey());
            next = ranges.higherEntry(next.getKey());
        }
        ranges.put(start, end);
        size += end - start;
    }

    /** Removes {@code [start, end)}, splitting ranges that straddle its edges. */
    void remove(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.lowerEntry(start);
        if (before != null && before.getValue() > start) {
            long beforeEnd = before.getValue();
            ranges.put(before.getKey(), start);
            size -= beforeEnd - start;
            if (beforeEnd > end) {
                ranges.put(end, beforeEnd);
                size += beforeEnd - end;
                return;
            }
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() < end) {
            long nextEnd = next.getValue();
            ranges.remove(next.getKey());
            size -= nextEnd - next.getKey();
            if (nextEnd > end) {
                ranges.put(end, nextEnd);
                size += nextEnd - end;
                return;
            }
            next = ranges.higherEntry(next.getKey());
        }
    }

    /**
     * Adds to {@code target} the parts of {@code [start, end)} that are not in this set.
     *
     * @param target where the missing parts go
     */
    void addMissingTo(RangeSet target, long start, long end) {
        long cursor = start;
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() > cursor) {
            cursor = before.getValue();
        }
        Map.Entry<Long, Long> next = ranges.higherEntry(start);
        while (cursor < end && next != null && next.getKey() < end) {
            target.add(cursor, next.getKey());
            cursor = Math.max(cursor, next.getValue());
            next = ranges.higherEntry(next.getKey());
        }
        if (cursor < end) {
            target.add(cursor, end);
        }
    }

    /** @return whether the set holds no offsets */
    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** @return the number of offsets in the set */
    long size() {
        return size;
    }

    /** @return the lowest range, or {@code null} */
    Map.Entry<Long, Long> first() {
        return ranges.firstEntry();
    }

    /** @return the number of disjoint ranges */
    int rangeCount() {
        return ranges.size();
    }

    void clear() {
        ranges.clear();
        size = 0;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
