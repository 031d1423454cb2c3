package io.quic4j.transport.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which streams may send their data (RFC 9218 §10): the lowest urgency level first; within
 * one urgency, non-incremental streams one at a time in stream-ID order (the first finishes before the
 * next starts, RFC 9218 §4.2 "in order of their stream ID"), then incremental streams round-robin.
 *
 * <p>Round-robin comes from the caller's iteration order: {@link StreamMap} moves a stream to the end of
 * its map after it sent, and the sort here is stable, so incremental streams of one urgency keep that
 * rotation. With every stream at {@link StreamPriority#DEFAULT} the order is the map's order, which is
 * the plain round-robin the transport had before priorities.
 *
 * <p>Cost: one stable sort of the live streams per frame polled, O(n log n). The live streams are
 * bounded by our stream credit and the peer's, so this is a walk like the one it replaced, not a
 * ready-set per urgency maintained as streams gain and lose data.
 */
final class StreamScheduler {
    /** RFC 9218 §10: urgency, then non-incremental before incremental, then ID for non-incremental. */
    static final Comparator<Stream> ORDER = Comparator
            .comparingInt((Stream s) -> s.priority().urgency())
            .thenComparing((Stream s) -> s.priority().incremental())
            .thenComparingLong(s -> s.priority().incremental() ? 0 : s.id());

    private StreamScheduler() {
    }

    /**
     * @param streams the live streams in round-robin order (least recently served first)
     * @return the same streams in the order they may send data
     */
    static List<Stream> order(Collection<Stream> streams) {
        List<Stream> sorted = new ArrayList<>(streams);
        sorted.sort(ORDER); // List.sort is stable (a merge sort): round-robin order survives ties
        return sorted;
    }
}
