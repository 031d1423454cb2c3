package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicException;
import io.quic4j.transport.QuicStreamException;
import io.quic4j.transport.connection.Connection;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The event loop's side of one stream: the application's pending read and queued writes, and what the
 * application has been told about each half. It runs the commands a {@link StreamHandle} posts and the
 * connection's stream events, in the order they happen on the loop, so a write and a reset can never
 * race (the quic-go report in ../shared/seeds/ is about exactly that race). Loop thread only.
 */
final class StreamDriver {
    private static final System.Logger LOG = System.getLogger("io.quic4j.transport.engine");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private record PendingWrite(ByteBuffer src, boolean fin, CompletableFuture<Void> future) {
    }

    final long id;
    private final ConnectionDriver cd;
    private final boolean readable;
    private final boolean writable;
    /** Completed (on the loop) when the peer resets or stops the stream; see QuicStream.peerAbort. */
    final CompletableFuture<QuicStreamException> peerAbort = new CompletableFuture<>();
    /** Whether the application got a handle (a local stream, or a peer stream it accepted). */
    boolean handedOut;
    private ByteBuffer readDst;
    private CompletableFuture<Integer> pendingRead;
    private boolean readDone;
    private boolean readCancelled;
    private long peerResetCode = -1;
    private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
    private boolean writeDone;
    private boolean finQueued;
    private boolean writeCancelled;
    private long peerStopCode = -1;
    private boolean closeRequested;
    /**
     * Whether the connection's close ended a half that was still open: later operations on it fail with the
     * close (a fresh exception each time, as callers may add one to another), not with EOF or success.
     */
    private boolean readEndedByClose;
    private boolean writeEndedByClose;

    StreamDriver(ConnectionDriver cd, long id, boolean local, boolean bidirectional) {
        this.cd = cd;
        this.id = id;
        this.readable = bidirectional || !local;
        this.writable = bidirectional || local;
        this.readDone = !readable;
        this.writeDone = !writable;
    }

    private Connection conn() {
        return cd.conn;
    }

    // ---- reading ----

    void read(ByteBuffer dst, CompletableFuture<Integer> f) {
        if (!readable) {
            f.completeExceptionally(new IllegalStateException("stream " + id + " is our unidirectional stream: "
                    + "only we write on it"));
        } else if (pendingRead != null) {
            f.completeExceptionally(new IllegalStateException("a read is already pending on stream " + id
                    + "; wait for it to complete first"));
        } else if (readDone) {
            finishedRead(f);
        } else if (cd.isClosing()) {
            readAfterClose(dst, f);
        } else {
            tryRead(dst, f);
            cd.afterCommand(); // reading may have returned credit worth a MAX_STREAM_DATA
        }
    }

    private void finishedRead(CompletableFuture<Integer> f) {
        if (readEndedByClose) {
            f.completeExceptionally(cd.closedException());
        } else if (peerResetCode >= 0) {
            f.completeExceptionally(resetException());
        } else if (readCancelled) {
            f.completeExceptionally(new QuicStreamException(QuicStreamException.Kind.CANCELLED, id, 0,
                    "reading stream " + id + " was cancelled"));
        } else if (closeRequested) {
            f.completeExceptionally(new QuicStreamException(QuicStreamException.Kind.CLOSED, id, 0,
                    "stream " + id + " is closed"));
        } else {
            f.complete(-1);
        }
    }

    private QuicStreamException resetException() {
        return new QuicStreamException(QuicStreamException.Kind.RESET_BY_PEER, id, peerResetCode,
                "the peer reset stream " + id + " with error code " + peerResetCode);
    }

    private void tryRead(ByteBuffer dst, CompletableFuture<Integer> f) {
        int n;
        try {
            n = conn().read(id, dst);
        } catch (IllegalArgumentException | IllegalStateException e) {
            readDone = true;
            f.completeExceptionally(new QuicStreamException(QuicStreamException.Kind.CLOSED, id, 0,
                    "stream " + id + " can no longer be read: " + e.getMessage()));
            maybeRetire();
            return;
        }
        if (n > 0 || (n == 0 && !dst.hasRemaining())) {
            f.complete(n);
        } else if (n == 0) {
            readDst = dst;
            pendingRead = f;
        } else if (n == Connection.STREAM_RESET) {
            readDone = true;
            if (peerResetCode < 0) {
                peerResetCode = 0;
            }
            f.completeExceptionally(resetException());
            maybeRetire();
        } else {
            readDone = true;
            f.complete(-1);
            maybeRetire();
        }
    }

    /**
     * A read once the connection is closing: what already arrived is still the application's (a server may
     * close as soon as its last response is acknowledged, before the client has read it), so buffered bytes and
     * a received FIN are handed out; only when nothing is left does the read fail with the close.
     */
    private void readAfterClose(ByteBuffer dst, CompletableFuture<Integer> f) {
        int n;
        try {
            n = conn().read(id, dst);
        } catch (IllegalArgumentException | IllegalStateException e) {
            n = 0;
        }
        if (n > 0 || (n == 0 && !dst.hasRemaining())) {
            f.complete(n);
            return;
        }
        readDone = true;
        if (n == -1) {
            f.complete(-1);
        } else if (n == Connection.STREAM_RESET) {
            if (peerResetCode < 0) {
                peerResetCode = 0;
            }
            f.completeExceptionally(resetException());
        } else {
            readEndedByClose = true;
            f.completeExceptionally(cd.closedException());
        }
    }

    void onReadable() {
        if (pendingRead != null) {
            CompletableFuture<Integer> f = pendingRead;
            ByteBuffer dst = readDst;
            pendingRead = null;
            readDst = null;
            tryRead(dst, f);
        }
    }

    void onReset(long errorCode) {
        peerResetCode = errorCode;
        peerAbort.complete(resetException());
        if (!handedOut) {
            cd.dropUnaccepted(this);
            return;
        }
        onReadable();
    }

    void cancelRead(long errorCode) {
        if (!readable || readDone) {
            return;
        }
        readDone = true;
        readCancelled = true;
        if (!cd.isClosing()) {
            try {
                conn().cancelRead(id, errorCode);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.DEBUG, () -> "cancelRead on stream " + id + ": " + e.getMessage());
            }
        }
        failRead(new QuicStreamException(QuicStreamException.Kind.CANCELLED, id, errorCode,
                "reading stream " + id + " was cancelled"));
        maybeRetire();
        cd.afterCommand();
    }

    private void failRead(Exception e) {
        if (pendingRead != null) {
            CompletableFuture<Integer> f = pendingRead;
            pendingRead = null;
            readDst = null;
            f.completeExceptionally(e);
        }
    }

    // ---- writing ----

    void write(ByteBuffer src, CompletableFuture<Void> f) {
        if (!writable) {
            f.completeExceptionally(new IllegalStateException("stream " + id
                    + " is the peer's unidirectional stream: only the peer writes on it"));
            return;
        }
        if (writeDone || finQueued) {
            f.completeExceptionally(writeRefusal());
            return;
        }
        if (cd.isClosing()) {
            f.completeExceptionally(cd.closedException());
            return;
        }
        writes.add(new PendingWrite(src, false, f));
        if (writes.size() == 1) {
            drainWrites();
            cd.afterCommand();
        }
    }

    void finish(CompletableFuture<Void> f) {
        if (!writable || finQueued || (writeDone && !writeCancelled && peerStopCode < 0 && !writeEndedByClose)) {
            f.complete(null);
            return;
        }
        if (writeDone) {
            f.completeExceptionally(writeRefusal());
            return;
        }
        if (cd.isClosing()) {
            f.completeExceptionally(cd.closedException());
            return;
        }
        finQueued = true;
        writes.add(new PendingWrite(EMPTY, true, f));
        if (writes.size() == 1) {
            drainWrites();
            cd.afterCommand();
        }
    }

    private QuicException writeRefusal() {
        if (writeEndedByClose) {
            return cd.closedException();
        }
        if (peerStopCode >= 0) {
            return new QuicStreamException(QuicStreamException.Kind.STOPPED_BY_PEER, id, peerStopCode,
                    "the peer stopped reading stream " + id + " (STOP_SENDING " + peerStopCode + ")");
        }
        if (writeCancelled) {
            return new QuicStreamException(QuicStreamException.Kind.CANCELLED, id, 0,
                    "writing stream " + id + " was cancelled");
        }
        return new QuicStreamException(QuicStreamException.Kind.CLOSED, id, 0,
                "stream " + id + " is finished: nothing more can be written");
    }

    private void drainWrites() {
        while (!writes.isEmpty()) {
            PendingWrite w = writes.peek();
            int n;
            try {
                n = conn().write(id, w.src(), w.fin());
            } catch (IllegalArgumentException | IllegalStateException e) {
                writeDone = true;
                failWrites(new QuicStreamException(QuicStreamException.Kind.CLOSED, id, 0,
                        "stream " + id + " can no longer be written: " + e.getMessage()));
                return;
            }
            if (n < 0) {
                writeDone = true;
                failWrites(writeRefusal());
                return;
            }
            if (w.src().hasRemaining()) {
                return; // the send buffer is full: StreamWritable follows
            }
            writes.poll();
            if (w.fin()) {
                writeDone = true;
            }
            w.future().complete(null);
        }
        if (closeRequested) {
            closeNow();
        }
        maybeRetire();
    }

    private void failWrites(Exception e) {
        for (PendingWrite w; (w = writes.poll()) != null;) {
            w.future().completeExceptionally(e);
        }
        maybeRetire();
    }

    void onWritable() {
        if (!writes.isEmpty()) {
            drainWrites();
        }
    }

    void onStopped(long errorCode) {
        peerStopCode = errorCode;
        writeDone = true;
        peerAbort.complete(new QuicStreamException(QuicStreamException.Kind.STOPPED_BY_PEER, id, errorCode,
                "the peer stopped reading stream " + id + " (STOP_SENDING " + errorCode + ")"));
        failWrites(writeRefusal());
    }

    void cancelWrite(long errorCode) {
        if (!writable || (writeDone && writes.isEmpty())) {
            return;
        }
        writeDone = true;
        writeCancelled = true;
        if (!cd.isClosing()) {
            try {
                conn().cancelWrite(id, errorCode);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.DEBUG, () -> "cancelWrite on stream " + id + ": " + e.getMessage());
            }
        }
        failWrites(new QuicStreamException(QuicStreamException.Kind.CANCELLED, id, errorCode,
                "writing stream " + id + " was cancelled"));
        cd.afterCommand();
    }

    void setPriority(int urgency, boolean incremental) {
        if (!writeDone && !cd.isClosing()) {
            conn().setStreamPriority(id, urgency, incremental);
            cd.afterCommand();
        }
    }

    // ---- both halves ----

    /** The application closed its handle: FIN after the queued writes, stop reading (DESIGN.md §3). */
    void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        failRead(new QuicStreamException(QuicStreamException.Kind.CLOSED, id, 0, "stream " + id + " is closed"));
        if (writes.isEmpty()) {
            closeNow();
            maybeRetire();
        }
        release();
        cd.afterCommand();
    }

    /**
     * Tells the connection the application is done with the stream (its handle was closed or collected, or it
     * never got one): with {@code QuicConfig.streamCreditOnClose} a peer stream returns its credit only after
     * this. Sent even when both halves ended long ago, since that is exactly the case it waits for.
     */
    private void release() {
        if (!cd.isClosing()) {
            conn().releaseStream(id);
        }
    }

    private void closeNow() {
        boolean needed = !readDone || !writeDone;
        readDone = true;
        writeDone = true;
        if (needed && !cd.isClosing()) {
            try {
                conn().closeStream(id, 0);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.DEBUG, () -> "close of stream " + id + ": " + e.getMessage());
            }
        }
    }

    /**
     * A peer stream nobody will take: cancel both halves so its credit returns.
     *
     * @param errorCode the code for STOP_SENDING and RESET_STREAM
     */
    void reject(long errorCode) {
        closeRequested = true;
        if (!cd.isClosing()) {
            try {
                if (readable && !readDone) {
                    conn().cancelRead(id, errorCode);
                }
                if (writable && !writeDone) {
                    conn().cancelWrite(id, errorCode);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.DEBUG, () -> "rejecting stream " + id + ": " + e.getMessage());
            }
        }
        readDone = true;
        writeDone = true;
        release();
        maybeRetire();
    }

    /**
     * The application's handle was garbage collected. If it was not closed, the stream is cancelled both
     * ways, so that a leaked handle never blocks the peer (DESIGN.md §3), and a warning says where it came
     * from. Either way the stream is released, so a credit held until close returns.
     *
     * @param site where the handle was opened or accepted
     */
    void onHandleLeaked(String site) {
        boolean readOpen = readable && !readDone;
        boolean writeOpen = writable && !writeDone && !finQueued;
        if (closeRequested || (!readOpen && !writeOpen) || cd.isClosing()) {
            // Nothing to cancel, but the handle is gone all the same: a held credit must not stay held.
            release();
            cd.afterCommand();
            return;
        }
        LOG.log(Level.WARNING, () -> "stream " + id + " of " + cd.handle
                + " was garbage collected without close(); cancelled both ways. It was opened at " + site);
        long code = cd.settings.leakedStreamErrorCode();
        if (readOpen) {
            cancelRead(code);
        }
        if (writeOpen) {
            cancelWrite(code);
        }
        closeRequested = true;
        release();
        maybeRetire();
        cd.afterCommand();
    }

    void onConnectionClosing(QuicConnectionClosedException e) {
        peerAbort.completeExceptionally(e);
        writeEndedByClose = !writeDone;
        writeDone = true;
        failWrites(e);
        if (pendingRead != null) {
            CompletableFuture<Integer> f = pendingRead;
            ByteBuffer dst = readDst;
            pendingRead = null;
            readDst = null;
            readAfterClose(dst, f);
        }
    }

    private void maybeRetire() {
        if (readDone && writeDone && writes.isEmpty() && pendingRead == null) {
            cd.retire(this);
        }
    }

    @Override
    public String toString() {
        return "stream " + id;
    }
}
