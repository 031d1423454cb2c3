package io.quic4j.testkit.internal;

import io.quic4j.testkit.DropReason;
import io.quic4j.testkit.LinkStats;
import java.util.EnumMap;
import java.util.Map;

/** The mutable counters behind {@link LinkStats}, owned by one link direction. */
public final class LinkCounters {
    /** Datagrams handed to the link. */
    public long sent;
    /** Their bytes. */
    public long bytesSent;
    /** Copies delivered. */
    public long delivered;
    /** Their bytes. */
    public long bytesDelivered;
    /** Extra copies scheduled. */
    public long duplicated;
    /** Copies corrupted. */
    public long corrupted;
    /** Datagrams held back for reordering. */
    public long reordered;
    private final long[] dropped = new long[DropReason.values().length];

    /** Creates counters at zero. */
    public LinkCounters() {
    }

    /**
     * Counts a drop.
     *
     * @param reason why
     */
    public void drop(DropReason reason) {
        dropped[reason.ordinal()]++;
    }

    /**
     * Takes a snapshot.
     *
     * @return the counters now
     */
    public LinkStats snapshot() {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            d.put(r, dropped[r.ordinal()]);
        }
        return new LinkStats(sent, bytesSent, delivered, bytesDelivered, duplicated, corrupted, reordered, d);
    }
}
