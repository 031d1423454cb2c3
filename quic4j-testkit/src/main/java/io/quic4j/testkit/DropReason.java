package io.quic4j.testkit;

/** Why the simulator dropped a datagram; each is counted separately in {@link LinkStats}. */
public enum DropReason {
    /** Sent during a {@linkplain LinkConfig#blackholes() blackhole window}. */
    BLACKHOLE,
    /** The link's bandwidth queue was full (tail drop). */
    QUEUE_FULL,
    /** Random, independent loss ({@link LinkConfig#lossRate()}). */
    RANDOM_LOSS,
    /** Loss in the Gilbert-Elliott burst model ({@link LinkConfig#burstLoss()}). */
    BURST_LOSS,
    /**
     * No endpoint owns the destination address (for example a NAT mapping that has been rebound), or no
     * link leads from the sender to the owner.
     */
    NO_ROUTE
}
