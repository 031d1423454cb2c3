package io.quic4j.transport.stream;

import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;

/**
 * How many streams of one type we may open (RFC 9000 §4.6): the peer's initial_max_streams_* raised by
 * its MAX_STREAMS frames (smaller values are ignored: "MAX_STREAMS frames that do not increase the stream
 * limit MUST be ignored"). When the application wants a stream and there is no credit, a STREAMS_BLOCKED
 * is owed once per limit (§4.6: "An endpoint that is unable to open a new stream due to the peer's
 * limits SHOULD send a STREAMS_BLOCKED frame"); a lost one is repeated only while still blocked there.
 */
public final class OutgoingStreamLimit {
    private final boolean bidirectional;
    private long maxStreams;
    private long opened;
    private long blockedReportedAt = -1;
    private boolean blockedPending;

    /**
     * @param bidirectional which type
     * @param initialMax the peer's initial_max_streams_* (0 until its transport parameters arrive)
     */
    public OutgoingStreamLimit(boolean bidirectional, long initialMax) {
        this.bidirectional = bidirectional;
        this.maxStreams = Math.min(initialMax, MaxStreamsFrame.MAX_COUNT);
    }

    /** @param newMax the peer's new limit; ignored unless larger */
    public void update(long newMax) {
        if (newMax > maxStreams) {
            maxStreams = Math.min(newMax, MaxStreamsFrame.MAX_COUNT);
            blockedPending = false;
        }
    }

    /** @return whether another stream may be opened now */
    public boolean canOpen() {
        return opened < maxStreams;
    }

    /**
     * Takes one unit of credit, or notes that we are blocked.
     *
     * @return the new stream's index, or -1 when blocked (a STREAMS_BLOCKED is then owed)
     */
    public long open() {
        if (!canOpen()) {
            if (blockedReportedAt != maxStreams) {
                blockedReportedAt = maxStreams;
                blockedPending = true;
            }
            return -1;
        }
        return opened++;
    }

    /** @return a STREAMS_BLOCKED frame to send (clearing it), or {@code null} */
    public StreamsBlockedFrame pollBlocked() {
        if (!blockedPending) {
            return null;
        }
        blockedPending = false;
        return new StreamsBlockedFrame(bidirectional, maxStreams);
    }

    /** @return whether {@link #pollBlocked} would return a frame */
    public boolean hasBlockedPending() {
        return blockedPending;
    }

    /** @param lost a lost STREAMS_BLOCKED: repeated only if still blocked at that limit */
    public void onBlockedLost(StreamsBlockedFrame lost) {
        if (lost.maximumStreams() == maxStreams && !canOpen()) {
            blockedPending = true;
        }
    }

    /** @return the peer's limit */
    public long maxStreams() {
        return maxStreams;
    }

    /** @return the streams we opened */
    public long opened() {
        return opened;
    }
}
