package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Simulator;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The per-prefix handshake rate limit (RFC 9000 §21.6) and its bounded, keyed map (DESIGN.md §5). */
class HandshakeRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private static HandshakeRateLimiter limiter(int capacity) {
        return new HandshakeRateLimiter(10, 5, capacity, 24, 56, 1, 2);
    }

    @Test
    void aPrefixGetsItsBurstThenItsRate() {
        HandshakeRateLimiter l = limiter(100);
        InetSocketAddress a = Simulator.address("192.0.2.1", 1000);
        for (int i = 0; i < 5; i++) {
            assertThat(l.tryAcquire(a, 0)).isTrue();
        }
        assertThat(l.tryAcquire(a, 0)).isFalse();
        // 10 per second: one more every 100 ms.
        assertThat(l.tryAcquire(a, SECOND / 10 - 1)).isFalse();
        assertThat(l.tryAcquire(a, SECOND / 10)).isTrue();
        assertThat(l.tryAcquire(a, SECOND / 10)).isFalse();
        assertThat(l.limited()).isEqualTo(3);
    }

    @Test
    void addressesInOnePrefixShareABucketAndOtherPrefixesDoNot() {
        HandshakeRateLimiter l = limiter(100);
        for (int i = 1; i <= 5; i++) {
            assertThat(l.tryAcquire(Simulator.address("192.0.2." + i, 1000 + i), 0)).isTrue();
        }
        assertThat(l.tryAcquire(Simulator.address("192.0.2.200", 5), 0)).as("same /24").isFalse();
        assertThat(l.tryAcquire(Simulator.address("192.0.3.1", 5), 0)).as("another /24").isTrue();
        assertThat(l.tryAcquire(Simulator.address("2001:db8:0:1::1", 5), 0)).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(l.tryAcquire(Simulator.address("2001:db8:0:1:ffff::" + (i + 2), 5), 0)).isTrue();
        }
        assertThat(l.tryAcquire(Simulator.address("2001:db8:0:1:8000::1", 5), 0)).as("same /56").isFalse();
        assertThat(l.tryAcquire(Simulator.address("2001:db8:0:100::1", 5), 0)).as("another /56").isTrue();
    }

    @Test
    void theMapStaysBoundedUnderAFloodOfPrefixesAndForgetsTheLeastRecentlyActive() {
        HandshakeRateLimiter l = limiter(1_000);
        InetSocketAddress busy = Simulator.address("198.51.100.7", 443);
        for (int i = 0; i < 5; i++) {
            l.tryAcquire(busy, 0);
        }
        for (int i = 0; i < 200_000; i++) {
            // Every address in its own /24.
            l.tryAcquire(Simulator.address((1 + (i >> 16)) + "." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1", 1), 0);
            if (i % 500 == 0) {
                // Kept active, so never the eldest: its empty bucket is not traded for a full one.
                assertThat(l.tryAcquire(busy, 0)).isFalse();
            }
            assertThat(l.size()).isLessThanOrEqualTo(1_000);
        }
        assertThat(l.size()).isEqualTo(1_000);
    }
}
