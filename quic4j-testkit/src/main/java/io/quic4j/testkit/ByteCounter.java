package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link TraceListener} counting bytes and datagrams per address: what each address sent into the
 * network and what was delivered to it. Made for anti-amplification checks (RFC 9000 §8.1: before
 * validating the client's address, a server sends at most three times what it received), e.g.
 * {@code assertThat(c.bytesSentFrom(server)).isLessThanOrEqualTo(3 * c.bytesDeliveredTo(server))}.
 */
public final class ByteCounter implements TraceListener {
    private final Map<InetSocketAddress, long[]> sent = new HashMap<>();
    private final Map<InetSocketAddress, long[]> delivered = new HashMap<>();

    /** Creates a counter with everything at zero. */
    public ByteCounter() {
    }

    @Override
    public void onEvent(TraceEvent e) {
        switch (e.kind()) {
            case SENT -> add(sent, e.source(), e.length());
            case DELIVERED -> add(delivered, e.destination(), e.length());
            default -> {
            }
        }
    }

    private static void add(Map<InetSocketAddress, long[]> m, InetSocketAddress a, int bytes) {
        long[] c = m.computeIfAbsent(a, k -> new long[2]);
        c[0] += bytes;
        c[1]++;
    }

    /**
     * Bytes the endpoint sent from its own address {@code a} (counted when sent, whether or not delivered).
     *
     * @param a an endpoint's own address
     * @return the number of bytes
     */
    public long bytesSentFrom(InetSocketAddress a) {
        return sent.getOrDefault(a, new long[2])[0];
    }

    /**
     * Datagrams the endpoint sent from its own address {@code a}.
     *
     * @param a an endpoint's own address
     * @return the number of datagrams
     */
    public long datagramsSentFrom(InetSocketAddress a) {
        return sent.getOrDefault(a, new long[2])[1];
    }

    /**
     * Bytes delivered to the endpoint at its own address {@code a}.
     *
     * @param a an endpoint's own address
     * @return the number of bytes
     */
    public long bytesDeliveredTo(InetSocketAddress a) {
        return delivered.getOrDefault(a, new long[2])[0];
    }

    /**
     * Datagrams delivered to the endpoint at its own address {@code a}.
     *
     * @param a an endpoint's own address
     * @return the number of datagrams
     */
    public long datagramsDeliveredTo(InetSocketAddress a) {
        return delivered.getOrDefault(a, new long[2])[1];
    }
}
