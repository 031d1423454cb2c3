package io.quic4j.testkit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A NAT in front of a link's sender: the receiver sees the sender's datagrams coming from a public address
 * the NAT allocated, and datagrams sent to that public address are translated back and routed to the
 * sender. Rebinding (the mapping times out and the next datagram gets a new one, RFC 9000 §9.3) replaces
 * the public address; the old one stops routing at once, and replies to the new one reach the sender.
 *
 * <p>Public ports are allocated from 40000 upwards per simulator. A rebinding changes the port, and also
 * the address when {@code changeAddress} is set (the last octet of {@code publicAddress} is incremented).
 *
 * @param publicAddress the NAT's public IP address
 * @param rebindAt simulated times (from zero) at which the mapping is rebound
 * @param meanRebindInterval when positive, the mapping is also rebound at random times with exponentially
 *        distributed gaps of this mean; {@link Duration#ZERO} for none
 * @param changeAddress whether a rebinding also changes the public IP address, not only the port
 */
public record NatConfig(InetAddress publicAddress, List<Duration> rebindAt, Duration meanRebindInterval,
        boolean changeAddress) {

    /** Checks the components and copies the list. */
    public NatConfig {
        Objects.requireNonNull(publicAddress, "publicAddress");
        rebindAt = List.copyOf(rebindAt);
        for (Duration d : rebindAt) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("rebindAt times must be >= 0, got " + d);
            }
        }
        if (meanRebindInterval.isNegative()) {
            throw new IllegalArgumentException("meanRebindInterval must be >= 0, got " + meanRebindInterval);
        }
    }

    /**
     * A NAT that never rebinds.
     *
     * @param publicAddress the NAT's public IP address
     * @return the configuration
     */
    public static NatConfig of(InetAddress publicAddress) {
        return new NatConfig(publicAddress, List.of(), Duration.ZERO, false);
    }

    /**
     * A NAT that rebinds (port only) at the given times.
     *
     * @param publicAddress the NAT's public IP address
     * @param times when to rebind, from simulated time zero
     * @return the configuration
     */
    public static NatConfig rebindingAt(InetAddress publicAddress, Duration... times) {
        return new NatConfig(publicAddress, List.of(times), Duration.ZERO, false);
    }
}
