package io.quic4j.transport.endpoint;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The live connections of an endpoint in the order they take turns to send: a circular doubly linked list with a
 * cursor on the next to serve, indexed by identity, so that adding and removing one are O(1) whatever the count
 * (an endpoint with a million connections and a steady churn of them). Round-robin holds across changes:
 * between two turns of one element, every other element present all along has exactly one turn, whatever was
 * removed or added meanwhile; a removal never makes the cursor skip anyone, and a new element takes its first turn
 * after everyone already there. Single-threaded, like the endpoint that owns it.
 *
 * @param <T> the elements, compared by identity
 */
final class SendRing<T> implements Iterable<T> {
    private static final class Node<T> {
        final T item;
        Node<T> prev;
        Node<T> next;

        Node(T item) {
            this.item = item;
        }
    }

    private final IdentityHashMap<T, Node<T>> nodes = new IdentityHashMap<>();
    /** The next to serve, or {@code null} when empty. */
    private Node<T> cursor;

    /**
     * Adds {@code item} as the last to serve in the current turn order (just before the cursor).
     *
     * @return false if it was there already
     */
    boolean add(T item) {
        if (nodes.containsKey(item)) {
            return false;
        }
        Node<T> n = new Node<>(item);
        nodes.put(item, n);
        if (cursor == null) {
            n.prev = n;
            n.next = n;
            cursor = n;
        } else {
            n.next = cursor;
            n.prev = cursor.prev;
            cursor.prev.next = n;
            cursor.prev = n;
        }
        return true;
    }

    /**
     * Removes {@code item}; if it was next to serve, its successor is.
     *
     * @return false if it was not there
     */
    boolean remove(T item) {
        Node<T> n = nodes.remove(item);
        if (n == null) {
            return false;
        }
        if (n.next == n) {
            cursor = null;
        } else {
            if (cursor == n) {
                cursor = n.next;
            }
            n.prev.next = n.next;
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        return true;
    }

    /** @return the element whose turn it is, advancing the cursor past it, or {@code null} when empty */
    T next() {
        Node<T> n = cursor;
        if (n == null) {
            return null;
        }
        cursor = n.next;
        return n.item;
    }

    boolean contains(T item) {
        return nodes.containsKey(item);
    }

    int size() {
        return nodes.size();
    }

    boolean isEmpty() {
        return cursor == null;
    }

    /** @return a copy, in turn order from the next to serve, for walks during which elements may come and go */
    List<T> snapshot() {
        List<T> out = new ArrayList<>(nodes.size());
        for (T t : this) {
            out.add(t);
        }
        return out;
    }

    /**
     * Walks the elements in turn order from the next to serve. The ring must not change during the walk (use
     * {@link #snapshot()} for that).
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Node<T> at = cursor;
            private int left = nodes.size();

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public T next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                T t = at.item;
                at = at.next;
                left--;
                return t;
            }
        };
    }
}
