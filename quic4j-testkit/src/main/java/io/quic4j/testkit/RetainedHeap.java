package io.quic4j.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap that stays reachable, measured after full collections: what attack tests compare before and after an attack
 * (issue 8: the server's retained heap returns to within 10% of where it was). One reading is the smallest "used heap"
 * seen over up to {@code 10} collections, stopping early once two readings agree within 0.5%, so that garbage
 * allocated by threads still winding down does not count as retained.
 *
 * <pre>{@code
 * long before = RetainedHeap.measure();
 * runTheAttack();
 * long after = RetainedHeap.measure();
 * assertThat(RetainedHeap.growth(before, after)).isLessThan(0.10);
 * }</pre>
 */
public final class RetainedHeap {
    private static final int MAX_COLLECTIONS = 10;

    private RetainedHeap() {
    }

    /**
     * @return the bytes of heap in use after full collections settle
     * @throws InterruptedException if interrupted between collections
     */
    public static long measure() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        long previous = -1;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            memory.gc();
            Thread.sleep(50); // lets reference processing and Cleaners run before the next reading
            long used = memory.getHeapMemoryUsage().getUsed();
            least = Math.min(least, used);
            if (previous > 0 && Math.abs(used - previous) <= previous / 200) {
                break;
            }
            previous = used;
        }
        return least;
    }

    /**
     * @param before a reading before
     * @param after a reading after
     * @return how much the retained heap grew, as a fraction of {@code before} (negative if it shrank)
     */
    public static double growth(long before, long after) {
        if (before <= 0) {
            throw new IllegalArgumentException("before must be a positive reading, was " + before);
        }
        return (double) (after - before) / before;
    }

    /**
     * @param bytes a reading
     * @return it in MiB with one decimal, for messages
     */
    public static String describe(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
