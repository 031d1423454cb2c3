package io.quic4j.transport.congestion;

/**
 * CUBIC (RFC 9438) with QUIC's recovery period and application-limited rules (RFC 9002 §7.3.2, §7.8).
 *
 * <p>After a congestion event the window grows along {@code W_cubic(t) = C*(t-K)^3 + W_max} (RFC 9438
 * §4.2): quickly back towards the window where loss happened (concave region, §4.4), slowly around it,
 * then faster again to probe for more (convex region, §4.5). Where standard AIMD would do better, the
 * Reno-friendly estimate {@code W_est} takes over (§4.3). Slow start (§4.10) is plain RFC 9002 slow
 * start; HyStart++ is not used, and spurious congestion events are not undone (§4.9 is optional).
 *
 * <p>Windows are kept in bytes; the cubic function is evaluated in doubles with windows in segments of
 * the maximum datagram size and time in seconds, as the RFC states it. Java floating point is exact
 * IEEE 754 and {@link StrictMath#cbrt} is the same everywhere, so runs are deterministic.
 */
public final class Cubic extends WindowBase {

    /** RFC 9438 §4.1 C, in segments per second cubed. */
    static final double C = 0.4;
    /** RFC 9438 §4.1 beta_cubic, the multiplicative decrease factor. */
    static final double BETA = 0.7;
    /** RFC 9438 §4.3 alpha_cubic = 3 * (1 - beta_cubic) / (1 + beta_cubic). */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private static final double NANOS_PER_SECOND = 1e9;

    /** RFC 9438 §4.1 W_max in bytes; 0 when there is none (no loss yet, or after persistent congestion). */
    private double wMax;
    /** RFC 9438 §4.1 K in seconds, for the current epoch. */
    private double k;
    /** Whether a congestion avoidance stage (the cubic epoch) is running. */
    private boolean epochStarted;
    /** When the current congestion avoidance stage began, shifted forward past application-limited spells. */
    private long epochStart;
    /** RFC 9438 §4.3 W_est in bytes. */
    private double wEst;
    /** RFC 9438 §4.3 alpha_cubic, raised to 1 once W_est reaches cwnd_prior. */
    private double alpha = ALPHA;
    /** RFC 9438 §4.1 cwnd_prior: the window just before the last congestion event, in bytes. */
    private long cwndPrior;
    /** Fractional bytes of window increase not yet added, so small per-ACK increments are not lost. */
    private double increaseRemainder;
    /** Whether application-limited acknowledgments arrived since {@link #appLimitedSince}. */
    private boolean appLimited;
    private long appLimitedSince;

    /**
     * @param maxDatagramSize the sender's maximum datagram size, at least 1200
     * @throws IllegalArgumentException if the size is below 1200
     */
    public Cubic(int maxDatagramSize) {
        super(maxDatagramSize);
    }

    @Override
    void onCongestionAvoidanceAck(long now, int bytes, long smoothedRtt, long minRtt) {
        if (!epochStarted) {
            startEpoch(now);
        } else if (appLimited) {
            // RFC 9438 §5.8: the window did not grow while the application held back, so the time spent
            // application limited must not count in t.
            epochStart += now - appLimitedSince;
            appLimited = false;
        }
        double t = (now - epochStart) / NANOS_PER_SECOND;
        double mss = maxDatagramSize;
        double cwnd = congestionWindow;

        // RFC 9438 §4.3: W_est = W_est + alpha_cubic * segments_acked / cwnd (here in bytes).
        wEst += alpha * mss * bytes / cwnd;
        if (wEst >= cwndPrior) {
            // RFC 9438 §4.3: once W_est reaches cwnd_prior, grow as fast as Reno does.
            alpha = 1;
        }
        if (wCubic(t) < wEst) {
            // Reno-friendly region: cwnd = W_est.
            congestionWindow = Math.max(congestionWindow, (long) wEst);
            increaseRemainder = 0;
            return;
        }
        // RFC 9438 §4.2: target = W_cubic(t + RTT), clamped to [cwnd, 1.5 * cwnd]; §4.4/§4.5: cwnd grows by
        // (target - cwnd) / cwnd segments per segment acknowledged.
        double target = wCubic(t + smoothedRtt / NANOS_PER_SECOND);
        target = Math.min(Math.max(target, cwnd), 1.5 * cwnd);
        increaseRemainder += (target - cwnd) * bytes / cwnd;
        long whole = (long) increaseRemainder;
        congestionWindow += whole;
        increaseRemainder -= whole;
    }

    private void startEpoch(long now) {
        epochStarted = true;
        epochStart = now;
        appLimited = false;
        increaseRemainder = 0;
        long cwndEpoch = congestionWindow;
        if (wMax <= cwndEpoch) {
            // RFC 9438 §4.8: after a timeout (here persistent congestion), or entering congestion avoidance
            // above the old maximum, K = 0 and W_max = cwnd at the start of the stage.
            wMax = cwndEpoch;
            k = 0;
        } else {
            // RFC 9438 §4.2, Figure 2: K = cubic_root((W_max - cwnd_epoch) / C), in segments.
            k = StrictMath.cbrt((wMax - cwndEpoch) / maxDatagramSize / C);
        }
        // RFC 9438 §4.3: W_est starts at cwnd_epoch.
        wEst = cwndEpoch;
    }

    @Override
    void reduceWindow(long now) {
        long cwnd = congestionWindow;
        // RFC 9438 §4.7 fast convergence: a window that stopped short of the last maximum suggests another
        // flow arrived, so release bandwidth by aiming lower.
        if (cwnd < wMax) {
            wMax = cwnd * (1 + BETA) / 2;
        } else {
            wMax = cwnd;
        }
        cwndPrior = cwnd;
        // RFC 9438 §4.6: ssthresh = cwnd * beta_cubic, at least the minimum window (RFC 9002 §7.2); the
        // window drops to it at once, as RFC 9002 Appendix B.6 does.
        // beta_cubic = 7/10 in integers, so 84000 gives 58800 and not 58799.99... truncated.
        ssthresh = Math.max(cwnd * 7 / 10, minimumWindow());
        congestionWindow = ssthresh;
        alpha = ALPHA;
        epochStarted = false;
        appLimited = false;
        increaseRemainder = 0;
    }

    @Override
    void onWindowCollapsed() {
        // RFC 9438 §4.8: the next congestion avoidance stage starts a new epoch with K = 0.
        wMax = 0;
        epochStarted = false;
        appLimited = false;
        increaseRemainder = 0;
    }

    @Override
    void onReset() {
        cwndPrior = 0;
        alpha = ALPHA;
    }

    @Override
    void onAppLimitedAck(long now) {
        if (epochStarted && !appLimited) {
            appLimited = true;
            appLimitedSince = now;
        }
    }

    /**
     * RFC 9438 §4.2, Figure 1, for the current epoch.
     *
     * @param t seconds since the start of the congestion avoidance stage
     * @return W_cubic(t) in bytes
     */
    double wCubic(double t) {
        double d = t - k;
        return C * d * d * d * maxDatagramSize + wMax;
    }

    /** @return W_max in bytes, 0 when none */
    double wMax() {
        return wMax;
    }

    /** @return K in seconds for the current (or last) epoch */
    double k() {
        return k;
    }

    /** @return W_est in bytes for the current (or last) epoch */
    double wEst() {
        return wEst;
    }

    /** @return cwnd_prior in bytes */
    long cwndPrior() {
        return cwndPrior;
    }

    @Override
    public String toString() {
        return "Cubic[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + ", inFlight=" + bytesInFlight()
                + ", wMax=" + (long) wMax + "]";
    }
}
