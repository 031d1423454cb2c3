package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Endpoint} attached to a {@link Simulator}, with its name and its own addresses. Obtained from
 * {@link Simulator#addEndpoint}; used to name link ends and read statistics.
 */
public final class Node {
    /** {@link #scheduledTimeout} when no timer event is pending for the node. */
    static final long NOTHING_SCHEDULED = Long.MIN_VALUE;

    private final String name;
    private final Endpoint endpoint;
    final List<InetSocketAddress> addresses = new ArrayList<>();
    long scheduledTimeout = NOTHING_SCHEDULED;
    long timerGeneration;

    Node(String name, Endpoint endpoint) {
        this.name = name;
        this.endpoint = endpoint;
    }

    /**
     * The node's name, unique in its simulator.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The endpoint.
     *
     * @return the endpoint the simulator drives
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * The node's own addresses, in the order they were added.
     *
     * @return an unmodifiable copy
     */
    public List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /**
     * The first of the node's own addresses.
     *
     * @return the address
     * @throws IllegalStateException when the node has none
     */
    public InetSocketAddress address() {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("node " + name + " has no address");
        }
        return addresses.getFirst();
    }

    @Override
    public String toString() {
        return name + addresses;
    }
}
