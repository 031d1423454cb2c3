package io.quic4j.transport.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for a future in the blocking stream views, turning its failure into the {@link IOException} it is. */
final class Blocking {
    private Blocking() {
    }

    static <T> T await(CompletableFuture<T> f, boolean onLoopThread) throws IOException {
        if (onLoopThread && !f.isDone()) {
            throw new IllegalStateException("blocking stream I/O on the event loop's thread would deadlock it: "
                    + "use the CompletableFuture methods there, or move the blocking code to its own thread");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting for the stream");
            io.initCause(e);
            throw io;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            throw new InterruptedIOException("the operation was cancelled");
        }
    }
}
