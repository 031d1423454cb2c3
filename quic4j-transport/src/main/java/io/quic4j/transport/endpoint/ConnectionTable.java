package io.quic4j.transport.endpoint;

import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.wire.ConnectionId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Routes connection IDs to connections (DESIGN.md §5: a map keyed by peer-chosen values must not be
 * floodable into collisions). Keys hash with a per-endpoint secret, so a peer cannot aim IDs at one bucket,
 * and they are {@link Comparable}, so even a bucket full of collisions stays a balanced tree (the JDK's
 * {@link HashMap} treeifies such buckets): lookups are O(log n) in the worst case.
 */
final class ConnectionTable {
    /** A connection ID with a keyed hash. */
    private record Key(ConnectionId id, byte[] bytes, int hash) implements Comparable<Key> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public int compareTo(Key o) {
            return Arrays.compare(bytes, o.bytes);
        }
    }

    private final long secret0;
    private final long secret1;
    private final Map<Key, Connection> routes = new HashMap<>();
    // Insertion-ordered: iteration decides send order, which must not depend on identity hash codes.
    private final Map<Connection, Set<ConnectionId>> idsOf = new LinkedHashMap<>();

    ConnectionTable(long secret0, long secret1) {
        this.secret0 = secret0;
        this.secret1 = secret1;
    }

    private Key key(ConnectionId id) {
        byte[] b = id.toBytes();
        // A keyed multiply-xorshift mix (in the spirit of wyhash); with comparable keys as the backstop.
        long h = secret0 ^ b.length;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
            h += secret1;
        }
        h ^= h >>> 32;
        return new Key(id, b, (int) h);
    }

    Connection get(ConnectionId id) {
        return routes.get(key(id));
    }

    void put(ConnectionId id, Connection c) {
        routes.put(key(id), c);
        idsOf.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(id);
    }

    void remove(ConnectionId id) {
        Connection c = routes.remove(key(id));
        if (c != null) {
            Set<ConnectionId> ids = idsOf.get(c);
            if (ids != null) {
                ids.remove(id);
            }
        }
    }

    /** Forgets a connection and every ID routing to it. */
    void removeAll(Connection c) {
        Set<ConnectionId> ids = idsOf.remove(c);
        if (ids != null) {
            for (ConnectionId id : ids) {
                routes.remove(key(id));
            }
        }
    }

    Collection<Connection> connections() {
        return idsOf.keySet();
    }

    int size() {
        return idsOf.size();
    }
}
