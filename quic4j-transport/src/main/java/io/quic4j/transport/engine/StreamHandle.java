package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The application's {@link QuicStream}: every method posts a command to the owning loop. A {@link Cleaner}
 * watches the handle; if it becomes unreachable before {@link #close()}, the loop cancels the stream both
 * ways and logs where it was opened (DESIGN.md §3). The cleaning action holds the loop-side driver, never
 * this handle.
 */
final class StreamHandle implements QuicStream {
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().name("quic4j-stream-cleaner")
            .daemon(true).factory());

    private final StreamDriver driver;
    private final ConnectionHandle connection;
    private final boolean local;
    private final boolean bidirectional;
    private final Cleaner.Cleanable cleanable;
    private final StreamInput input;
    private final StreamOutput output;

    /** Runs when the handle is unreachable (or disarmed); must not refer to the handle. */
    private record Leak(ConnectionHandle connection, StreamDriver driver, String site, boolean[] disarmed)
            implements
                Runnable {
        @Override
        public void run() {
            if (!disarmed[0]) {
                connection.post(() -> driver.onHandleLeaked(site), null);
            }
        }
    }

    private final boolean[] disarmed = new boolean[1];

    StreamHandle(StreamDriver driver, ConnectionHandle connection, String site) {
        this.driver = driver;
        this.connection = connection;
        long id = driver.id;
        this.local = io.quic4j.transport.stream.StreamId.isLocal(id, connection.isClient());
        this.bidirectional = io.quic4j.transport.stream.StreamId.isBidirectional(id);
        this.cleanable = CLEANER.register(this, new Leak(connection, driver, site, disarmed));
        this.input = new StreamInput(this);
        this.output = new StreamOutput(this);
    }

    /** The loop never handed this handle out (its future was already cancelled): stop watching it. */
    void disarm() {
        disarmed[0] = true;
        cleanable.clean();
    }

    @Override
    public long id() {
        return driver.id;
    }

    @Override
    public boolean isBidirectional() {
        return bidirectional;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    private <T> CompletableFuture<T> command(Consumer<CompletableFuture<T>> command) {
        CompletableFuture<T> f = new CompletableFuture<>();
        connection.post(() -> {
            try {
                command.accept(f);
            } catch (RuntimeException e) {
                // A bug or a misuse the driver did not foresee: the caller hears of it rather than waiting forever.
                f.completeExceptionally(e);
                throw e;
            }
        }, f);
        return f;
    }

    @Override
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        return command(f -> driver.read(dst, f));
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer src) {
        return command(f -> driver.write(src, f));
    }

    @Override
    public CompletableFuture<Void> finish() {
        return command(driver::finish);
    }

    @Override
    public CompletableFuture<QuicStreamException> peerAbort() {
        return driver.peerAbort;
    }

    @Override
    public void setPriority(int urgency, boolean incremental) {
        if (urgency < 0 || urgency > 7) {
            throw new IllegalArgumentException("urgency must be 0 (most urgent) to 7, was " + urgency);
        }
        connection.post(() -> driver.setPriority(urgency, incremental), null);
    }

    @Override
    public void cancelRead(long errorCode) {
        connection.post(() -> driver.cancelRead(errorCode), null);
    }

    @Override
    public void cancelWrite(long errorCode) {
        connection.post(() -> driver.cancelWrite(errorCode), null);
    }

    @Override
    public void close() {
        connection.post(driver::close, null);
        // The close is posted first, so the leak check (which may now run) finds the stream closed.
        disarm();
    }

    @Override
    public InputStream inputStream() {
        return input;
    }

    @Override
    public OutputStream outputStream() {
        return output;
    }

    @Override
    public QuicConnection connection() {
        return connection;
    }

    /** @return whether the caller is the loop thread, where blocking would deadlock */
    boolean onLoopThread() {
        return connection.onLoopThread();
    }

    @Override
    public String toString() {
        return "QuicStream[" + driver.id + " of " + connection + "]";
    }
}
