package io.quic4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one direction of a simulated link treats datagrams. A datagram sent at time {@code t} goes through,
 * in order: the {@linkplain #blackholes() blackhole} check at {@code t}; the bandwidth queue (tail drop
 * when {@link #queueBytes()} would be exceeded, then serialization at {@link #bandwidth()} bits/s behind
 * the datagrams already queued); {@linkplain #lossRate() random loss}; {@linkplain #burstLoss() burst
 * loss}; propagation {@link #delay()} plus a uniform {@link #jitter()} in {@code [0, jitter]}; the
 * {@linkplain #reorderRate() reordering} extra delay; {@linkplain #duplicateRate() duplication}; and
 * {@linkplain #corruptRate() corruption}, decided for each delivered copy.
 *
 * <p>Unless {@link #jitterReorders()} is set, jitter never reorders: a datagram never arrives before one
 * sent earlier on the same link (except those picked for reordering, which later ones overtake).
 *
 * @param delay one-way propagation delay
 * @param jitter the most extra delay added, uniformly, to each datagram
 * @param jitterReorders whether jitter may reorder datagrams
 * @param bandwidth bits per second, or 0 for an infinitely fast link (no serialization delay, no queue)
 * @param queueBytes the most bytes waiting on the link, including the datagram being serialized; only
 *        with a bandwidth
 * @param lossRate probability that a datagram is lost, independently of the others
 * @param burstLoss the burst-loss model, or {@code null} for none
 * @param reorderRate probability that a datagram is held back by {@code reorderDelay}
 * @param reorderDelay the extra delay of a reordered datagram
 * @param duplicateRate probability that a datagram is delivered twice
 * @param corruptRate probability that a delivered copy has bits flipped
 * @param corruptBits how many random bits are flipped in a corrupted copy (at least 1)
 * @param blackholes windows of send time during which every datagram is dropped
 * @param nat the NAT in front of the sender, or {@code null} for none
 */
public record LinkConfig(Duration delay, Duration jitter, boolean jitterReorders, long bandwidth, long queueBytes,
        double lossRate, GilbertElliott burstLoss, double reorderRate, Duration reorderDelay, double duplicateRate,
        double corruptRate, int corruptBits, List<TimeWindow> blackholes, NatConfig nat) {

    /** The queue size when a bandwidth is set and no queue size is given: 256 KiB. */
    public static final long DEFAULT_QUEUE_BYTES = 256 * 1024;

    /** Validates every component and copies the list. */
    public LinkConfig {
        requireNonNegative("delay", delay);
        requireNonNegative("jitter", jitter);
        requireNonNegative("reorderDelay", reorderDelay);
        if (bandwidth < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0 bits/s (0 = unlimited), got " + bandwidth);
        }
        if (queueBytes <= 0) {
            throw new IllegalArgumentException("queueBytes must be > 0, got " + queueBytes);
        }
        requireProbability("lossRate", lossRate);
        requireProbability("reorderRate", reorderRate);
        requireProbability("duplicateRate", duplicateRate);
        requireProbability("corruptRate", corruptRate);
        if (corruptBits < 1) {
            throw new IllegalArgumentException("corruptBits must be >= 1, got " + corruptBits);
        }
        blackholes = List.copyOf(blackholes);
    }

    /**
     * A perfect link: no delay, no loss, infinitely fast.
     *
     * @return the configuration
     */
    public static LinkConfig ideal() {
        return builder().build();
    }

    /**
     * An otherwise ideal link (10 ms one-way delay) losing each datagram with probability {@code lossRate}.
     *
     * @param lossRate the random loss probability, in [0, 1]
     * @return the configuration
     */
    public static LinkConfig lossy(double lossRate) {
        return builder().delay(Duration.ofMillis(10)).lossRate(lossRate).build();
    }

    /**
     * A 50 ms round-trip (25 ms one-way), 50 Mbit/s link whose queue holds one bandwidth-delay product
     * (312,500 bytes).
     *
     * @return the configuration
     */
    public static LinkConfig rtt50ms50Mbps() {
        return builder().delay(Duration.ofMillis(25)).bandwidth(50_000_000L).queueBytes(312_500).build();
    }

    /**
     * A builder starting from an ideal link.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder with every setting copied
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.delay = delay;
        b.jitter = jitter;
        b.jitterReorders = jitterReorders;
        b.bandwidth = bandwidth;
        b.queueBytes = queueBytes;
        b.lossRate = lossRate;
        b.burstLoss = burstLoss;
        b.reorderRate = reorderRate;
        b.reorderDelay = reorderDelay;
        b.duplicateRate = duplicateRate;
        b.corruptRate = corruptRate;
        b.corruptBits = corruptBits;
        b.blackholes.addAll(blackholes);
        b.nat = nat;
        return b;
    }

    static void requireProbability(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + d);
        }
    }

    /** Builds a {@link LinkConfig}; every setting starts at its ideal value. */
    public static final class Builder {
        private Duration delay = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private boolean jitterReorders;
        private long bandwidth;
        private long queueBytes = DEFAULT_QUEUE_BYTES;
        private double lossRate;
        private GilbertElliott burstLoss;
        private double reorderRate;
        private Duration reorderDelay = Duration.ZERO;
        private double duplicateRate;
        private double corruptRate;
        private int corruptBits = 1;
        private final List<TimeWindow> blackholes = new ArrayList<>();
        private NatConfig nat;

        private Builder() {
        }

        /**
         * Sets the one-way propagation delay (default zero).
         *
         * @param delay the delay, {@code >= 0}
         * @return this builder
         */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /**
         * Sets the jitter: each datagram gets a uniform extra delay in {@code [0, jitter]} (default zero).
         *
         * @param jitter the largest extra delay, {@code >= 0}
         * @param reorders whether jitter may reorder datagrams; when {@code false}, a datagram is held until
         *        the one sent before it on the link has arrived
         * @return this builder
         */
        public Builder jitter(Duration jitter, boolean reorders) {
            this.jitter = jitter;
            this.jitterReorders = reorders;
            return this;
        }

        /**
         * Sets the bandwidth (default 0: unlimited).
         *
         * @param bitsPerSecond bits per second, {@code >= 0}
         * @return this builder
         */
        public Builder bandwidth(long bitsPerSecond) {
            this.bandwidth = bitsPerSecond;
            return this;
        }

        /**
         * Sets the bandwidth queue's size (default {@link LinkConfig#DEFAULT_QUEUE_BYTES}).
         *
         * @param bytes the most bytes waiting on the link, including the one being serialized, {@code > 0}
         * @return this builder
         */
        public Builder queueBytes(long bytes) {
            this.queueBytes = bytes;
            return this;
        }

        /**
         * Sets the random loss probability (default 0).
         *
         * @param p a probability in [0, 1]
         * @return this builder
         */
        public Builder lossRate(double p) {
            this.lossRate = p;
            return this;
        }

        /**
         * Sets the burst-loss model (default none).
         *
         * @param model the model, or {@code null} for none
         * @return this builder
         */
        public Builder burstLoss(GilbertElliott model) {
            this.burstLoss = model;
            return this;
        }

        /**
         * Holds back datagrams with probability {@code p} by {@code extraDelay}, so that later ones overtake
         * them (default none).
         *
         * @param p a probability in [0, 1]
         * @param extraDelay the extra delay, {@code >= 0}
         * @return this builder
         */
        public Builder reorder(double p, Duration extraDelay) {
            this.reorderRate = p;
            this.reorderDelay = extraDelay;
            return this;
        }

        /**
         * Delivers datagrams twice with probability {@code p} (default 0).
         *
         * @param p a probability in [0, 1]
         * @return this builder
         */
        public Builder duplicateRate(double p) {
            this.duplicateRate = p;
            return this;
        }

        /**
         * Flips {@code bits} random bits in a delivered copy with probability {@code p} (default none).
         *
         * @param p a probability in [0, 1]
         * @param bits how many bits to flip, {@code >= 1}
         * @return this builder
         */
        public Builder corrupt(double p, int bits) {
            this.corruptRate = p;
            this.corruptBits = bits;
            return this;
        }

        /**
         * Adds a blackhole window: every datagram sent during it is dropped.
         *
         * @param start when the window opens, from simulated time zero
         * @param length how long it lasts
         * @return this builder
         */
        public Builder blackhole(Duration start, Duration length) {
            this.blackholes.add(TimeWindow.of(start, length));
            return this;
        }

        /**
         * Puts the link's sender behind a NAT (default none).
         *
         * @param nat the NAT, or {@code null} for none
         * @return this builder
         */
        public Builder nat(NatConfig nat) {
            this.nat = nat;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public LinkConfig build() {
            return new LinkConfig(delay, jitter, jitterReorders, bandwidth, queueBytes, lossRate, burstLoss,
                    reorderRate, reorderDelay, duplicateRate, corruptRate, corruptBits, blackholes, nat);
        }
    }
}
