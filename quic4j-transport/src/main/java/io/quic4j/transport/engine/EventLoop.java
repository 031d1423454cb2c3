package io.quic4j.transport.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event-loop thread (DESIGN.md §2): it owns UDP sockets, the connections on them and their timers, and
 * is the only thread that touches any of them. Each turn it reads a batch of datagrams from every ready
 * socket, runs the commands other threads posted with {@link #execute}, fires due timers, and flushes what
 * connections want to send. Nothing here blocks except the selector, and the selector wakes for a posted
 * command or the earliest timer.
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.start(0, "quic-loop-0");
 * loop.execute(() -> ... runs on the loop thread ...);
 * loop.shutdown().join();
 * }</pre>
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger("io.quic4j.transport.engine");
    /** Timers due within this much are waited for without sleeping: the selector's resolution is a millisecond. */
    private static final long TIMER_SLACK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Posted commands run per turn at most, so that a flood of commands cannot starve the sockets. */
    private static final int MAX_TASKS_PER_TURN = 4096;

    /** Something that wants a turn at sending once the loop flushes. */
    interface Flushable {
        /**
         * Sends what it can now.
         *
         * @param now the time
         * @return whether it still has something to send and wants another turn
         */
        boolean flush(long now);
    }

    /** Something with a timer in this loop's {@link TimerHeap}. */
    interface Timed {
        /** @param now the time; the timer is due */
        void onTimer(long now);
    }

    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final TimerHeap<Timed> timers = new TimerHeap<>();
    private final ArrayDeque<Flushable> flushQueue = new ArrayDeque<>();
    private final ArrayDeque<Timed> dueTimers = new ArrayDeque<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    // Heap, not direct: packet protection is fastest on arrays, and the JDK copies through its own direct
    // buffer on send either way.
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(UdpSocket.MAX_UDP_PAYLOAD);
    private volatile boolean shuttingDown;

    private EventLoop(int index, String name) throws IOException {
        this.index = index;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /**
     * Starts a loop thread.
     *
     * @param index this loop's index in its group (encoded in server connection IDs)
     * @param name the thread's name
     * @return the running loop
     * @throws UncheckedIOException if no selector can be opened
     */
    public static EventLoop start(int index, String name) {
        try {
            EventLoop loop = new EventLoop(index, name);
            loop.thread.start();
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for an event loop", e);
        }
    }

    /** @return this loop's index in its group */
    public int index() {
        return index;
    }

    /** @return whether the caller is this loop's thread */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread, after the commands posted before it. Safe from any thread, the
     * loop's own included (the task then runs later in this turn, never re-entrantly).
     *
     * @param task the command
     * @throws RejectedExecutionException once the loop has terminated
     */
    @Override
    public void execute(Runnable task) {
        if (terminated.isDone()) {
            throw new RejectedExecutionException("event loop " + thread.getName() + " has terminated");
        }
        tasks.add(task);
        if (terminated.isDone() && tasks.remove(task)) {
            // The loop ended between the check above and the add, after its last drain: nobody would run it.
            throw new RejectedExecutionException("event loop " + thread.getName() + " has terminated");
        }
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** @return the loop's selector, for sockets to register with (on the loop thread) */
    Selector selector() {
        return selector;
    }

    /** @return the buffer connections write their datagrams into before they go to a socket (loop thread only) */
    ByteBuffer sendBuffer() {
        return sendBuffer;
    }

    /** @return the loop's timers (loop thread only) */
    TimerHeap<Timed> timers() {
        return timers;
    }

    /**
     * Gives {@code f} a turn at sending at the end of this turn (loop thread only).
     *
     * @param f what wants to send
     */
    void wantsFlush(Flushable f) {
        flushQueue.add(f);
    }

    /**
     * Stops the loop once the tasks already posted have run; sockets still registered are closed.
     *
     * @return completes when the thread has ended
     */
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        selector.wakeup();
        return terminated;
    }

    /** @return completes when the thread has ended */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    private void run() {
        try {
            while (!shuttingDown || !tasks.isEmpty()) {
                long now = System.nanoTime();
                fireTimers(now);
                flush(System.nanoTime());
                select();
                now = System.nanoTime();
                readReady(now);
                runTasks();
            }
        } catch (Throwable t) {
            // A bug: the loop's connections cannot make progress any more; say so loudly.
            LOG.log(Level.ERROR, "event loop " + thread.getName() + " failed", t);
        } finally {
            closeSockets();
            terminated.complete(null);
            // Commands posted after the end fail fast in execute(); ones that raced past that check run here so
            // that their futures complete.
            runTasksAfterEnd();
        }
    }

    private void select() throws IOException {
        wakeupPending.set(false);
        if (!tasks.isEmpty() || !flushQueue.isEmpty() || shuttingDown) {
            selector.selectNow();
            return;
        }
        long earliest = timers.earliest();
        if (earliest == Long.MAX_VALUE) {
            selector.select();
            return;
        }
        long wait = earliest - System.nanoTime();
        if (wait <= TIMER_SLACK_NANOS) {
            selector.selectNow();
        } else {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
        }
    }

    private void readReady(long now) {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (key.isValid() && key.attachment() instanceof UdpSocket socket) {
                try {
                    socket.onReady(key, now);
                } catch (RuntimeException e) {
                    // A bug in handling one datagram must not stop the loop and every connection on it.
                    LOG.log(Level.ERROR, "handling a datagram failed on event loop " + thread.getName(), e);
                }
            }
        }
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            runSafely(task);
        }
    }

    private void runTasksAfterEnd() {
        for (Runnable task; (task = tasks.poll()) != null;) {
            runSafely(task);
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a command failed on event loop " + thread.getName(), e);
        }
    }

    private void fireTimers(long now) {
        // Take the due timers first: one that re-arms itself at or before now runs next turn, not in a loop here.
        for (Timed t; (t = timers.pollDue(now)) != null;) {
            dueTimers.add(t);
        }
        for (Timed t; (t = dueTimers.poll()) != null;) {
            try {
                t.onTimer(now);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a timer failed on event loop " + thread.getName(), e);
            }
        }
    }

    private void flush(long now) {
        int n = flushQueue.size();
        for (int i = 0; i < n; i++) {
            Flushable f = flushQueue.poll();
            try {
                if (f.flush(now)) {
                    flushQueue.add(f);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a flush failed on event loop " + thread.getName(), e);
            }
        }
    }

    private void closeSockets() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof UdpSocket socket) {
                socket.close();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a selector failed", e);
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
