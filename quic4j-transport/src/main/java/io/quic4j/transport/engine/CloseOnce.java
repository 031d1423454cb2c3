package io.quic4j.transport.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Makes an endpoint's close idempotent from any thread (DESIGN.md §4, the Caddy report in ../shared/seeds/):
 * the first call starts the close, every call returns the same future. There is no second close to
 * race with, so nothing can be closed twice.
 */
final class CloseOnce {
    private final AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();

    /**
     * @param start begins the close, once; its future completes when everything has stopped
     * @param cleanup runs after that, whatever the outcome
     * @return the one close future
     */
    CompletableFuture<Void> close(Supplier<CompletableFuture<Void>> start, Runnable cleanup) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!closing.compareAndSet(null, f)) {
            return closing.get();
        }
        CompletableFuture<Void> stopped;
        try {
            stopped = start.get();
        } catch (RuntimeException e) {
            stopped = CompletableFuture.failedFuture(e);
        }
        stopped.whenComplete((x, e) -> {
            cleanup.run();
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(null);
            }
        });
        return f;
    }

    /** @return whether a close has started */
    boolean isClosing() {
        return closing.get() != null;
    }
}
