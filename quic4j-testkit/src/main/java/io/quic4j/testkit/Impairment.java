package io.quic4j.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LossyUdpProxy} does to the datagrams it forwards. Each datagram arriving at the proxy is, in
 * order: lost with the probability of its direction; otherwise held back for reordering with
 * {@link #reorderRate()} (released after {@link #reorderDelay()} or once {@link #reorderAfter()} later
 * datagrams of the same direction have been forwarded, whichever comes first; at most {@link #maxHeld()}
 * held per direction, further picks are dropped); and sent twice with {@link #duplicateRate()}. Every copy
 * then waits the fixed {@link #delay()} before it is sent.
 *
 * <pre>{@code
 * Impairment impairment = Impairment.builder().loss(0.1).duplicate(0.01)
 *         .reorder(0.05, Duration.ofMillis(20), 3).delay(Duration.ofMillis(5)).build();
 * }</pre>
 *
 * @param lossClientToServer probability that a datagram from a client to the server is lost
 * @param lossServerToClient probability that a datagram from the server to a client is lost
 * @param duplicateRate probability that a forwarded datagram is sent twice (both directions)
 * @param reorderRate probability that a datagram is held back and overtaken (both directions)
 * @param reorderDelay the longest a reordered datagram is held back
 * @param reorderAfter a reordered datagram is released once this many later datagrams have passed it
 * @param delay fixed extra delay of every forwarded copy
 * @param maxHeld the most datagrams held back for reordering or delay per direction; beyond, drop
 */
public record Impairment(double lossClientToServer, double lossServerToClient, double duplicateRate,
        double reorderRate, Duration reorderDelay, int reorderAfter, Duration delay, int maxHeld) {

    /** The longest delay accepted for {@link #reorderDelay()} and {@link #delay()}: one minute. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(1);

    /** Validates every component. */
    public Impairment {
        LinkConfig.requireProbability("lossClientToServer", lossClientToServer);
        LinkConfig.requireProbability("lossServerToClient", lossServerToClient);
        LinkConfig.requireProbability("duplicateRate", duplicateRate);
        LinkConfig.requireProbability("reorderRate", reorderRate);
        requireDelay("reorderDelay", reorderDelay);
        requireDelay("delay", delay);
        if (reorderAfter < 1) {
            throw new IllegalArgumentException(
                    "reorderAfter must be >= 1 later datagram (the one that overtakes), got " + reorderAfter);
        }
        if (maxHeld < 1 || maxHeld > 1_000_000) {
            throw new IllegalArgumentException("maxHeld must be in [1, 1000000] datagrams, got " + maxHeld);
        }
    }

    /**
     * No impairment: every datagram is forwarded at once, intact and in order.
     *
     * @return the impairment
     */
    public static Impairment none() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #none()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireDelay(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(name + " must be in [0, " + MAX_DELAY + "], got " + d);
        }
    }

    /** Builds an {@link Impairment}; every setting starts at "no impairment". */
    public static final class Builder {
        private double lossClientToServer;
        private double lossServerToClient;
        private double duplicateRate;
        private double reorderRate;
        private Duration reorderDelay = Duration.ofMillis(10);
        private int reorderAfter = 1;
        private Duration delay = Duration.ZERO;
        private int maxHeld = 4096;

        private Builder() {
        }

        /**
         * Sets the same loss probability for both directions (default 0).
         *
         * @param probability in [0, 1]
         * @return this builder
         */
        public Builder loss(double probability) {
            return loss(probability, probability);
        }

        /**
         * Sets the loss probability of each direction (default 0).
         *
         * @param clientToServer probability for datagrams from clients to the server, in [0, 1]
         * @param serverToClient probability for datagrams from the server to clients, in [0, 1]
         * @return this builder
         */
        public Builder loss(double clientToServer, double serverToClient) {
            this.lossClientToServer = clientToServer;
            this.lossServerToClient = serverToClient;
            return this;
        }

        /**
         * Sets the duplication probability (default 0).
         *
         * @param probability in [0, 1]
         * @return this builder
         */
        public Builder duplicate(double probability) {
            this.duplicateRate = probability;
            return this;
        }

        /**
         * Sets reordering (default none).
         *
         * @param probability that a datagram is held back, in [0, 1]
         * @param maxDelay the longest it is held, in [0, {@link Impairment#MAX_DELAY}] (default 10 ms)
         * @param afterDatagrams it is released once this many later datagrams of its direction have been
         *        forwarded, {@code >= 1} (default 1)
         * @return this builder
         */
        public Builder reorder(double probability, Duration maxDelay, int afterDatagrams) {
            this.reorderRate = probability;
            this.reorderDelay = maxDelay;
            this.reorderAfter = afterDatagrams;
            return this;
        }

        /**
         * Sets a fixed extra delay for every forwarded copy (default zero).
         *
         * @param delay in [0, {@link Impairment#MAX_DELAY}]
         * @return this builder
         */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /**
         * Bounds the datagrams waiting in the proxy per direction, held for reordering or delayed (default
         * 4096); a datagram that would exceed it is dropped.
         *
         * @param datagrams in [1, 1000000]
         * @return this builder
         */
        public Builder maxHeld(int datagrams) {
            this.maxHeld = datagrams;
            return this;
        }

        /**
         * Builds the impairment.
         *
         * @return the validated impairment
         * @throws IllegalArgumentException naming the setting to change when one is out of range
         */
        public Impairment build() {
            return new Impairment(lossClientToServer, lossServerToClient, duplicateRate, reorderRate, reorderDelay,
                    reorderAfter, delay, maxHeld);
        }
    }
}
