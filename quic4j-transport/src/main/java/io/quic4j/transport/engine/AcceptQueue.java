package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConnection;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The hand-off of established connections from a server's loops to the application's
 * {@code accept()} callers: one of the few structures shared between threads (DESIGN.md §2), so it is
 * small and every method holds its monitor only to move one element. Futures are completed outside the
 * monitor, since their callbacks run on the completing thread.
 */
final class AcceptQueue {
    private final int capacity;
    private final ArrayDeque<ConnectionHandle> ready = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<QuicConnection>> waiters = new ArrayDeque<>();
    private boolean closed;

    AcceptQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Offers an established connection (from its loop).
     *
     * @param c the connection
     * @return false if the queue is full or closed: the caller refuses the connection
     */
    boolean offer(ConnectionHandle c) {
        while (true) {
            CompletableFuture<QuicConnection> waiter;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                waiter = waiters.poll();
                if (waiter == null) {
                    if (ready.size() >= capacity) {
                        return false;
                    }
                    ready.add(c);
                    return true;
                }
            }
            if (waiter.complete(c)) {
                return true;
            }
        }
    }

    /** @return the next connection, now or when one arrives; fails once the server is closed */
    CompletableFuture<QuicConnection> take() {
        CompletableFuture<QuicConnection> f = new CompletableFuture<>();
        ConnectionHandle c;
        synchronized (this) {
            if (closed) {
                f.completeExceptionally(new ClosedChannelException());
                return f;
            }
            c = ready.poll();
            if (c == null) {
                waiters.add(f);
                return f;
            }
        }
        f.complete(c);
        return f;
    }

    /**
     * Closes the queue: waiters fail, and the connections nobody took are returned for closing.
     *
     * @return the connections never taken
     */
    ArrayDeque<ConnectionHandle> close() {
        ArrayDeque<CompletableFuture<QuicConnection>> w;
        ArrayDeque<ConnectionHandle> left;
        synchronized (this) {
            closed = true;
            w = new ArrayDeque<>(waiters);
            waiters.clear();
            left = new ArrayDeque<>(ready);
            ready.clear();
        }
        for (CompletableFuture<QuicConnection> f : w) {
            f.completeExceptionally(new ClosedChannelException());
        }
        return left;
    }
}
