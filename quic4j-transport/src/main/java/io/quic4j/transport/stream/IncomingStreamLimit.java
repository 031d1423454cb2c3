package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;

/**
 * Stream-limit credit for the streams of one type (bidirectional or unidirectional) that the peer opens
 * (RFC 9000 §4.6, DESIGN.md §3).
 *
 * <p>The peer may open streams with index below {@link #maxStreams()}; opening one opens every
 * lower-numbered stream of the type too (RFC 9000 §3.2: "the opening of a stream causes all streams of
 * the same type with lower-numbered stream IDs to be opened"). Past the limit is STREAM_LIMIT_ERROR
 * (§4.6: "An endpoint that receives a frame with a stream ID exceeding the limit it has sent MUST treat
 * this as a connection error of type STREAM_LIMIT_ERROR").
 *
 * <p>Each retired stream returns exactly one unit of credit; {@link #retire()} refuses to retire more
 * streams than were opened, so a double retirement is caught here as well as by the per-stream flag.
 * The limit is kept at {@code retired + window}, so at most {@code window} peer streams of this type are
 * ever live. The new limit is advertised early: at once if the peer has used at least half of its
 * current credit or no peer stream of the type is live any more (so an idle connection always has its
 * whole credit back), else when half a window of credit has accumulated (§4.6: "An endpoint MUST NOT
 * wait to receive this signal before advertising additional credit").
 */
public final class IncomingStreamLimit {
    private final boolean bidirectional;
    private final long window;
    /** The streams that may be live at once now: {@link #window} unless {@link #limit} lowered it. */
    private long activeWindow;
    private long maxStreams;
    private long opened;
    private long retired;
    private boolean updatePending;

    /**
     * @param bidirectional which type
     * @param window our initial_max_streams_* (the most peer streams of this type live at once), 0..2^60
     */
    public IncomingStreamLimit(boolean bidirectional, long window) {
        if (window < 0 || window > MaxStreamsFrame.MAX_COUNT) {
            throw new IllegalArgumentException("stream window must be 0..2^60, was " + window);
        }
        this.bidirectional = bidirectional;
        this.window = window;
        this.activeWindow = window;
        this.maxStreams = window;
    }

    /**
     * Accounts for a frame naming the peer's stream with this index.
     *
     * @param index the stream's index (ID >>> 2)
     * @param frameType the frame that named it, for the error
     * @return how many streams this opens (0 if already open or retired; more than 1 when lower-numbered
     *     streams open implicitly); they are indices {@code opened() - n .. opened() - 1}
     * @throws QuicTransportException STREAM_LIMIT_ERROR if the index is at or above the limit we advertised
     */
    public long onPeerStream(long index, long frameType) {
        if (index >= maxStreams) {
            throw QuicTransportException.inFrame(TransportError.STREAM_LIMIT_ERROR, frameType,
                    "peer " + (bidirectional ? "bidirectional" : "unidirectional") + " stream index " + index
                            + " is past the limit " + maxStreams + " (RFC 9000 §4.6)");
        }
        if (index < opened) {
            return 0;
        }
        long n = index + 1 - opened;
        opened = index + 1;
        return n;
    }

    /**
     * Returns the credit of one retired stream and queues a MAX_STREAMS if due.
     *
     * @throws IllegalStateException if every opened stream is already retired: a double retirement bug
     */
    public void retire() {
        if (retired >= opened) {
            throw new IllegalStateException("retiring more " + (bidirectional ? "bidi" : "uni")
                    + " streams than were opened (" + opened + ")");
        }
        retired++;
        long newMax = Math.min(MaxStreamsFrame.MAX_COUNT, retired + activeWindow);
        long credit = maxStreams - opened;
        boolean peerRunningLow = credit <= activeWindow / 2;
        boolean idle = retired == opened;
        if (newMax > maxStreams && (peerRunningLow || idle
                || newMax - maxStreams >= Math.max(1, activeWindow / 2))) {
            maxStreams = newMax;
            updatePending = true;
        }
    }

    /**
     * Changes how many peer streams of this type may be live at once, up to the configured window (an overloaded
     * server lowers it, then restores it). Credit already advertised cannot be taken back (RFC 9000 §4.6: "A receiver
     * MUST ignore any MAX_STREAMS frame that does not increase the stream limit"), so a lower limit takes effect as
     * the peer uses what it has: retired streams return credit only up to {@code retired + live}. A higher limit is
     * advertised at once.
     *
     * @param live the streams live at once, 0 to the configured window (larger is the window)
     * @throws IllegalArgumentException if {@code live} is negative
     */
    public void limit(long live) {
        if (live < 0) {
            throw new IllegalArgumentException("the stream limit must be 0 or more, was " + live);
        }
        activeWindow = Math.min(window, live);
        long newMax = Math.min(MaxStreamsFrame.MAX_COUNT, retired + activeWindow);
        if (newMax > maxStreams) {
            maxStreams = newMax;
            updatePending = true;
        }
    }

    /** @return the streams that may be live at once now: the window, or less after {@link #limit} */
    public long activeWindow() {
        return activeWindow;
    }

    /** @return a MAX_STREAMS frame to send (clearing it), or {@code null} */
    public MaxStreamsFrame pollUpdate() {
        if (!updatePending) {
            return null;
        }
        updatePending = false;
        return new MaxStreamsFrame(bidirectional, maxStreams);
    }

    /** @return whether {@link #pollUpdate} would return a frame */
    public boolean hasUpdatePending() {
        return updatePending;
    }

    /** @param lost a lost MAX_STREAMS of this type: repeated only if it is still the latest (§13.3) */
    public void onUpdateLost(MaxStreamsFrame lost) {
        if (lost.maximumStreams() == maxStreams) {
            updatePending = true;
        }
    }

    /** @return whether this limit counts bidirectional streams */
    public boolean bidirectional() {
        return bidirectional;
    }

    /** @return the limit advertised (or about to be): the peer may open indices below it */
    public long maxStreams() {
        return maxStreams;
    }

    /** @return the streams the peer opened (explicitly or implicitly) */
    public long opened() {
        return opened;
    }

    /** @return the streams retired, each having returned one unit of credit */
    public long retired() {
        return retired;
    }

    /** @return the configured window (our initial_max_streams_*) */
    public long window() {
        return window;
    }

    /** @return whether all credit is back: nothing live, and the limit is retired + window (or more, if lowered) */
    public boolean isWhole() {
        return opened == retired && maxStreams >= Math.min(MaxStreamsFrame.MAX_COUNT, retired + activeWindow);
    }
}
