package io.quic4j.http3.overload;

import io.quic4j.http3.CircuitBreaker;
import io.quic4j.http3.CircuitBreakerConfig;
import io.quic4j.http3.CircuitBreakerListener;
import io.quic4j.http3.CircuitBreakerSnapshot;
import io.quic4j.http3.CircuitBreakerState;
import io.quic4j.http3.CircuitBreakerTransition;
import io.quic4j.http3.Http3Handler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's one circuit breaker, shared by every connection on every event loop (see the package comment for
 * why it is built this way). The {@link ResetRateBreaker} belongs to one thread, the breaker's owner, which every
 * {@link CircuitBreakerConfig#evaluationInterval()} folds in what the loops counted, evaluates, runs the health
 * check when due, tells the listeners and logs the transitions, then publishes an immutable snapshot. The loops
 * never touch the state machine: they add to {@link AtomicLong} tallies (lock-free) and read the published state
 * (a volatile read).
 *
 * <pre>{@code
 * SharedBreaker breaker = SharedBreaker.start(config.circuitBreaker());
 * // on a connection's loop:
 * switch (breaker.admit(path, connectionActive, limit)) { case ADMIT -> serve(); default -> answer503(); }
 * breaker.streamEnded(clientReset);
 * }</pre>
 */
public final class SharedBreaker implements CircuitBreaker, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.quic4j.http3.overload");
    /** The tally's reset count sits above this bit; the ended count below it. */
    private static final int RESET_SHIFT = 32;
    private static final long LOW_MASK = (1L << RESET_SHIFT) - 1;
    /** The RTT tally: sample count above this bit, sum of microseconds below it. */
    private static final int RTT_COUNT_SHIFT = 44;
    private static final long MAX_RTT_MICROS = 10_000_000;

    private final CircuitBreakerConfig config;
    private final LongSupplier clock;
    private final ScheduledExecutorService owner;
    /** Owner only. */
    private final ResetRateBreaker machine;
    /** Owner only. */
    private final List<CircuitBreakerListener> listeners = new ArrayList<>();
    /** Streams ended since the owner last looked: resets << 32 | ended; the loops add, the owner takes. */
    private final AtomicLong tally = new AtomicLong();
    /** RTT samples since the owner last looked: count << 44 | sum of microseconds. */
    private final AtomicLong rtt = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder shed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final ServiceUnavailable shedAnswer;
    private final ServiceUnavailable refuseAnswer;
    private volatile CircuitBreakerSnapshot published;
    private volatile CircuitBreakerState state = CircuitBreakerState.HEALTHY;
    /** Owner only: the smoothed RTT over the connections' samples, ms; -1 before the first. */
    private double smoothedRttMillis = -1;
    /** Owner only. */
    private long nextHealthCheck;
    /** Owner only. */
    private boolean healthCheckRunning;

    private SharedBreaker(CircuitBreakerConfig config, LongSupplier clock, ScheduledExecutorService owner) {
        this.config = config;
        this.clock = clock;
        this.owner = owner;
        long now = clock.getAsLong();
        this.machine = new ResetRateBreaker(config, now);
        this.published = machine.snapshot(now);
        this.nextHealthCheck = now;
        this.shedAnswer = new ServiceUnavailable(config.retryAfter(), "the server is overloaded; retry later");
        this.refuseAnswer = new ServiceUnavailable(config.retryAfter(),
                "the server is refusing requests after sustained abuse; retry later");
    }

    /**
     * Starts the breaker's owner thread (none when the breaker is disabled).
     *
     * @param config the settings
     * @return the running breaker; {@link #close()} stops it
     */
    public static SharedBreaker start(CircuitBreakerConfig config) {
        return start(config, System::nanoTime);
    }

    /**
     * Starts the breaker's owner thread with a given clock (tests pass a simulated one).
     *
     * @param config the settings
     * @param clock nanoseconds, read only by the owner thread
     * @return the running breaker
     */
    public static SharedBreaker start(CircuitBreakerConfig config, LongSupplier clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("h3-circuit-breaker").unstarted(r));
        SharedBreaker b = new SharedBreaker(config, clock, owner);
        if (config.enabled()) {
            long every = config.evaluationInterval().toNanos();
            owner.scheduleWithFixedDelay(b::evaluate, every, every, TimeUnit.NANOSECONDS);
        }
        return b;
    }

    // ---- any thread (the connections' loops) ----

    /**
     * Decides on a new request and counts the 503s.
     *
     * @param path its {@code :path}
     * @param connectionActive requests in flight on its connection, not counting it
     * @param connectionLimit the per-connection request limit
     * @return the decision
     */
    public Admission.Decision admit(String path, long connectionActive, long connectionLimit) {
        Admission.Decision d = Admission.decide(config, state, path, inFlight.get(), connectionActive,
                connectionLimit);
        switch (d) {
            case SHED -> shed.increment();
            case REFUSE -> refused.increment();
            case ADMIT -> {
                // counted by requestStarted
            }
        }
        return d;
    }

    /** @return the 503 answer for a request {@link Admission.Decision#SHED} */
    public Http3Handler shedAnswer() {
        return shedAnswer;
    }

    /** @return the 503 answer for a request {@link Admission.Decision#REFUSE}d */
    public Http3Handler refuseAnswer() {
        return refuseAnswer;
    }

    /** A request was admitted and handed to the application. */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request {@link #requestStarted} is done. */
    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /**
     * A request stream ended.
     *
     * @param clientReset whether the client reset it (RESET_STREAM or STOP_SENDING) before it was done
     */
    public void streamEnded(boolean clientReset) {
        if (config.enabled()) {
            tally.getAndAdd(clientReset ? (1L << RESET_SHIFT) + 1 : 1);
        }
    }

    /**
     * A connection's smoothed RTT, sampled now and then.
     *
     * @param smoothedRtt the sample
     */
    public void rttSample(Duration smoothedRtt) {
        if (config.enabled()) {
            long micros = Math.clamp(smoothedRtt.toNanos() / 1000, 0, MAX_RTT_MICROS);
            rtt.getAndAdd((1L << RTT_COUNT_SHIFT) + micros);
        }
    }

    /** @return requests admitted and not yet done, on the whole server */
    public long inFlight() {
        return inFlight.get();
    }

    /** @return the settings */
    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public CircuitBreakerState state() {
        return state;
    }

    @Override
    public CircuitBreakerSnapshot snapshot() {
        return published;
    }

    @Override
    public long requestsShed() {
        return shed.sum();
    }

    @Override
    public long requestsRefused() {
        return refused.sum();
    }

    @Override
    public CompletableFuture<CircuitBreakerSnapshot> reset(String reason) {
        Objects.requireNonNull(reason, "reason");
        return onOwner(() -> {
            long now = clock.getAsLong();
            machine.operatorReset(now, reason).ifPresent(this::announce);
            publish(now);
            return published;
        });
    }

    /**
     * Folds in the counts and evaluates now, rather than at the next interval.
     *
     * @return completes with the numbers after the evaluation
     */
    public CompletableFuture<CircuitBreakerSnapshot> evaluateNow() {
        return onOwner(() -> {
            evaluate();
            return published;
        });
    }

    @Override
    public void addListener(CircuitBreakerListener listener) {
        Objects.requireNonNull(listener, "listener");
        onOwner(() -> listeners.add(listener));
    }

    @Override
    public void removeListener(CircuitBreakerListener listener) {
        onOwner(() -> listeners.remove(listener));
    }

    private <T> CompletableFuture<T> onOwner(java.util.function.Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            owner.execute(() -> {
                try {
                    f.complete(task.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the server is closed", e));
        }
        return f;
    }

    /** Stops the owner thread. */
    @Override
    public void close() {
        owner.shutdownNow();
    }

    // ---- the owner thread ----

    private void evaluate() {
        try {
            long now = clock.getAsLong();
            long t = tally.getAndSet(0);
            machine.record(now, t & LOW_MASK, t >>> RESET_SHIFT);
            long r = rtt.getAndSet(0);
            long samples = r >>> RTT_COUNT_SHIFT;
            if (samples > 0) {
                double mean = (r & ((1L << RTT_COUNT_SHIFT) - 1)) / 1000.0 / samples;
                // RFC 9002 §5.3's smoothing, applied across the connections' samples
                smoothedRttMillis = smoothedRttMillis < 0 ? mean : smoothedRttMillis * 7 / 8 + mean / 8;
            }
            machine.inputs(ResetRateBreaker.loadFactor(config, inFlight.get()), Math.max(0, smoothedRttMillis));
            machine.evaluate(now).ifPresent(this::announce);
            if (machine.state() == CircuitBreakerState.BLOCKED) {
                maybeRunHealthCheck(now);
            }
            publish(now);
        } catch (RuntimeException e) {
            // the breaker must keep evaluating: a bug here is logged, not allowed to stop the schedule
            LOG.log(Level.ERROR, "circuit breaker evaluation failed", e);
        }
    }

    private void maybeRunHealthCheck(long now) {
        var check = config.healthCheck();
        if (check == null || healthCheckRunning || now - nextHealthCheck < 0) {
            return;
        }
        healthCheckRunning = true;
        nextHealthCheck = now + config.healthCheckInterval().toNanos();
        Thread.ofVirtual().name("h3-circuit-breaker-health-check").start(() -> {
            boolean passed;
            try {
                passed = check.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "circuit breaker health check failed", e);
                passed = false;
            }
            boolean ok = passed;
            try {
                owner.execute(() -> onHealthCheck(ok));
            } catch (RejectedExecutionException e) {
                // the server closed meanwhile
            }
        });
    }

    private void onHealthCheck(boolean passed) {
        healthCheckRunning = false;
        long now = clock.getAsLong();
        if (passed) {
            machine.healthCheckPassed(now).ifPresent(this::announce);
            publish(now);
        } else {
            LOG.log(Level.INFO, () -> "circuit breaker BLOCKED: the health check did not pass; next in "
                    + config.healthCheckInterval());
        }
    }

    private void publish(long now) {
        CircuitBreakerSnapshot s = machine.snapshot(now);
        published = s;
        state = s.state();
    }

    private void announce(CircuitBreakerTransition t) {
        if (t.to() == CircuitBreakerState.BLOCKED) {
            nextHealthCheck = t.atNanos() + config.healthCheckInterval().toNanos();
        }
        state = t.to();
        published = t.after();
        Level level = t.to() == CircuitBreakerState.HEALTHY ? Level.INFO : Level.WARNING;
        LOG.log(level, () -> "circuit breaker " + t.from() + " -> " + t.to() + ": " + t.reason());
        BreakerTransitionEvent.emit(t);
        for (CircuitBreakerListener l : List.copyOf(listeners)) {
            try {
                l.onTransition(t);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a circuit breaker listener failed on " + t.from() + " -> " + t.to(), e);
            }
        }
    }
}
