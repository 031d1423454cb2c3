package io.quic4j.transport.endpoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source handshake rate limits (RFC 9000 §21.6, "limiting the number of connections a single IP address
 * is allowed to make"): one {@link TokenBucket} per address prefix (IPv4 /24 and IPv6 /56 by default, so
 * that one host cannot dodge the limit by walking its own subnet), taken when a handshake starts.
 *
 * <p>The map is keyed by peer-chosen values, so it is bounded and cannot be flooded into collisions
 * (DESIGN.md §5): keys hash with a per-endpoint secret and are {@link Comparable}, so a bucket of colliding
 * keys becomes a balanced tree; at most {@code capacity} prefixes are tracked, and when a new one arrives
 * the least recently used is forgotten. Forgetting a prefix hands it a full bucket again, so the limit
 * holds exactly only for the {@code capacity} most recently active prefixes: an attacker who wants a fresh
 * bucket must make {@code capacity} other prefixes active first, and spoofed prefixes are what Retry is for.
 * One owner thread, no locks (DESIGN.md §2).
 */
final class HandshakeRateLimiter {
    /** An address prefix with a keyed hash. */
    private record Prefix(byte[] bytes, int hash) implements Comparable<Prefix> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public int compareTo(Prefix o) {
            return Arrays.compare(bytes, o.bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }

    private final double perSecond;
    private final int burst;
    private final int ipv4Bits;
    private final int ipv6Bits;
    private final long secret0;
    private final long secret1;
    private final Map<Prefix, TokenBucket> buckets;
    private long limited;

    /**
     * @param perSecond handshakes per second each prefix may start
     * @param burst how many it may start at once
     * @param capacity how many prefixes are tracked at most
     * @param ipv4Bits IPv4 prefix length, 8 to 32
     * @param ipv6Bits IPv6 prefix length, 16 to 128
     * @param secret0 hash key
     * @param secret1 hash key
     */
    HandshakeRateLimiter(double perSecond, int burst, int capacity, int ipv4Bits, int ipv6Bits, long secret0,
            long secret1) {
        if (capacity < 1 || ipv4Bits < 8 || ipv4Bits > 32 || ipv6Bits < 16 || ipv6Bits > 128) {
            throw new IllegalArgumentException("bad limiter settings: capacity " + capacity + ", prefixes /"
                    + ipv4Bits + " /" + ipv6Bits);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.ipv4Bits = ipv4Bits;
        this.ipv6Bits = ipv6Bits;
        this.secret0 = secret0;
        this.secret1 = secret1;
        // Access order: the eldest entry is the least recently used prefix.
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Prefix, TokenBucket> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Takes one handshake from the sender's prefix.
     *
     * @param from the sender
     * @param now the current time, nanoseconds
     * @return whether the prefix is within its rate
     */
    boolean tryAcquire(InetSocketAddress from, long now) {
        Prefix p = prefix(from);
        TokenBucket b = buckets.get(p);
        if (b == null) {
            b = new TokenBucket(perSecond, burst);
            buckets.put(p, b);
        }
        if (b.tryTake(now)) {
            return true;
        }
        limited++;
        return false;
    }

    private Prefix prefix(InetSocketAddress from) {
        InetAddress a = from.getAddress();
        byte[] raw = a == null ? new byte[0] : a.getAddress();
        int bits = raw.length == 4 ? ipv4Bits : ipv6Bits;
        int whole = Math.min(raw.length, bits / 8);
        int rest = bits % 8;
        byte[] b = Arrays.copyOf(raw, whole + (rest > 0 && whole < raw.length ? 1 : 0));
        if (b.length > whole) {
            b[whole] &= (byte) (0xff << (8 - rest));
        }
        // A keyed multiply-xorshift mix, as ConnectionTable: the peer cannot aim prefixes at one bucket.
        long h = secret0 ^ (raw.length * 31L + bits);
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
            h += secret1;
        }
        h ^= h >>> 32;
        return new Prefix(b, (int) h);
    }

    /** @return how many prefixes are tracked */
    int size() {
        return buckets.size();
    }

    /** @return how many handshakes were over their prefix's rate */
    long limited() {
        return limited;
    }
}
