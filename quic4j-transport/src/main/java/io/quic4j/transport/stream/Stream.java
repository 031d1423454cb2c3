package io.quic4j.transport.stream;

import java.nio.ByteBuffer;

/**
 * One stream as the application sees it: a {@link SendStream} and/or a {@link ReceiveStream} (RFC 9000
 * §2.1: unidirectional streams have only one), owned by a {@link StreamMap}. Every operation tells the
 * map afterwards, so the stream is retired (and its credit returned) the moment it qualifies.
 *
 * <p>{@link #close} means both directions (DESIGN.md §3): FIN after the data written, and STOP_SENDING
 * if the peer may still send (unread data is dropped). {@link #cancelWrite}, {@link #cancelRead} and
 * {@link #close} are idempotent and may be called in any order, before or after the peer's
 * RESET_STREAM / STOP_SENDING / FIN: each only moves a half forward along RFC 9000 §3, so every
 * interleaving ends in terminal states.
 */
public final class Stream {
    private final long id;
    private final boolean local;
    private final SendStream send;
    private final ReceiveStream receive;
    private final StreamMap owner;
    boolean accepted;
    /** Whether the application is done with the stream ({@link #release}, {@link #close}). */
    boolean released;
    boolean retired;
    private StreamPriority priority = StreamPriority.DEFAULT;

    Stream(long id, boolean local, SendStream send, ReceiveStream receive, StreamMap owner) {
        this.id = id;
        this.local = local;
        this.send = send;
        this.receive = receive;
        this.owner = owner;
        this.accepted = local;
    }

    /** @return the stream's scheduling priority (RFC 9218 §4), {@link StreamPriority#DEFAULT} unless set */
    public StreamPriority priority() {
        return priority;
    }

    /**
     * Sets the stream's scheduling priority (RFC 9218 §4); it applies from the next frame polled.
     *
     * @param priority the urgency and incremental flag
     */
    public void priority(StreamPriority priority) {
        this.priority = java.util.Objects.requireNonNull(priority);
    }

    /** @return the stream ID */
    public long id() {
        return id;
    }

    /** @return whether this endpoint opened the stream */
    public boolean isLocal() {
        return local;
    }

    /** @return the sending half, or {@code null} for a peer's unidirectional stream */
    public SendStream send() {
        return send;
    }

    /** @return the receiving half, or {@code null} for our unidirectional stream */
    public ReceiveStream receive() {
        return receive;
    }

    /**
     * @param src the bytes; its position advances past those accepted
     * @return bytes accepted, or -1 if this stream cannot be written (no send half, finished or reset)
     */
    public int write(ByteBuffer src) {
        return send == null ? -1 : send.write(src);
    }

    /** Sends FIN after the data written (idempotent; nothing after a reset). */
    public void finish() {
        if (send != null) {
            send.finish();
        }
        owner.changed(this);
    }

    /**
     * @param dst where the bytes go
     * @param now the time, nanoseconds
     * @return as {@link ReceiveStream#read}; -1 if there is no receive half
     */
    public int read(ByteBuffer dst, long now) {
        owner.tick(now);
        int n = receive == null ? -1 : receive.read(dst, now, owner.rtt());
        owner.changed(this);
        return n;
    }

    /** @param code the RESET_STREAM error code; idempotent */
    public void cancelWrite(long code) {
        if (send != null) {
            send.cancelWrite(code);
        }
        owner.changed(this);
    }

    /**
     * @param code the STOP_SENDING error code; idempotent
     * @param now the time, nanoseconds
     */
    public void cancelRead(long code, long now) {
        owner.tick(now);
        if (receive != null) {
            receive.cancelRead(code, now, owner.rtt());
        }
        owner.changed(this);
    }

    /**
     * Closes both directions: FIN, and STOP_SENDING with {@code code} if the peer may still send. This also
     * {@linkplain #release releases} the stream: the application is done with it.
     *
     * @param code the error code for STOP_SENDING (0 is customary for "no error")
     * @param now the time, nanoseconds
     */
    public void close(long code, long now) {
        owner.tick(now);
        if (send != null) {
            send.finish();
        }
        if (receive != null) {
            receive.cancelRead(code, now, owner.rtt());
        }
        released = true;
        owner.changed(this);
    }

    /**
     * The application is done with the stream: it closed its handle, or the handle was garbage collected.
     * Nothing is sent; with {@link StreamConfig#creditOnClose} this is the last condition for retiring a peer
     * stream whose halves are done (RFC 9000 §4.6: the receiver decides when to return credit). Idempotent.
     */
    public void release() {
        released = true;
        owner.changed(this);
    }

    /** @return whether the application released the stream ({@link #release} or {@link #close}) */
    public boolean isReleased() {
        return released;
    }

    /** Closes both directions with code 0, at the latest time the connection's streams were given. */
    public void close() {
        close(0, owner.now());
    }

    /** @return whether the send half is terminal (or absent) */
    boolean sendDone() {
        return send == null || send.state().isTerminal();
    }

    /** @return whether the receive half is Data Recvd / Reset Recvd or later (or absent) */
    boolean receiveDone() {
        return receive == null || receive.state().isDone();
    }

    /** @return whether the application has accepted this stream (always true for ours) */
    public boolean isAccepted() {
        return accepted;
    }

    /** @return whether this peer stream has returned its credit (DESIGN.md §3) */
    public boolean isRetired() {
        return retired;
    }

    @Override
    public String toString() {
        return "Stream[" + StreamId.describe(id) + (retired ? " retired" : "") + ", " + send + ", " + receive + "]";
    }
}
