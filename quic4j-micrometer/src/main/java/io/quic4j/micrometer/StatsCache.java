package io.quic4j.micrometer;

import io.quic4j.transport.QuicServerStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One {@link QuicServerStats} snapshot shared by every transport meter of a binding, so that a scrape reading a
 * dozen meters costs one round of posts to the event loops ({@code QuicServer.stats()} asks every loop), not one
 * per meter. A snapshot is reused while it is younger than {@code maxAge}.
 *
 * <p>Never blocks an event loop: {@code QuicServer.stats()} throws {@link IllegalStateException} at once on one
 * of the server's loop threads (waiting there would deadlock the loop), and a reader that finds another thread
 * already fetching does not wait for it either; both get the last snapshot (stale, or {@code null} before the
 * first one). Only the one thread that fetches waits, for the loops to answer.
 *
 * <pre>{@code
 * StatsCache cache = new StatsCache(server::stats, Duration.ofSeconds(1));
 * double open = cache.read(QuicServerStats::connectionsOpen); // NaN until a snapshot could be taken
 * }</pre>
 */
final class StatsCache {
    private static final System.Logger LOG = System.getLogger(StatsCache.class.getName());

    private final Supplier<QuicServerStats> source;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile Taken last;

    /** A snapshot and when it was taken. */
    private record Taken(QuicServerStats stats, long atNanos) {
    }

    /**
     * @param source fetches fresh figures; may block, and throws {@link IllegalStateException} where it must not
     * @param maxAge how long a snapshot is reused; zero fetches on every read
     */
    StatsCache(Supplier<QuicServerStats> source, Duration maxAge) {
        this(source, maxAge, System::nanoTime);
    }

    /** As above, with the clock passed in (tests). */
    StatsCache(Supplier<QuicServerStats> source, Duration maxAge, LongSupplier clock) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the stats cache time must be zero or positive, was " + maxAge);
        }
        // Duration.toNanos() overflows past ~292 years: any longer age is "forever"
        this.maxAgeNanos = maxAge.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : maxAge.toNanos();
        this.clock = clock;
    }

    /** @return the figures, at most {@code maxAge} old when this thread could fetch, else the last ones or null */
    QuicServerStats get() {
        Taken t = last;
        if (t != null && clock.getAsLong() - t.atNanos() < maxAgeNanos) {
            return t.stats();
        }
        if (!fetching.compareAndSet(false, true)) {
            return t == null ? null : t.stats(); // another reader is fetching: do not wait for it
        }
        try {
            QuicServerStats s = Objects.requireNonNull(source.get(), "stats");
            last = new Taken(s, clock.getAsLong());
            return s;
        } catch (IllegalStateException onLoopThread) {
            // QuicServer.stats() refuses to wait on its own event loop: keep the loop running, answer stale.
            return t == null ? null : t.stats();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not read the QUIC server's stats; meters keep the last", e);
            return t == null ? null : t.stats();
        } finally {
            fetching.set(false);
        }
    }

    /**
     * @param f one figure of the snapshot
     * @return that figure, or NaN if no snapshot could be taken yet
     */
    double read(ToDoubleFunction<QuicServerStats> f) {
        QuicServerStats s = get();
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }
}
