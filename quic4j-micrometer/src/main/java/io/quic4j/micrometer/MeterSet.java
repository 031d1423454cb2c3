package io.quic4j.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meters one binding registered, so that closing the binding removes exactly those from the registry.
 * Thread-safe; after {@link #close()} a meter added is removed at once.
 *
 * <pre>{@code
 * MeterSet meters = new MeterSet(registry);
 * meters.add(Gauge.builder("x", obj, o -> 1).register(registry));
 * meters.close(); // registry.remove(...) for each
 * }</pre>
 */
final class MeterSet implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private boolean closed;

    MeterSet(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** @return the registry the meters are in */
    MeterRegistry registry() {
        return registry;
    }

    /**
     * @param meter a meter just registered in {@link #registry()}
     * @param <M> its type
     * @return the meter
     */
    synchronized <M extends Meter> M add(M meter) {
        if (closed) {
            registry.remove(meter);
        } else {
            meters.add(meter);
        }
        return meter;
    }

    /** @return whether {@link #close()} was called */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Removes every meter added from the registry; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
