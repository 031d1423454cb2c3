package io.quic4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicServerStats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StatsCache}: one stats round serves every meter for {@code maxAge}, and a read never waits where waiting
 * could stall an event loop (a loop thread, or another thread already fetching). Simulated clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsCacheTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(7 * SECOND);

    private static QuicServerStats open(int connections) {
        return new QuicServerStats(connections, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** A source answering with 1, 2, 3, ... open connections, counting its calls. */
    private static Supplier<QuicServerStats> counting(AtomicInteger calls) {
        return () -> open(calls.incrementAndGet());
    }

    @Test
    void oneSnapshotServesEveryReadWithinMaxAge() {
        AtomicInteger calls = new AtomicInteger();
        StatsCache cache = new StatsCache(counting(calls), Duration.ofSeconds(1), clock::get);

        for (int i = 0; i < 20; i++) {
            assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        }
        clock.addAndGet(SECOND - 1);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        assertThat(calls).hasValue(1);

        clock.addAndGet(1); // a full second old: fetched again
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(2);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void zeroMaxAgeFetchesOnEveryRead() {
        AtomicInteger calls = new AtomicInteger();
        StatsCache cache = new StatsCache(counting(calls), Duration.ZERO, clock::get);

        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aReadOnAnEventLoopThreadGetsTheLastSnapshot() {
        // QuicServer.stats() throws IllegalStateException at once on its own loop threads instead of waiting
        AtomicInteger calls = new AtomicInteger();
        Supplier<QuicServerStats> source = () -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("on an event loop thread");
            }
            return open(5);
        };
        StatsCache cache = new StatsCache(source, Duration.ZERO, clock::get);

        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(5);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(5);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aReadBeforeAnySnapshotIsNaN() {
        StatsCache cache = new StatsCache(() -> {
            throw new IllegalStateException("on an event loop thread");
        }, Duration.ofSeconds(1), clock::get);

        assertThat(cache.read(QuicServerStats::connectionsOpen)).isNaN();
        assertThat(cache.get()).isNull();
    }

    @Test
    void aFailingSourceLeavesTheLastSnapshot() {
        AtomicInteger calls = new AtomicInteger();
        StatsCache cache = new StatsCache(() -> {
            if (calls.incrementAndGet() > 1) {
                throw new java.util.concurrent.CompletionException(new java.io.IOException("loop gone"));
            }
            return open(3);
        }, Duration.ZERO, clock::get);

        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(3);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(3);
    }

    @Test
    void aReaderDoesNotWaitForAnotherThreadsFetch() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        StatsCache cache = new StatsCache(() -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                fetching.countDown();
                try {
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return open(n);
        }, Duration.ZERO, clock::get);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);

        CompletableFuture<Double> slow = CompletableFuture
                .supplyAsync(() -> cache.read(QuicServerStats::connectionsOpen));
        assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
        // the other thread is still inside the source (it waits for `release`): this read answers stale at once
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        assertThat(slow).isNotDone();

        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(3);
    }

    @Test
    void aMaxAgeBeyondLongNanosIsForever() {
        AtomicInteger calls = new AtomicInteger();
        StatsCache cache = new StatsCache(counting(calls), Duration.ofDays(365L * 1000), clock::get);

        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        clock.addAndGet(1000L * 365 * 24 * 3600 * SECOND / 1000); // a year later
        assertThat(cache.read(QuicServerStats::connectionsOpen)).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void rejectsANegativeMaxAge() {
        assertThatThrownBy(() -> new StatsCache(() -> open(0), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or positive");
    }
}
