package io.quic4j.testkit;

import java.time.Duration;

/**
 * A half-open interval of simulated time, {@code [start, end)}, in nanoseconds.
 *
 * @param start the first instant inside the window
 * @param end the first instant after the window
 */
public record TimeWindow(long start, long end) {

    /** Checks that the window is not reversed. */
    public TimeWindow {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("time window must satisfy 0 <= start <= end, got [" + start + ", "
                    + end + ")");
        }
    }

    /**
     * The window starting at {@code start} and lasting {@code length}.
     *
     * @param start the offset from simulated time zero
     * @param length how long the window lasts
     * @return the window
     */
    public static TimeWindow of(Duration start, Duration length) {
        long s = start.toNanos();
        return new TimeWindow(s, Math.addExact(s, length.toNanos()));
    }

    /**
     * Tells whether {@code time} lies inside the window.
     *
     * @param time a simulated time in nanoseconds
     * @return {@code true} when {@code start <= time < end}
     */
    public boolean contains(long time) {
        return time >= start && time < end;
    }
}
