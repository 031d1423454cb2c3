package io.quic4j.http3.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The server's request timers (head, body idle): one daemon thread that only posts the timed task to the
 * connection's loop, which owns every piece of request state (DESIGN.md §2). Cancelled timers leave the queue at
 * once, so a request that finished early is not kept reachable until its timeout.
 */
final class Timers {
    private static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private Timers() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "h3-request-timers");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /**
     * @param delay how long to wait
     * @param loop the connection's loop, where {@code task} runs
     * @param task the timed action
     * @return cancel it when it is no longer needed
     */
    static ScheduledFuture<?> schedule(Duration delay, Executor loop, Runnable task) {
        return SCHEDULER.schedule(() -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                // the connection's loop has ended, and the request with it
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
