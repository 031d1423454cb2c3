package io.quic4j.transport.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * The timers of one event loop: an indexed binary min-heap of {@link Entry entries} keyed by deadline
 * (nanoseconds on the loop's clock). Each connection owns one entry and moves it whenever its
 * {@code nextTimeout()} changes, so schedule, reschedule and cancel are all O(log n) and allocate
 * nothing once the arrays have grown to the loop's connection count. A deadline of
 * {@link Long#MAX_VALUE} means "no timer": such entries are not kept in the heap at all.
 *
 * <p>Deadlines live in a {@code long[]} parallel to the entries, so sifting compares array elements
 * rather than chasing an entry per comparison. Entries with equal deadlines come out in no particular
 * order.
 *
 * <p>Not thread-safe: the loop that owns it is its only user (DESIGN.md §2).
 *
 * @param <T> what an entry belongs to, typically a connection
 */
public final class TimerHeap<T> {
    /** The value of {@link Entry#deadline()} and {@link #earliest()} when nothing is scheduled. */
    public static final long NONE = Long.MAX_VALUE;

    private static final int INITIAL_CAPACITY = 16;

    /**
     * One owner's timer in one heap: its owner, its deadline and its place in the heap.
     *
     * @param <T> the owner's type
     */
    public static final class Entry<T> {
        private final TimerHeap<T> heap;
        private final T owner;
        private long deadline = NONE;
        private int index = -1;

        private Entry(TimerHeap<T> heap, T owner) {
            this.heap = heap;
            this.owner = owner;
        }

        /** @return the owner given to {@link TimerHeap#entry} */
        public T owner() {
            return owner;
        }

        /** @return the scheduled deadline, or {@link TimerHeap#NONE} when not scheduled */
        public long deadline() {
            return deadline;
        }

        @Override
        public String toString() {
            return "TimerHeap.Entry[" + owner + (index < 0 ? ", unscheduled]" : ", deadline=" + deadline + "]");
        }
    }

    private Entry<T>[] entries = newArray(INITIAL_CAPACITY);
    private long[] deadlines = new long[INITIAL_CAPACITY];
    private int size;

    /** Creates an empty heap. */
    public TimerHeap() {
    }

    @SuppressWarnings("unchecked") // the array only ever holds Entry<T>, and never escapes
    private static <T> Entry<T>[] newArray(int length) {
        return (Entry<T>[]) new Entry<?>[length];
    }

    /**
     * Creates an unscheduled entry for an owner. Entries are used only with the heap that made them.
     *
     * @param owner what {@link #pollDue} returns when the entry is due, not {@code null}
     * @return the entry
     */
    public Entry<T> entry(T owner) {
        return new Entry<>(this, Objects.requireNonNull(owner, "owner"));
    }

    /**
     * Schedules an entry, moving it if it is already scheduled.
     *
     * @param e an entry of this heap
     * @param deadline the new deadline; {@link #NONE} ({@link Long#MAX_VALUE}) cancels the entry
     * @throws IllegalArgumentException if {@code e} was made by another heap
     */
    public void schedule(Entry<T> e, long deadline) {
        checkOwn(e);
        if (deadline == NONE) {
            cancel(e);
            return;
        }
        int i = e.index;
        if (i < 0) {
            if (size == entries.length) {
                grow();
            }
            i = size++;
            entries[i] = e;
            e.index = i;
            e.deadline = deadline;
            deadlines[i] = deadline;
            siftUp(i);
            return;
        }
        long old = deadlines[i];
        e.deadline = deadline;
        deadlines[i] = deadline;
        if (deadline < old) {
            siftUp(i);
        } else if (deadline > old) {
            siftDown(i);
        }
    }

    /**
     * Removes an entry from the heap; does nothing if it is not scheduled.
     *
     * @param e an entry of this heap
     * @throws IllegalArgumentException if {@code e} was made by another heap
     */
    public void cancel(Entry<T> e) {
        checkOwn(e);
        if (e.index >= 0) {
            removeAt(e.index);
        }
    }

    /** @return the smallest deadline scheduled, or {@link #NONE} when the heap is empty */
    public long earliest() {
        return size == 0 ? NONE : deadlines[0];
    }

    /**
     * Removes the earliest entry if it is due. The caller runs the owner's timer and schedules the entry
     * again with the owner's next deadline.
     *
     * @param now the loop's current time
     * @return the owner of the earliest entry if its deadline is at or before {@code now}, else
     *     {@code null}
     */
    public T pollDue(long now) {
        if (size == 0 || deadlines[0] > now) {
            return null;
        }
        Entry<T> e = entries[0];
        removeAt(0);
        return e.owner;
    }

    /** @return the number of scheduled entries */
    public int size() {
        return size;
    }

    /**
     * @param e an entry of this heap
     * @return whether it is in the heap, i.e. has a deadline other than {@link #NONE}
     */
    public boolean isScheduled(Entry<T> e) {
        checkOwn(e);
        return e.index >= 0;
    }

    /**
     * Checks the heap property and every entry's back-pointer; for tests.
     *
     * @return whether every parent's deadline is at most its children's and each entry knows its index
     */
    boolean isConsistent() {
        for (int i = 0; i < size; i++) {
            Entry<T> e = entries[i];
            if (e == null || e.index != i || e.deadline != deadlines[i] || deadlines[i] == NONE) {
                return false;
            }
            if (i > 0 && deadlines[(i - 1) >>> 1] > deadlines[i]) {
                return false;
            }
        }
        for (int i = size; i < entries.length; i++) {
            if (entries[i] != null) {
                return false; // a stale reference would keep a closed connection alive
            }
        }
        return true;
    }

    private void checkOwn(Entry<T> e) {
        if (e.heap != this) {
            throw new IllegalArgumentException("the entry of " + e.owner + " belongs to another TimerHeap");
        }
    }

    private void grow() {
        int capacity = entries.length * 2;
        entries = Arrays.copyOf(entries, capacity);
        deadlines = Arrays.copyOf(deadlines, capacity);
    }

    private void removeAt(int i) {
        Entry<T> removed = entries[i];
        removed.index = -1;
        removed.deadline = NONE;
        int last = --size;
        if (i != last) {
            Entry<T> moved = entries[last];
            long movedDeadline = deadlines[last];
            entries[i] = moved;
            deadlines[i] = movedDeadline;
            moved.index = i;
            entries[last] = null;
            // The last entry may belong above or below the hole, depending on which subtree it came from.
            if (i > 0 && movedDeadline < deadlines[(i - 1) >>> 1]) {
                siftUp(i);
            } else {
                siftDown(i);
            }
        } else {
            entries[last] = null;
        }
    }

    private void siftUp(int i) {
        Entry<T> e = entries[i];
        long d = deadlines[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= d) {
                break;
            }
            place(entries[parent], deadlines[parent], i);
            i = parent;
        }
        place(e, d, i);
    }

    private void siftDown(int i) {
        Entry<T> e = entries[i];
        long d = deadlines[i];
        int half = size >>> 1; // nodes at or past half are leaves
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && deadlines[right] < deadlines[child]) {
                child = right;
            }
            if (d <= deadlines[child]) {
                break;
            }
            place(entries[child], deadlines[child], i);
            i = child;
        }
        place(e, d, i);
    }

    private void place(Entry<T> e, long d, int i) {
        entries[i] = e;
        deadlines[i] = d;
        e.index = i;
    }

    @Override
    public String toString() {
        return "TimerHeap[size=" + size + ", earliest=" + (size == 0 ? "none" : deadlines[0]) + "]";
    }
}
