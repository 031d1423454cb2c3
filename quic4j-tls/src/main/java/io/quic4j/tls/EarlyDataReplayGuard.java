package io.quic4j.tls;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Anti-replay for 0-RTT (RFC 8446 §8). A server accepts early data only when the ClientHello is
 * fresh (its ticket age matches the server's view within {@link #window()}, §8.3) and this guard has
 * not seen the ClientHello's PSK binder within that window (ClientHello recording, §8.2). A replayed
 * ClientHello still completes a 1-RTT handshake; only its early data is rejected.
 *
 * <p>Shared by all connections of a server, so implementations must be thread-safe. A cluster of
 * servers that share ticket keys needs a shared implementation (RFC 8446 §8.2 discusses why).
 */
public interface EarlyDataReplayGuard {

    /** @return the freshness window: ClientHellos whose ticket age is further off are not accepted */
    Duration window();

    /**
     * Records a ClientHello.
     *
     * @param binder the ClientHello's first PSK binder (unique per ClientHello)
     * @param nowMillis the current time
     * @return {@code true} the first time a binder is seen within the window
     */
    boolean firstUse(byte[] binder, long nowMillis);

    /**
     * @param window freshness window, e.g. 10 seconds
     * @param maxEntries bound on memory; when full, early data is refused until entries expire
     * @return an in-memory guard for a single server process
     */
    static EarlyDataReplayGuard inMemory(Duration window, int maxEntries) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        return new InMemory(window, maxEntries);
    }

    /** The in-memory guard: a set of binders with their expiry, oldest first. */
    final class InMemory implements EarlyDataReplayGuard {
        private record Entry(String binder, long expiresAt) {
        }

        private final Duration window;
        private final int maxEntries;
        private final ArrayDeque<Entry> order = new ArrayDeque<>();
        private final Set<String> seen = new HashSet<>();

        private InMemory(Duration window, int maxEntries) {
            this.window = window;
            this.maxEntries = maxEntries;
        }

        @Override
        public Duration window() {
            return window;
        }

        @Override
        public synchronized boolean firstUse(byte[] binder, long nowMillis) {
            while (!order.isEmpty() && order.peekFirst().expiresAt() <= nowMillis) {
                seen.remove(order.pollFirst().binder());
            }
            String key = java.util.HexFormat.of().formatHex(binder);
            if (seen.contains(key) || seen.size() >= maxEntries) {
                return false;
            }
            seen.add(key);
            // keep twice the window: a ClientHello accepted at the edge stays recorded while it could be fresh
            order.addLast(new Entry(key, nowMillis + 2 * window.toMillis()));
            return true;
        }
    }
}
