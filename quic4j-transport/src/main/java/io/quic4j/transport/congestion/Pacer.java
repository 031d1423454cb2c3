package io.quic4j.transport.congestion;

import java.util.function.LongSupplier;

/**
 * Paces in-flight packets (RFC 9002 §7.7) with a token bucket: tokens, in bytes, refill at
 * {@code N * congestion_window / smoothed_rtt} up to a burst allowance, and each packet sent spends its
 * size. The rate is read from the controller and the RTT source on every call, so it follows the window.
 *
 * <p>The connection asks {@link #nextSendTime} before sending an in-flight packet and arms its timer for
 * the answer when it lies in the future, then reports each in-flight packet with {@link #onPacketSent}.
 * ACK-only packets are not paced (RFC 9002 §7.7: "packets containing only ACK frames SHOULD therefore not
 * be paced") and never reach the pacer. A sender waiting only on the pacer is not application limited
 * (RFC 9002 §7.8). Probes that must go out at once (PTO) may be sent regardless; the debt they leave is
 * bounded by one burst.
 */
public final class Pacer {

    /** RFC 9002 §7.7's example N: a little above 1 so RTT variation does not leave the window unused. */
    public static final double DEFAULT_RATE_MULTIPLIER = 1.25;
    /** Burst allowance in packets: the initial window's ten datagrams (RFC 9002 §7.7, §7.2). */
    public static final int DEFAULT_BURST_PACKETS = 10;

    /** Tolerance for floating-point rounding when comparing tokens with a packet's size. */
    private static final double EPSILON_BYTES = 1e-6;
    /** Two timer ticks of kGranularity (RFC 9002 §6.1.2): one for the wake-up, one for its lateness. */
    public static final long TIMER_SLACK_NANOS = 2_000_000;

    private final CongestionController controller;
    private final LongSupplier smoothedRtt;
    private final double rateMultiplier;
    private final int burstPackets;

    private int maxDatagramSize;
    private double tokens;
    private boolean started;
    private long lastUpdate;

    /**
     * A pacer with N = 1.25 and a burst of ten datagrams.
     *
     * @param controller the controller whose window sets the rate
     * @param smoothedRtt the current smoothed RTT in nanoseconds (for example {@code rtt::smoothedRtt})
     * @param maxDatagramSize the maximum datagram size, at least 1200
     * @throws IllegalArgumentException if the size is below 1200
     */
    public Pacer(CongestionController controller, LongSupplier smoothedRtt, int maxDatagramSize) {
        this(controller, smoothedRtt, maxDatagramSize, DEFAULT_RATE_MULTIPLIER, DEFAULT_BURST_PACKETS);
    }

    /**
     * @param controller the controller whose window sets the rate
     * @param smoothedRtt the current smoothed RTT in nanoseconds
     * @param maxDatagramSize the maximum datagram size, at least 1200
     * @param rateMultiplier N in RFC 9002 §7.7, at least 1
     * @param burstPackets the burst allowance in datagrams, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public Pacer(CongestionController controller, LongSupplier smoothedRtt, int maxDatagramSize,
            double rateMultiplier, int burstPackets) {
        if (controller == null || smoothedRtt == null) {
            throw new IllegalArgumentException("controller and smoothedRtt are required");
        }
        if (!(rateMultiplier >= 1) || Double.isInfinite(rateMultiplier)) {
            throw new IllegalArgumentException("rateMultiplier must be a finite number >= 1, was " + rateMultiplier);
        }
        if (burstPackets < 1) {
            throw new IllegalArgumentException("burstPackets must be >= 1, was " + burstPackets);
        }
        this.controller = controller;
        this.smoothedRtt = smoothedRtt;
        this.rateMultiplier = rateMultiplier;
        this.burstPackets = burstPackets;
        this.maxDatagramSize = checkDatagramSize(maxDatagramSize);
        this.tokens = capacity();
    }

    private static int checkDatagramSize(int size) {
        if (size < WindowBase.MIN_DATAGRAM_SIZE) {
            throw new IllegalArgumentException(
                    "maxDatagramSize must be at least " + WindowBase.MIN_DATAGRAM_SIZE + ", was " + size);
        }
        return size;
    }

    /**
     * The burst allowance in bytes: the initial window's ten datagrams (RFC 9002 §7.7: "Senders SHOULD limit
     * bursts to the initial congestion window"), or what the current rate sends in {@link #TIMER_SLACK_NANOS}
     * if that is more. An event loop wakes for a pacing timer with a timer granularity of about a millisecond
     * (RFC 9002 §6.1.2, kGranularity), and §7.7 allows "scheduling delays" to deviate from the rate over
     * periods much shorter than an RTT; a bucket smaller than one tick of sending would cap a fast path at
     * ten datagrams per tick instead of the rate.
     *
     * @return the burst allowance in bytes
     */
    public long capacity() {
        long floor = (long) burstPackets * maxDatagramSize;
        double rate = rate();
        if (Double.isInfinite(rate)) {
            return floor;
        }
        return Math.max(floor, (long) Math.min(Long.MAX_VALUE / 2, rate * TIMER_SLACK_NANOS));
    }

    /**
     * @return the pacing rate in bytes per nanosecond, {@link Double#POSITIVE_INFINITY} while there is no
     *         RTT to pace by
     */
    public double rate() {
        long rtt = smoothedRtt.getAsLong();
        if (rtt <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        // RFC 9002 §7.7: rate = N * congestion_window / smoothed_rtt.
        return rateMultiplier * controller.congestionWindow() / rtt;
    }

    private double tokensAt(long now, double rate) {
        if (!started) {
            return tokens;
        }
        long elapsed = now - lastUpdate;
        if (elapsed <= 0) {
            return tokens;
        }
        double refill = elapsed * rate;
        return Math.min(capacity(), tokens + refill);
    }

    /**
     * @param now the current time
     * @param bytes the size of the in-flight packet about to be sent
     * @return {@code now} if it may be sent now, otherwise the earliest time it may be sent
     */
    public long nextSendTime(long now, int bytes) {
        double rate = rate();
        double need = Math.min(bytes, capacity());
        double available = tokensAt(now, rate);
        if (available + EPSILON_BYTES >= need || Double.isInfinite(rate)) {
            return now;
        }
        // The same tolerance as above keeps rounding from adding a nanosecond to an exact wait.
        double waitNanos = Math.ceil((need - available - EPSILON_BYTES) / rate);
        return now + Math.max(1, (long) waitNanos);
    }

    /**
     * An in-flight packet was sent: spend its size.
     *
     * @param now the send time
     * @param bytes its size
     */
    public void onPacketSent(long now, int bytes) {
        double rate = rate();
        tokens = tokensAt(now, rate);
        if (Double.isInfinite(rate)) {
            tokens = capacity();
        }
        if (!started || now > lastUpdate) {
            lastUpdate = now;
        }
        started = true;
        // Debt from packets sent despite the pacer (probes) is kept, but never more than one burst.
        tokens = Math.max(tokens - bytes, -capacity());
    }

    /**
     * The maximum datagram size changed; the burst allowance follows it.
     *
     * @param newMaxDatagramSize the new size, at least 1200
     */
    public void onMaxDatagramSizeChanged(int newMaxDatagramSize) {
        this.maxDatagramSize = checkDatagramSize(newMaxDatagramSize);
        tokens = Math.min(tokens, capacity());
    }
}
