package io.quic4j.http3.server;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.MessageStreamState;
import io.quic4j.http3.frame.UnknownFrame;
import io.quic4j.http3.overload.SharedBreaker;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.session.Http3Session;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * One request stream on the server (RFC 9114 §4.1): reads its frames, decodes and checks the header section, runs
 * the handler on a virtual thread, and hands the body to it as it asks, reading ahead at most {@link #READ_AHEAD}
 * bytes (flow control does the rest). When the handler returns, both halves are finished or reset (DESIGN.md §3).
 * Every field is owned by the connection's event loop; the handler's thread reaches it through {@link #pullBody}
 * and {@link #onLoop}.
 */
final class RequestStream {
    private static final System.Logger LOG = System.getLogger("io.quic4j.http3.server");
    /** The end of the body, as {@link #pullBody} reports it. */
    static final ByteBuffer EOF = ByteBuffer.allocate(0);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Bytes read per stream read: a buffer size, not a limit. */
    private static final int READ_SIZE = 16 * 1024;
    /**
     * How much body to buffer ahead of the handler; beyond it, reading waits (and flow control holds the peer). Not
     * configuration: the transport's stream receive window is the knob that decides how much a client may send
     * ahead ({@code QuicConfig.streamReceiveWindow}); this only keeps reads flowing between handler reads.
     */
    private static final int READ_AHEAD = 64 * 1024;

    private final ServerConnection owner;
    private final Http3Session session;
    final QuicStream stream;
    final long id;
    private final Http3FrameReader reader;
    private final MessageStreamState frames = MessageStreamState.request();
    final CompletableFuture<Void> cancellation = new CompletableFuture<>();
    private ByteBuffer input = EMPTY;
    private boolean fin;
    private boolean readPending;
    private boolean decoding;
    /** Whether {@link #pump} is running: a section decoded at once must not start it again inside. */
    private boolean pumping;
    private boolean dispatched;
    private boolean finished;
    /** Whether the client reset the request or stopped reading its response (for the circuit breaker). */
    private boolean peerAborted;
    /** Whether the application got the request (counted in the breaker's requests in flight). */
    private boolean admitted;
    /** Whether the circuit breaker turned the request away with a 503 (which the breaker does not count). */
    private boolean turnedAway;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private int buffered;
    private CompletableFuture<ByteBuffer> waiter;
    private boolean bodyEnded;
    private IOException bodyError;
    private long bodyBytes;
    private long contentLength = -1;
    /** Set on the loop before the body's end is delivered, so the handler's thread sees it after the EOF. */
    volatile Http3Headers trailers;
    private final Http3AbuseLimits limits;
    /** Resets the stream if the header section is not complete in time (slowloris); null once dispatched. */
    private ScheduledFuture<?> headTimer;
    /** Checks that a body the handler waits for keeps arriving; null when none is pending. */
    private ScheduledFuture<?> bodyTimer;
    /** When the current body period began (System.nanoTime), and the body bytes received by then. */
    private long bodyPeriodStart;
    private long bodyPeriodBytes;
    private RequestHead head;
    /** Whether the handler has returned (its response is complete or reset). */
    private boolean handlerReturned;
    /** Whether this stream was counted against the connection's reset budget: each stream counts once. */
    private boolean resetCounted;
    private int ignoredFrames;

    RequestStream(ServerConnection owner, QuicStream stream) {
        this.owner = owner;
        this.session = owner.session();
        this.stream = stream;
        this.id = stream.id();
        this.reader = new Http3FrameReader(session.frameLimits());
        this.limits = owner.config().abuseLimits();
    }

    /** Loop only: starts reading the request. */
    void start() {
        // RFC 9114 §4.1.1: a client that resets the request or stops reading the response has cancelled it; the
        // handler hears at once, not on its next read or write. Also completes when the connection ends.
        stream.peerAbort().whenComplete((e, t) -> {
            if (e != null) {
                peerAborted = true; // RESET_STREAM or STOP_SENDING, not the connection's end
            }
            cancellation.complete(null);
            if (e != null) {
                execute(() -> onPeerAbort(e), new CompletableFuture<>());
            }
        });
        // A header section is bounded in size by FrameLimits (SETTINGS_MAX_FIELD_SECTION_SIZE, RFC 9114 §4.2.2) and
        // here in time, so a client trickling it a byte at a time holds neither memory nor a stream for long.
        headTimer = Timers.schedule(limits.requestHeaderTimeout(), session.executor(), this::onHeadTimeout);
        pump();
    }

    /** Loop only: the client reset the request or stopped reading its response. */
    private void onPeerAbort(Throwable e) {
        if (handlerReturned) {
            return; // the response was complete: nothing was thrown away
        }
        countReset("stream " + id + " reset by the client: " + e.getMessage()); // before finish(): not a completion
        if (owner.withdraw(this)) {
            // It was waiting for a handler slot: it never runs, so its credit is not held for nothing.
            stream.close();
            finish();
        }
    }

    /** @return whether this stream was counted as ended by a reset (loop only) */
    boolean wasReset() {
        return resetCounted;
    }

    private void countReset(String why) {
        if (!resetCounted) {
            resetCounted = true;
            owner.onReset(why);
        }
    }

    private void onHeadTimeout() {
        if (dispatched || finished) {
            return;
        }
        LOG.log(Level.DEBUG, () -> "stream " + id + ": no complete request head within "
                + limits.requestHeaderTimeout());
        // RFC 9114 §4.1.2: the client has not sent a complete request; H3_REQUEST_INCOMPLETE says so.
        refuse(Http3Error.H3_REQUEST_INCOMPLETE, "no complete request head within " + limits.requestHeaderTimeout()
                + " (requestHeaderTimeout)");
    }

    private void startBodyPeriod(long now) {
        bodyPeriodStart = now;
        bodyPeriodBytes = bodyBytes;
        bodyTimer = Timers.schedule(limits.bodyIdleTimeout(), session.executor(), this::onBodyIdleCheck);
    }

    private void onBodyIdleCheck() {
        bodyTimer = null;
        if (finished || bodyEnded || fin || bodyError != null) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = now - bodyPeriodStart;
        long limit = limits.bodyIdleTimeout().toNanos();
        long progress = bodyBytes - bodyPeriodBytes;
        if (waiter == null || progress >= limits.minBodyBytesPerPeriod()) {
            // The handler is busy elsewhere (flow control holds the client, not its fault), or the body moves.
            startBodyPeriod(now);
            return;
        }
        if (elapsed < limit) {
            bodyTimer = Timers.schedule(Duration.ofNanos(limit - elapsed), session.executor(), this::onBodyIdleCheck);
            return;
        }
        String why = "only " + progress + " request body bytes in " + limits.bodyIdleTimeout() + " while the"
                + " handler waited, fewer than " + limits.minBodyBytesPerPeriod()
                + " (bodyIdleTimeout, minBodyBytesPerPeriod)";
        LOG.log(Level.DEBUG, () -> "stream " + id + ": " + why);
        abort(Http3Error.H3_REQUEST_CANCELLED, new IOException(why));
    }

    /**
     * Loop only: resets both halves of a dispatched request because of what the client did (or failed to do); the
     * handler's reads fail with {@code failure}, its writes with the reset.
     */
    private void abort(Http3Error error, IOException failure) {
        if (bodyError == null) {
            bodyError = failure;
        }
        stream.cancelRead(error.code());
        stream.cancelWrite(error.code());
        session.cancelStream(id);
        cancellation.complete(null);
        deliver();
        countReset("stream " + id + " reset with " + error + ": " + failure.getMessage());
    }

    /**
     * Called from the handler's thread: a response write waited longer than the limit for the client's credit. Resets
     * the stream so the write fails and the handler's thread is released.
     */
    void onWriteTimeout() {
        execute(() -> {
            if (!finished) {
                abort(Http3Error.H3_REQUEST_CANCELLED, new IOException("the client granted no flow-control credit"
                        + " for " + limits.responseWriteTimeout() + " (responseWriteTimeout)"));
            }
        }, new CompletableFuture<>());
    }

    /** @return how long one response write may wait */
    Duration writeTimeout() {
        return limits.responseWriteTimeout();
    }

    /**
     * RFC 9114 §9: unknown frame types are ignored; §10.5: "Implementations SHOULD track the use of these features
     * and set limits on their use. An endpoint MAY treat activity that is suspicious as a connection error of type
     * H3_EXCESSIVE_LOAD". Their payloads are skipped unbuffered, so they cost time, not memory; grease and padding
     * use a few per request, so more than {@link Http3AbuseLimits#maxIgnoredFramesPerRequest()} is abuse.
     */
    private void onIgnoredFrame(UnknownFrame u) {
        if (++ignoredFrames > limits.maxIgnoredFramesPerRequest()) {
            throw new Http3Exception(Http3Error.H3_EXCESSIVE_LOAD, "more than " + limits.maxIgnoredFramesPerRequest()
                    + " frames of unknown types on request stream " + id + " (the last 0x"
                    + Long.toHexString(u.type()) + "; maxIgnoredFramesPerRequest; RFC 9114 §10.5)");
        }
    }

    private boolean wantsFrames() {
        return !dispatched || buffered < READ_AHEAD;
    }

    private void pump() {
        if (finished || decoding || pumping) {
            return;
        }
        pumping = true;
        try {
            // Called even when the input is used up: a frame of length 0 completes without more bytes.
            boolean drained = false;
            while (!decoding && !finished && wantsFrames() && bodyError == null) {
                FrameEvent event = reader.next(input);
                if (event == null) {
                    drained = true;
                    break;
                }
                frames.accept(event);
                switch (event) {
                    case FrameEvent.DataChunk d -> onData(d.bytes());
                    case FrameEvent.Complete(HeadersFrame h) -> {
                        decoding = true;
                        boolean trailer = dispatched;
                        session.decode(id, h.fieldSection(), s -> onSection(s, trailer));
                    }
                    case FrameEvent.Complete(UnknownFrame u) -> onIgnoredFrame(u);
                    default -> {
                        // frame headers (RFC 9114 §9: unknown frames are ignored, but counted above)
                    }
                }
            }
            if (finished) {
                return;
            }
            if (drained && fin && !bodyEnded && bodyError == null) {
                reader.endOfStream();
                if (!frames.hasHeaders()) {
                    // RFC 9114 §4.1.2: a stream ended without a complete request.
                    refuse(Http3Error.H3_REQUEST_INCOMPLETE, "the stream ended without a complete request");
                    return;
                }
                onBodyEnd();
            }
            deliver();
            if (!input.hasRemaining() && !fin && !readPending && !decoding && wantsFrames() && bodyError == null) {
                read();
            }
        } catch (Http3Exception e) {
            onError(e);
        } finally {
            pumping = false;
        }
    }

    private void onData(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            return;
        }
        bodyBytes += bytes.remaining();
        long max = owner.config().maxRequestBodySize();
        if (max >= 0 && bodyBytes > max) {
            // RFC 9114 §4.1.2: a server may stop reading a request (STOP_SENDING) and answer early.
            bodyError = new RequestBodyTooLargeException(max);
            stopReading();
            return;
        }
        chunks.add(bytes);
        buffered += bytes.remaining();
    }

    private void onSection(FieldSection section, boolean trailer) {
        decoding = false;
        if (finished) {
            return;
        }
        try {
            if (trailer) {
                trailers = RequestHead.trailers(section);
            } else {
                RequestHead head = RequestHead.parse(section);
                contentLength = contentLength(head.headers());
                dispatched = true;
                dispatch(head);
            }
        } catch (Http3Exception e) {
            onError(e);
            return;
        }
        if (!pumping) {
            pump();
        }
    }

    private static long contentLength(Http3Headers headers) {
        var values = headers.all("content-length");
        if (values.isEmpty()) {
            return -1;
        }
        long value = -1;
        for (String v : values) {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || (value >= 0 && n != value)) {
                throw RequestHead.malformed("invalid content-length " + values + " (RFC 9110 §8.6)");
            }
            value = n;
        }
        return value;
    }

    private void onBodyEnd() {
        // RFC 9114 §4.1.2: a Content-Length that differs from the sum of the DATA frames is malformed.
        if (contentLength >= 0 && contentLength != bodyBytes) {
            throw RequestHead.malformed("content-length " + contentLength + " but " + bodyBytes
                    + " bytes of DATA (RFC 9114 §4.1.2)");
        }
        if (trailers == null) {
            trailers = Http3Headers.EMPTY;
        }
        bodyEnded = true;
    }

    private void onError(Http3Exception e) {
        if (e.error() == Http3Error.H3_MESSAGE_ERROR) {
            // RFC 9114 §4.1.2: "Malformed requests or responses that are detected MUST be treated as a stream error
            // of type H3_MESSAGE_ERROR."
            LOG.log(Level.DEBUG, () -> "stream " + id + ": " + e.getMessage());
            if (dispatched) {
                abort(e.error(), new IOException("malformed request: " + e.getMessage()));
            } else {
                refuse(e.error(), e.getMessage());
            }
        } else {
            session.connectionError(e);
        }
    }

    /** Resets a request never given to the handler, and retires it; it counts as a reset the client caused. */
    private void refuse(Http3Error error, String why) {
        stream.cancelRead(error.code());
        stream.cancelWrite(error.code());
        stream.close();
        session.cancelStream(id);
        countReset("stream " + id + " refused with " + error + ": " + why); // before finish(): not a completion
        finish();
    }

    private void stopReading() {
        if (!fin) {
            stream.cancelRead(Http3Error.H3_NO_ERROR.code());
            session.cancelStream(id);
            fin = true;
        }
    }

    private void read() {
        readPending = true;
        ByteBuffer b = ByteBuffer.allocate(READ_SIZE);
        stream.read(b).whenComplete((n, f) -> {
            readPending = false;
            if (finished) {
                return;
            }
            if (f != null) {
                onReadFailure(f);
                return;
            }
            if (n < 0) {
                fin = true;
            } else {
                input = b.flip();
            }
            pump();
        });
    }

    private void onReadFailure(Throwable f) {
        Throwable t = f instanceof CompletionException && f.getCause() != null ? f.getCause() : f;
        if (t instanceof QuicStreamException s && s.kind() == QuicStreamException.Kind.RESET_BY_PEER) {
            peerAborted = true;
        }
        if (bodyError == null) {
            bodyError = t instanceof QuicStreamException s && s.kind() == QuicStreamException.Kind.RESET_BY_PEER
                    ? new IOException("the client reset the request (error 0x" + Long.toHexString(s.errorCode())
                            + ")", t)
                    : new IOException("the request stream failed: " + t.getMessage(), t);
        }
        cancellation.complete(null);
        if (!Http3Session.isConnectionClosed(t)) {
            session.cancelStream(id);
        }
        if (!dispatched) {
            stream.close();
            finish();
        } else {
            deliver();
        }
    }

    private void dispatch(RequestHead requestHead) {
        cancel(headTimer);
        headTimer = null;
        head = requestHead;
        startBodyPeriod(System.nanoTime());
        owner.admit(this);
    }

    /** Loop only: {@link ServerConnection#admit} gave this request a handler slot. */
    void startHandler() {
        Http3Handler handler = head.isConnect() ? NotImplemented.INSTANCE : admit(head);
        RequestHead h = head;
        Thread.ofVirtual().name("h3-request-" + id).start(() -> runHandler(handler, h));
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** DESIGN.md §5: the circuit breaker's state decides whether the application sees the request. */
    private Http3Handler admit(RequestHead head) {
        SharedBreaker breaker = owner.breaker();
        // the connection's count includes this request
        return switch (breaker.admit(head.path(), owner.activeRequests() - 1, owner.config().maxConcurrentRequests())) {
            case ADMIT -> {
                admitted = true;
                breaker.requestStarted();
                yield owner.handler();
            }
            case SHED -> {
                turnedAway = true;
                yield breaker.shedAnswer();
            }
            case REFUSE -> {
                turnedAway = true;
                yield breaker.refuseAnswer();
            }
        };
    }

    private void deliver() {
        if (waiter == null) {
            return;
        }
        CompletableFuture<ByteBuffer> w = waiter;
        if (!chunks.isEmpty()) {
            waiter = null;
            ByteBuffer c = chunks.poll();
            buffered -= c.remaining();
            w.complete(c);
        } else if (bodyError != null) {
            waiter = null;
            w.completeExceptionally(bodyError);
        } else if (bodyEnded) {
            waiter = null;
            w.complete(EOF);
        }
    }

    /** Loop only: the connection ended. */
    void onConnectionClosed() {
        if (bodyError == null) {
            bodyError = new IOException("the connection ended");
        }
        cancellation.complete(null);
        deliver();
    }

    /** Loop only: retires the stream once. */
    private void finish() {
        if (!finished) {
            finished = true;
            SharedBreaker breaker = owner.breaker();
            // Requests the application got, and those the client reset before it did, feed the breaker; refusals
            // of ours (malformed requests, the breaker's own 503s) do not.
            if (!turnedAway && (dispatched || peerAborted)) {
                breaker.streamEnded(peerAborted);
            }
            if (admitted) {
                breaker.requestEnded();
            }
            cancel(headTimer);
            cancel(bodyTimer);
            headTimer = null;
            bodyTimer = null;
            owner.done(this);
        }
    }

    // ---- called from the handler's thread ----

    /**
     * @return the next piece of body, {@link #EOF} at its end; fails with an {@link IOException}
     */
    CompletableFuture<ByteBuffer> pullBody() {
        CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
        execute(() -> {
            if (waiter != null) {
                f.completeExceptionally(new IllegalStateException("one body read at a time"));
                return;
            }
            waiter = f;
            deliver();
            pump();
        }, f);
        return f;
    }

    /**
     * Runs {@code action} on the loop and passes on the future it returns.
     *
     * @param action runs on the loop
     * @return its result
     */
    <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> action.get().whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        }), f);
        return f;
    }

    /** @return the session, for loop-only calls inside {@link #onLoop} */
    Http3Session session() {
        return session;
    }

    private void execute(Runnable task, CompletableFuture<?> f) {
        try {
            session.executor().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IOException("the connection has ended", e));
        }
    }

    private void runHandler(Http3Handler handler, RequestHead head) {
        ServerRequest request = new ServerRequest(this, head);
        ServerResponse response = new ServerResponse(this, "HEAD".equals(head.method()));
        Throwable failure = null;
        try {
            handler.handle(request, response);
        } catch (Throwable t) {
            failure = t;
        }
        try {
            if (failure == null) {
                response.complete();
            } else if (!response.isCommitted()) {
                LOG.log(Level.DEBUG, () -> "handler for stream " + id + " failed before responding", failure);
                response.sendError(isTooLarge(failure) ? 413 : 500);
            } else {
                LOG.log(Level.DEBUG, () -> "handler for stream " + id + " failed while responding", failure);
                stream.cancelWrite(Http3Error.H3_INTERNAL_ERROR.code());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "finishing the response on stream " + id + ": " + e);
            stream.cancelWrite(Http3Error.H3_INTERNAL_ERROR.code());
        }
        try {
            session.executor().execute(this::handlerDone);
        } catch (RejectedExecutionException e) {
            // the connection's loop is gone, and the stream with it
        }
    }

    private static boolean isTooLarge(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RequestBodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** Loop only: DESIGN.md §3: the handler returned, so neither half may keep holding credit. */
    private void handlerDone() {
        owner.handlerReturned();
        handlerReturned = true;
        if (finished) {
            return;
        }
        if (!bodyEnded && !fin) {
            // RFC 9114 §4.1.2: the response is complete; the rest of the request is not needed.
            stream.cancelRead(Http3Error.H3_NO_ERROR.code());
            session.cancelStream(id);
        }
        stream.close();
        finish();
    }

}
