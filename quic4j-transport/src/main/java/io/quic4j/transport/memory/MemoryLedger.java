package io.quic4j.transport.memory;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one event loop's connections hold in buffers, against that loop's share of the global ceiling. Each
 * owner (a connection) reports its current figure with {@link #update}; the ledger keeps the sum, so a
 * report costs O(1) whatever the number of owners, and finds the largest owner only when it is asked to
 * shed (O(n), rare). One owner thread, no locks (DESIGN.md §2): a server with several loops gives each loop
 * its own ledger with {@code ceiling / loops}.
 *
 * <p>Four levels, see the package documentation for why they are what the RFC allows:
 * <ul>
 * <li>below {@link #pressureLimit()}: everything goes;
 * <li>from there on, {@link #underPressure()}: owners stop taking on more (connections hold back flow-control
 * credit); the pressure ends only when the sum falls below {@link #reliefLimit()}, a little lower, so that an
 * owner hovering at the level does not flip it on every report;
 * <li>from {@link #admissionLimit()} to the ceiling: no new connection is admitted (CONNECTION_REFUSED), existing
 * ones carry on;
 * <li>past the ceiling: the owner holding the most is closed, then the next, until what the owners that are
 * not closing hold is back under; closing owners ({@link #markReleasing}) only shrink and leave when they end.
 * </ul>
 *
 * @param <K> the owner type, compared by identity
 */
public final class MemoryLedger<K> {
    private final long ceiling;
    private final long admissionLimit;
    private final long pressureLimit;
    private final long reliefLimit;
    private boolean pressure;
    private long pressureEpisodes;
    private final Map<K, long[]> charges = new IdentityHashMap<>();
    private long used;
    private long releasing;
    private long peak;
    private long peakHeld;
    private long shed;

    /** The default share of the ceiling from which the ledger is under pressure (3/4). */
    public static final double PRESSURE_FRACTION = 0.75;

    /**
     * A ledger under pressure from {@code min(}{@link #PRESSURE_FRACTION}{@code , admissionFraction)} of the
     * ceiling.
     *
     * @param ceiling the most bytes this loop's owners may hold, at least 1; {@link Long#MAX_VALUE} for none
     * @param admissionFraction the share of the ceiling above which new owners are refused, in (0, 1]
     */
    public MemoryLedger(long ceiling, double admissionFraction) {
        this(ceiling, Math.min(PRESSURE_FRACTION, admissionFraction), admissionFraction);
    }

    /**
     * @param ceiling the most bytes this loop's owners may hold, at least 1; {@link Long#MAX_VALUE} for none
     * @param pressureFraction the share of the ceiling from which the ledger is under pressure, in (0,
     *     admissionFraction]; the pressure ends below 5/6 of that level (5/8 of the ceiling for 3/4)
     * @param admissionFraction the share of the ceiling above which new owners are refused, in (0, 1]
     */
    public MemoryLedger(long ceiling, double pressureFraction, double admissionFraction) {
        if (ceiling < 1 || !(admissionFraction > 0 && admissionFraction <= 1)
                || !(pressureFraction > 0 && pressureFraction <= admissionFraction)) {
            throw new IllegalArgumentException("need ceiling >= 1 and 0 < pressureFraction <= admissionFraction <= 1,"
                    + " was " + ceiling + ", " + pressureFraction + ", " + admissionFraction);
        }
        this.ceiling = ceiling;
        boolean none = ceiling == Long.MAX_VALUE;
        this.admissionLimit = none ? ceiling : (long) (ceiling * admissionFraction);
        this.pressureLimit = none ? ceiling : (long) (ceiling * pressureFraction);
        this.reliefLimit = none ? ceiling : (long) (ceiling * pressureFraction * 5 / 6);
    }

    /**
     * Records what {@code owner} holds now.
     *
     * @param owner the owner
     * @param bytes its current figure, at least 0
     */
    public void update(K owner, long bytes) {
        Objects.requireNonNull(owner, "owner");
        long b = Math.max(0, bytes);
        long[] charge = charges.get(owner);
        if (charge == null) {
            if (b == 0) {
                return;
            }
            charge = new long[2];
            charges.put(owner, charge);
        }
        used += b - charge[0];
        if (charge[1] != 0) {
            releasing += b - charge[0];
        }
        charge[0] = b;
        if (b == 0) {
            charges.remove(owner);
        }
        peak = Math.max(peak, used);
        peakHeld = Math.max(peakHeld, used - releasing);
        settlePressure();
    }

    /** Pressure starts at the pressure level and ends below the relief level (hysteresis). */
    private void settlePressure() {
        if (!pressure && used >= pressureLimit) {
            pressure = true;
            pressureEpisodes++;
        } else if (pressure && used < reliefLimit) {
            pressure = false;
        }
    }

    /**
     * Forgets an owner (it ended; its buffers are unreachable).
     *
     * @param owner the owner
     */
    public void remove(K owner) {
        long[] charge = charges.remove(owner);
        if (charge != null) {
            used -= charge[0];
            if (charge[1] != 0) {
                releasing -= charge[0];
            }
            settlePressure();
        }
    }

    /**
     * Marks an owner as closing: what it holds only shrinks from now on and is released when it ends, so it
     * no longer counts towards {@link #isOver()} (it still counts for {@link #admits()}).
     *
     * @param owner the owner
     */
    public void markReleasing(K owner) {
        long[] charge = charges.get(owner);
        if (charge != null && charge[1] == 0) {
            charge[1] = 1;
            releasing += charge[0];
        }
    }

    /**
     * @return whether the ledger is under pressure: the sum reached {@link #pressureLimit()} and has not fallen
     *         below {@link #reliefLimit()} since (owners closing count: their memory is still held)
     */
    public boolean underPressure() {
        return pressure;
    }

    /** @return how many times pressure started */
    public long pressureEpisodes() {
        return pressureEpisodes;
    }

    /** @return the sum from which the ledger is under pressure */
    public long pressureLimit() {
        return pressureLimit;
    }

    /** @return the sum below which pressure ends */
    public long reliefLimit() {
        return reliefLimit;
    }

    /** @return whether a new owner may be admitted: the sum is below the admission limit */
    public boolean admits() {
        return used < admissionLimit;
    }

    /**
     * @return whether the owners that are not already closing hold more than the ceiling, so the largest of them
     *         must go
     */
    public boolean isOver() {
        return used - releasing > ceiling;
    }

    /**
     * The owner holding the most among those not closing that {@code eligible} accepts, counted as shed.
     *
     * @param eligible which owners may be chosen
     * @return that owner, or {@code null} if none is eligible
     */
    public K largest(java.util.function.Predicate<K> eligible) {
        K best = null;
        long most = -1;
        for (Map.Entry<K, long[]> e : charges.entrySet()) {
            if (e.getValue()[1] == 0 && e.getValue()[0] > most && eligible.test(e.getKey())) {
                most = e.getValue()[0];
                best = e.getKey();
            }
        }
        if (best != null) {
            shed++;
        }
        return best;
    }

    /**
     * @param owner an owner
     * @return what it holds as last reported
     */
    public long charge(K owner) {
        long[] c = charges.get(owner);
        return c == null ? 0 : c[0];
    }

    /** @return the sum of the owners' figures */
    public long used() {
        return used;
    }

    /** @return the highest sum seen */
    public long peak() {
        return peak;
    }

    /** @return the highest sum seen of owners not closing (what {@link #isOver()} compares to the ceiling) */
    public long peakHeld() {
        return peakHeld;
    }

    /** @return what closing owners still hold */
    public long releasing() {
        return releasing;
    }

    /** @return how many owners were picked to be shed */
    public long shed() {
        return shed;
    }

    /** @return the ceiling */
    public long ceiling() {
        return ceiling;
    }

    /** @return the sum above which new owners are refused */
    public long admissionLimit() {
        return admissionLimit;
    }
}
