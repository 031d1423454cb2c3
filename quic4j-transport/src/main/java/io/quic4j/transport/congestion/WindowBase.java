package io.quic4j.transport.congestion;

/**
 * What every window-based controller shares (RFC 9002 Appendix B.2): bytes in flight, the congestion
 * window, the slow start threshold, the recovery period and the maximum datagram size. Subclasses
 * decide how the window grows and how far it falls on a congestion event.
 */
abstract sealed class WindowBase implements CongestionController permits NewReno, Cubic {

    /** Smallest maximum datagram size QUIC allows (RFC 9000 §14). */
    static final int MIN_DATAGRAM_SIZE = 1200;

    private long bytesInFlight;
    /** Whether a recovery period has started and not been cleared by persistent congestion or reset. */
    private boolean recoveryStarted;
    /**
     * RFC 9002 Appendix B.2 congestion_recovery_start_time. Appendix B uses 0 for "none"; callers' clocks
     * may start anywhere (even negative), so {@link #recoveryStarted} says whether it is meaningful.
     */
    private long recoveryStartTime;

    int maxDatagramSize;
    long congestionWindow;
    long ssthresh;

    WindowBase(int maxDatagramSize) {
        this.maxDatagramSize = checkDatagramSize(maxDatagramSize);
        this.congestionWindow = CongestionController.initialWindow(maxDatagramSize);
        this.ssthresh = Long.MAX_VALUE;
    }

    private static int checkDatagramSize(int maxDatagramSize) {
        if (maxDatagramSize < MIN_DATAGRAM_SIZE) {
            throw new IllegalArgumentException(
                    "maxDatagramSize must be at least " + MIN_DATAGRAM_SIZE + ", was " + maxDatagramSize);
        }
        return maxDatagramSize;
    }

    private static void checkBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("packet size must be >= 0, was " + bytes);
        }
    }

    final long minimumWindow() {
        return CongestionController.minimumWindow(maxDatagramSize);
    }

    @Override
    public final long congestionWindow() {
        return congestionWindow;
    }

    @Override
    public final long slowStartThreshold() {
        return ssthresh;
    }

    @Override
    public final long bytesInFlight() {
        return bytesInFlight;
    }

    /** @return the configured maximum datagram size */
    public final int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public final void onPacketSent(long now, int bytes) {
        checkBytes(bytes);
        bytesInFlight += bytes;
    }

    /** Removes bytes from flight; more than is in flight is a bug in the caller's bookkeeping. */
    private void removeFromFlight(int bytes) {
        checkBytes(bytes);
        if (bytes > bytesInFlight) {
            throw new IllegalStateException(
                    "removing " + bytes + " bytes from flight, but only " + bytesInFlight + " are in flight");
        }
        bytesInFlight -= bytes;
    }

    @Override
    public final void onPacketAcked(long now, int bytes, long timeSent, boolean appLimited, long smoothedRtt,
            long minRtt) {
        removeFromFlight(bytes);
        // RFC 9002 §7.8: do not grow the window when it was not fully used.
        if (appLimited) {
            onAppLimitedAck(now);
            return;
        }
        // RFC 9002 §7.3.2: no growth for packets sent during the recovery period.
        if (inRecovery(timeSent)) {
            return;
        }
        if (congestionWindow < ssthresh) {
            // RFC 9002 §7.3.1: slow start grows by the bytes acknowledged.
            congestionWindow += bytes;
            return;
        }
        onCongestionAvoidanceAck(now, bytes, smoothedRtt, minRtt);
    }

    @Override
    public final void onPacketLost(int bytes) {
        removeFromFlight(bytes);
    }

    @Override
    public final void onPacketDiscarded(int bytes) {
        // RFC 9002 Appendix B.9: discarded packets leave flight without a congestion signal.
        removeFromFlight(bytes);
    }

    @Override
    public final void onCongestionEvent(long now, long largestTimeSent) {
        // RFC 9002 §7.3.2: one reduction per recovery period; later losses of packets sent before it
        // started do not reduce again.
        if (inRecovery(largestTimeSent)) {
            return;
        }
        recoveryStarted = true;
        recoveryStartTime = now;
        reduceWindow(now);
    }

    @Override
    public final void onPersistentCongestion(long now) {
        // RFC 9002 §7.6.2 and Appendix B.8: collapse to the minimum window, leave recovery, and let
        // slow start rebuild towards the threshold set by the congestion event.
        congestionWindow = minimumWindow();
        recoveryStarted = false;
        onWindowCollapsed();
    }

    @Override
    public final void onMaxDatagramSizeChanged(int newMaxDatagramSize) {
        this.maxDatagramSize = checkDatagramSize(newMaxDatagramSize);
        congestionWindow = Math.max(congestionWindow, minimumWindow());
        if (ssthresh != Long.MAX_VALUE) {
            ssthresh = Math.max(ssthresh, minimumWindow());
        }
    }

    @Override
    public final void reset() {
        congestionWindow = CongestionController.initialWindow(maxDatagramSize);
        ssthresh = Long.MAX_VALUE;
        recoveryStarted = false;
        onWindowCollapsed();
        onReset();
    }

    @Override
    public final boolean inRecovery(long timeSent) {
        // RFC 9002 Appendix B.5 InCongestionRecovery: sent_time <= congestion_recovery_start_time.
        return recoveryStarted && timeSent <= recoveryStartTime;
    }

    /** Grows the window for an acknowledgment in congestion avoidance (window at or above ssthresh). */
    abstract void onCongestionAvoidanceAck(long now, int bytes, long smoothedRtt, long minRtt);

    /** Sets {@link #ssthresh} and {@link #congestionWindow} on entering a recovery period. */
    abstract void reduceWindow(long now);

    /** The window was set anew (persistent congestion or reset): forget growth in progress. */
    abstract void onWindowCollapsed();

    /** Forgets the whole congestion history (after {@link #onWindowCollapsed()}). */
    abstract void onReset();

    /** An acknowledgment arrived while the sender was application limited. */
    void onAppLimitedAck(long now) {
    }
}
