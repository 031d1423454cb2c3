package io.quic4j.transport.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The graceful close of one loop's connections (DESIGN.md §4): each connection is closed with
 * CONNECTION_CLOSE (application code 0) as soon as it is quiet (no stream left, every stream's data
 * acknowledged), and all still open at {@code closeAt} are closed then; at {@code deadline} whatever has not
 * finished its closing period is dropped. When none is left, {@code finish} runs (the socket closes).
 * With {@code endClosingEarly} a connection is forgotten as soon as its CONNECTION_CLOSE went out (or the peer's
 * arrived) instead of after the closing period's three PTOs: RFC 9000 §10.2 lets an endpoint that closes its UDP
 * socket end these states early, and a client's loops close theirs once drained; a server's loops keep the closing
 * period, as their sockets may outlive it. Loop thread only.
 */
final class Drain implements EventLoop.Timed {
    /** How often quiet connections are looked for while draining. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final String REASON = "endpoint shutting down";

    /** How connections are closed: an application error code and a reason phrase. */
    record Goodbye(long errorCode, String reason) {
        static final Goodbye DEFAULT = new Goodbye(0, REASON);
    }

    private final EventLoop loop;
    private final Supplier<Collection<ConnectionDriver>> drivers;
    private final long closeAt;
    private final long deadline;
    private final Runnable finish;
    private final Goodbye goodbye;
    private final boolean endClosingEarly;
    private final TimerHeap.Entry<EventLoop.Timed> timer;
    private boolean finished;

    Drain(EventLoop loop, Supplier<Collection<ConnectionDriver>> drivers, long closeAt, long deadline,
            Goodbye goodbye, boolean endClosingEarly, Runnable finish) {
        this.goodbye = goodbye;
        this.endClosingEarly = endClosingEarly;
        this.loop = loop;
        this.drivers = drivers;
        this.closeAt = closeAt;
        this.deadline = deadline;
        this.finish = finish;
        this.timer = loop.timers().entry(this);
    }

    void start() {
        check(System.nanoTime());
    }

    @Override
    public void onTimer(long now) {
        check(now);
    }

    private void check(long now) {
        if (finished) {
            return;
        }
        for (ConnectionDriver d : snapshot()) {
            if (!d.isClosing() && (now >= closeAt || d.isQuiet())) {
                d.close(goodbye.errorCode(), goodbye.reason());
                d.flushNow();
            }
        }
        if (endClosingEarly) {
            for (ConnectionDriver d : snapshot()) {
                if (d.isGoodbyeSaid()) {
                    d.onEndpointRemoved(); // keeps the reason it is closing with
                }
            }
        }
        if (now >= deadline) {
            for (ConnectionDriver d : snapshot()) {
                d.abandon("endpoint closed before the connection finished closing");
            }
        }
        if (drivers.get().isEmpty()) {
            finished = true;
            loop.timers().cancel(timer);
            finish.run();
            return;
        }
        long next = Math.min(deadline, now + POLL_NANOS);
        if (closeAt > now) {
            next = Math.min(next, closeAt);
        }
        loop.timers().schedule(timer, next);
    }

    private List<ConnectionDriver> snapshot() {
        return new ArrayList<>(drivers.get());
    }
}
