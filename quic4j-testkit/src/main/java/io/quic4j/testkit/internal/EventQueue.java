package io.quic4j.testkit.internal;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulator's agenda: events ordered by time, and events at the same time by the order they were
 * scheduled, so that ties never depend on anything but the run itself.
 *
 * @param <E> the event type
 */
public final class EventQueue<E> {

    /**
     * An event with its time and insertion sequence number.
     *
     * @param <E> the event type
     * @param time when it happens, in nanoseconds
     * @param sequence the order it was scheduled in
     * @param event the event
     */
    public record Entry<E>(long time, long sequence, E event) {
    }

    private final PriorityQueue<Entry<E>> queue = new PriorityQueue<>(
            Comparator.<Entry<E>>comparingLong(Entry::time).thenComparingLong(Entry::sequence));
    private long nextSequence;

    /** Creates an empty queue. */
    public EventQueue() {
    }

    /**
     * Schedules an event.
     *
     * @param time when it happens
     * @param event the event
     */
    public void add(long time, E event) {
        queue.add(new Entry<>(time, nextSequence++, event));
    }

    /**
     * The earliest event, without removing it.
     *
     * @return the entry, or {@code null} when empty
     */
    public Entry<E> peek() {
        return queue.peek();
    }

    /**
     * Removes the earliest event.
     *
     * @return the entry, or {@code null} when empty
     */
    public Entry<E> poll() {
        return queue.poll();
    }

    /**
     * The number of pending events.
     *
     * @return the count
     */
    public int size() {
        return queue.size();
    }
}
