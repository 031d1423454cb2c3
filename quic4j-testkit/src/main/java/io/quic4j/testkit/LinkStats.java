package io.quic4j.testkit;

import java.util.Map;

/**
 * A snapshot of one link direction's counters. {@code delivered} counts every copy that reached the
 * receiver, duplicates included; so {@code sent == delivered - duplicated + dropped} once nothing is in
 * flight.
 *
 * @param sent datagrams handed to the link
 * @param bytesSent their bytes
 * @param delivered copies delivered
 * @param bytesDelivered their bytes
 * @param duplicated extra copies scheduled
 * @param corrupted copies with flipped bits
 * @param reordered datagrams held back for reordering
 * @param dropped datagrams dropped, by reason (every reason present, zero when none)
 */
public record LinkStats(long sent, long bytesSent, long delivered, long bytesDelivered, long duplicated,
        long corrupted, long reordered, Map<DropReason, Long> dropped) {

    /** Copies the map. */
    public LinkStats {
        dropped = Map.copyOf(dropped);
    }

    /**
     * Datagrams dropped for one reason.
     *
     * @param reason the reason
     * @return the count
     */
    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /**
     * Datagrams dropped for any reason.
     *
     * @return the count
     */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
