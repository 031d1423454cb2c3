package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;

/**
 * Receive-side credit for one stream or the whole connection (RFC 9000 §4.1, §4.2): the limit we
 * advertised, the highest offset the peer reached, and what the application consumed.
 *
 * <p><b>Violations.</b> RFC 9000 §4.1: "A receiver MUST close the connection with an error of type
 * FLOW_CONTROL_ERROR if the sender violates the advertised connection or stream data limits." What counts
 * is the highest offset received, including a final size from RESET_STREAM (§4.5: "the final size is
 * the number of bytes sent ... and is counted against the flow control limit").
 *
 * <p><b>Updates.</b> Credit is advertised when the application has consumed half the window (§4.2:
 * "send MAX_STREAM_DATA or MAX_DATA frames ... to avoid blocking the sender"), so the peer never waits
 * for it. Only the latest value is owed; a lost update is repeated only if it is still the latest
 * (§13.3).
 *
 * <p><b>Auto-tuning.</b> If an update is due sooner than two round trips after the previous one, the
 * window is too small for the path's bandwidth-delay product: it doubles, up to the configured maximum.
 * Time and RTT are parameters (nanoseconds); nothing here reads a clock.
 *
 * <p><b>Holding credit</b> (memory back-pressure, {@code transport.memory}). While {@link #hold held}, an update
 * that comes due is deferred instead: the limit does not move and the window does not grow, so the peer gets
 * no credit beyond what it already has. RFC 9000 §4.2 leaves this to the receiver ("Implementations decide
 * when and how much credit to advertise"; "There is a trade-off between resource commitment and overhead");
 * credit once advertised cannot be taken back (§4.1: "it is not an error to advertise a smaller limit, but the
 * smaller limit has no effect"), so holding bounds what the peer can make us buffer to what it was already
 * granted. When the hold ends, a deferred update is owed again at once ({@link #hasUpdatePending()} settles it, without
 * auto-tuning growth), so nothing waits for more data to be read. A stream's credit follows its connection's
 * hold ({@link #followHoldOf}), so one flag holds every stream of a connection.
 */
public final class ReceiveFlowControl {
    private final long maxWindow;
    private long window;
    private long limit;
    private long highestReceived;
    private long consumed;
    private long lastUpdateAt = Long.MIN_VALUE;
    private boolean updatePending;
    /** An update came due while held. */
    private boolean deferred;
    /** Set on the connection-level credit; stream-level credit reads its connection's. */
    private boolean held;
    /** The credit whose hold this one follows, or {@code null} for its own. */
    private ReceiveFlowControl holder;

    /**
     * @param initialWindow the initial limit (our transport parameter), at least 0
     * @param maxWindow the largest the window may grow to by auto-tuning, at least {@code initialWindow}
     */
    public ReceiveFlowControl(long initialWindow, long maxWindow) {
        if (initialWindow < 0 || maxWindow < initialWindow) {
            throw new IllegalArgumentException("need 0 <= initialWindow <= maxWindow, was " + initialWindow + ", "
                    + maxWindow);
        }
        this.window = initialWindow;
        this.maxWindow = maxWindow;
        this.limit = initialWindow;
    }

    /**
     * Records that the peer reached {@code offset} (the end of a frame, or a final size). Lower values
     * change nothing.
     *
     * @param offset the highest offset (stream level) or total bytes (connection level) now reached
     * @param type the frame type that carried it, for the error
     * @return how much the highest offset grew
     * @throws QuicTransportException FLOW_CONTROL_ERROR if past the advertised limit (RFC 9000 §4.1)
     */
    public long onReceived(long offset, long type) {
        check(offset, type);
        long growth = Math.max(0, offset - highestReceived);
        highestReceived += growth;
        return growth;
    }

    /**
     * Connection level: the total grew by what a stream's highest offset grew.
     *
     * @param growth bytes the total grew by (a stream-level {@link #onReceived} result)
     * @param type the frame type that carried it, for the error
     * @throws QuicTransportException FLOW_CONTROL_ERROR if the total passes the limit
     */
    public void onReceivedMore(long growth, long type) {
        onReceived(highestReceived + growth, type);
    }

    /**
     * @param offset an offset (or total) the peer would reach
     * @param type the frame type, for the error
     * @throws QuicTransportException FLOW_CONTROL_ERROR if past the limit; nothing is recorded
     */
    public void check(long offset, long type) {
        if (offset > limit) {
            throw QuicTransportException.inFrame(TransportError.FLOW_CONTROL_ERROR, type,
                    "peer sent up to " + offset + ", past the advertised limit " + limit);
        }
    }

    /**
     * Returns credit: the application consumed (read or discarded) {@code n} bytes. Queues an update
     * when half the window is used.
     *
     * @param n bytes consumed
     * @param now the time, in nanoseconds
     * @param rtt the smoothed round-trip time, in nanoseconds (for auto-tuning)
     * @throws IllegalStateException if more is consumed than was received: a bug in our code
     */
    public void onConsumed(long n, long now, long rtt) {
        if (n < 0 || consumed + n > highestReceived) {
            throw new IllegalStateException("consumed " + (consumed + n) + " of " + highestReceived + " received");
        }
        consumed += n;
        if (limit - consumed > window / 2) {
            return;
        }
        if (isHeld()) {
            // RFC 9000 §4.2: the update waits; neither the limit nor the window grows while memory is short.
            deferred = true;
            return;
        }
        if (lastUpdateAt != Long.MIN_VALUE && now >= lastUpdateAt && now - lastUpdateAt < 2 * rtt
                && window < maxWindow) {
            window = Math.min(maxWindow, window * 2);
        }
        long newLimit = consumed + window;
        if (newLimit > limit) {
            limit = newLimit;
            updatePending = true;
            lastUpdateAt = now;
        }
    }

    /** @return the new limit to advertise (clearing it), or -1 */
    public long pollUpdate() {
        settleDeferred();
        if (!updatePending) {
            return -1;
        }
        updatePending = false;
        return limit;
    }

    /** @return whether {@link #pollUpdate} would return a value (an update deferred by a hold that ended counts) */
    public boolean hasUpdatePending() {
        settleDeferred();
        return updatePending;
    }

    /** A hold ended: the update that came due meanwhile is owed now, with the window it had. */
    private void settleDeferred() {
        if (!deferred || isHeld()) {
            return;
        }
        deferred = false;
        long newLimit = consumed + window;
        if (newLimit > limit) {
            limit = newLimit;
            updatePending = true;
        }
    }

    /**
     * Holds or releases credit (memory back-pressure): while held, no update is queued and the window does not
     * grow; on release a deferred update is owed again. Set on the connection-level credit, it holds the streams
     * that {@link #followHoldOf follow} it too.
     *
     * @param hold whether to hold
     */
    public void hold(boolean hold) {
        held = hold;
    }

    /** @return whether credit is held now (this one's flag, or the one it follows) */
    public boolean isHeld() {
        return holder == null ? held : holder.held;
    }

    /**
     * Makes this (stream-level) credit obey the hold of {@code connectionLevel}.
     *
     * @param connectionLevel the connection's receive credit
     */
    void followHoldOf(ReceiveFlowControl connectionLevel) {
        this.holder = connectionLevel;
    }

    /** @param advertised the limit in a lost MAX_DATA / MAX_STREAM_DATA: repeated only if still latest */
    public void onUpdateLost(long advertised) {
        if (advertised == limit) {
            updatePending = true;
        }
    }

    /** Stops updates: the stream needs no more credit (its final size is known). */
    public void stopUpdates() {
        updatePending = false;
        deferred = false;
    }

    /** @return the limit advertised (or about to be) */
    public long limit() {
        return limit;
    }

    /** @return the current window */
    public long window() {
        return window;
    }

    /** @return the highest offset (or total) received */
    public long highestReceived() {
        return highestReceived;
    }

    /** @return the bytes consumed by the application */
    public long consumed() {
        return consumed;
    }

    @Override
    public String toString() {
        return "ReceiveFlowControl[limit=" + limit + ", window=" + window + ", received=" + highestReceived
                + ", consumed=" + consumed + "]";
    }
}
