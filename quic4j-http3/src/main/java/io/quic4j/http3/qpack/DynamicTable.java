package io.quic4j.http3.qpack;

import java.util.HashMap;
import java.util.Map;

/**
 * The QPACK dynamic table (RFC 9204 §3.2): a FIFO of field lines addressed by absolute index (§3.2.4), with a
 * capacity bounded by a maximum (§3.2.3), entry size name + value + 32 (§3.2.1), and eviction from the oldest end
 * (§3.2.2). Both sides keep one: the decoder's follows the encoder's instructions; the encoder's also counts, per
 * entry, the unacknowledged field sections that reference it, since an entry may only be evicted once its insertion
 * is acknowledged and no unacknowledged section references it (§2.1.1), and it indexes entries by name and by
 * name+value for lookups.
 */
final class DynamicTable {
    private final long maxCapacity;
    private final boolean indexed;

    private FieldLine[] ring = new FieldLine[16];
    private int[] refs = new int[16];
    /** Absolute index of the oldest entry: the number of entries evicted so far. */
    private long first;
    /** Number of insertions so far: the absolute index the next entry gets. */
    private long insertCount;
    private long size;
    private long capacity;

    /** Encoder only: the newest absolute index of each name+value (sensitive flag false) and of each name. */
    private final Map<FieldLine, Long> byNameValue;
    private final Map<String, Long> byName;

    /**
     * @param maxCapacity the limit on {@link #setCapacity} (SETTINGS_QPACK_MAX_TABLE_CAPACITY)
     * @param indexed whether to keep the lookup indices (the encoder's table)
     */
    DynamicTable(long maxCapacity, boolean indexed) {
        if (maxCapacity < 0) {
            throw new IllegalArgumentException("maxCapacity must be >= 0, was " + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        this.indexed = indexed;
        this.byNameValue = indexed ? new HashMap<>() : Map.of();
        this.byName = indexed ? new HashMap<>() : Map.of();
    }

    long maxCapacity() {
        return maxCapacity;
    }

    long capacity() {
        return capacity;
    }

    long size() {
        return size;
    }

    /** @return the number of insertions so far (the decoder's Insert Count, §2.1.4 / §4.5.1.1) */
    long insertCount() {
        return insertCount;
    }

    /** @return the absolute index of the oldest entry still in the table */
    long firstIndex() {
        return first;
    }

    /** @return the number of entries in the table */
    int entryCount() {
        return (int) (insertCount - first);
    }

    /** @return the entry with this absolute index, or {@code null} if evicted or not yet inserted */
    FieldLine get(long absoluteIndex) {
        if (absoluteIndex < first || absoluteIndex >= insertCount) {
            return null;
        }
        return ring[slot(absoluteIndex)];
    }

    /**
     * Sets the capacity, evicting from the oldest end until the size fits (§3.2.2). The caller has checked
     * {@code capacity <= maxCapacity()} and, on the encoder side, {@link #canEvictTo}.
     */
    void setCapacity(long newCapacity) {
        if (newCapacity < 0 || newCapacity > maxCapacity) {
            throw new IllegalArgumentException("capacity must be 0.." + maxCapacity + ", was " + newCapacity);
        }
        capacity = newCapacity;
        evictTo(newCapacity);
    }

    /**
     * Inserts an entry at the newest end, first evicting the oldest entries until it fits (§3.2.2). The caller has
     * checked that the entry is no larger than the capacity and, on the encoder side, {@link #canInsert}.
     *
     * @return the new entry's absolute index
     */
    long insert(FieldLine line) {
        long entrySize = line.size();
        if (entrySize > capacity) {
            throw new IllegalArgumentException("entry of " + entrySize + " bytes exceeds the capacity " + capacity);
        }
        // RFC 9204 §3.2.2: a new entry may name an entry that this very insertion evicts; FieldLine is immutable,
        // so the caller's copy stays valid.
        evictTo(capacity - entrySize);
        int count = entryCount();
        if (count == ring.length) {
            grow();
        }
        long index = insertCount++;
        FieldLine stored = line.sensitive() ? new FieldLine(line.name(), line.value(), false) : line;
        ring[slot(index)] = stored;
        refs[slot(index)] = 0;
        size += entrySize;
        if (indexed) {
            byNameValue.put(stored, index);
            byName.put(stored.name(), index);
        }
        return index;
    }

    /**
     * Encoder side: whether an entry of {@code entrySize} bytes can be inserted without evicting an entry that is
     * not evictable (§2.1.1: "the encoder MUST NOT insert that entry").
     *
     * @param entrySize the new entry's size
     * @param knownReceivedCount entries below this absolute index are acknowledged
     */
    boolean canInsert(long entrySize, long knownReceivedCount) {
        return entrySize <= capacity && canEvictTo(capacity - entrySize, knownReceivedCount);
    }

    /**
     * Encoder side: whether evicting the oldest entries can bring the size down to {@code targetSize} without
     * evicting an unacknowledged or referenced one (§2.1.1, §4.3.1).
     */
    boolean canEvictTo(long targetSize, long knownReceivedCount) {
        long remaining = size;
        for (long index = first; remaining > targetSize; index++) {
            if (index >= knownReceivedCount || refs[slot(index)] > 0) {
                return false;
            }
            remaining -= ring[slot(index)].size();
        }
        return true;
    }

    /**
     * The draining index of RFC 9204 §2.1.1.1: the oldest absolute index the encoder still references, chosen so
     * that the entries below it, which it stops referencing, would make room for {@code reserve} bytes.
     *
     * @param reserve bytes to keep reclaimable (a fraction of the capacity)
     * @return the smallest absolute index worth referencing
     */
    long drainingIndex(long reserve) {
        long remaining = size;
        long index = first;
        while (index < insertCount && remaining > capacity - reserve) {
            remaining -= ring[slot(index)].size();
            index++;
        }
        return index;
    }

    /** Encoder side: one more unacknowledged field section references this entry. */
    void reference(long absoluteIndex) {
        refs[slot(checkPresent(absoluteIndex))]++;
    }

    /** Encoder side: a field section referencing this entry was acknowledged or cancelled. */
    void release(long absoluteIndex) {
        int slot = slot(checkPresent(absoluteIndex));
        if (refs[slot] == 0) {
            throw new IllegalStateException("entry " + absoluteIndex + " released more often than referenced");
        }
        refs[slot]--;
    }

    /** @return the number of unacknowledged sections referencing the entry */
    int references(long absoluteIndex) {
        return refs[slot(checkPresent(absoluteIndex))];
    }

    /** Encoder side: the newest entry with this name and value, or -1. */
    long indexOf(String name, String value) {
        return byNameValue.getOrDefault(new FieldLine(name, value, false), -1L);
    }

    /** Encoder side: the newest entry with this name, or -1. */
    long indexOfName(String name) {
        return byName.getOrDefault(name, -1L);
    }

    private long checkPresent(long absoluteIndex) {
        if (absoluteIndex < first || absoluteIndex >= insertCount) {
            throw new IllegalStateException("entry " + absoluteIndex + " is not in the table [" + first + ", "
                    + insertCount + ")");
        }
        return absoluteIndex;
    }

    private void evictTo(long targetSize) {
        while (size > targetSize) {
            int slot = slot(first);
            FieldLine evicted = ring[slot];
            if (indexed) {
                // Duplicates share a key; the map holds the newest, so only that one's eviction removes the key.
                byNameValue.remove(evicted, first);
                byName.remove(evicted.name(), first);
            }
            ring[slot] = null;
            size -= evicted.size();
            first++;
        }
    }

    private void grow() {
        FieldLine[] newRing = new FieldLine[ring.length * 2];
        int[] newRefs = new int[refs.length * 2];
        for (long index = first; index < insertCount; index++) {
            int to = (int) (index & (newRing.length - 1));
            newRing[to] = ring[slot(index)];
            newRefs[to] = refs[slot(index)];
        }
        ring = newRing;
        refs = newRefs;
    }

    private int slot(long absoluteIndex) {
        return (int) (absoluteIndex & (ring.length - 1));
    }
}
