package io.quic4j.http3.client;

import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.Http3Headers;
import io.quic4j.http3.Http3RetryableException;
import io.quic4j.http3.Http3StreamResetException;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.MessageStreamState;
import io.quic4j.http3.frame.PushPromiseFrame;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.session.ChunkedInputStream;
import io.quic4j.http3.session.Http3Session;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * One request and its response on a request stream (RFC 9114 §4.1). A virtual thread writes the header section
 * (encoded on the loop by the session's QPACK encoder) and reads the response's frames until its final header
 * section, which completes {@link #result}; the body is then read from the same frame reader by whoever reads
 * {@link Http3ClientResponse#body()}, and the request body goes out from a second virtual thread, so that a server
 * answering while it reads cannot deadlock against us. The reading state belongs to one thread at a time (the
 * exchange's, then the body reader's, handed over by {@link #result}); the session is only touched on the loop.
 */
final class Exchange {
    /**
     * One read of the response stream on the loop: each costs a loop task, a hand-over to the reader and one chunk
     * for it to write; at 64 kB a large body takes a quarter of the hops that 16 kB did.
     */
    private static final int READ_SIZE = 64 * 1024;
    private static final int FRAME_SIZE = 32 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The end of the stream, as the read-ahead reports it. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    /** The read-ahead stops reading at this many bytes not yet taken by the reader (two reads' worth). */
    private static final int READ_AHEAD = 128 * 1024;

    private final ClientConnection conn;
    private final Http3Session session;
    private final QuicStream stream;
    private final long id;
    private final Http3ClientRequest request;
    /** What {@link #result} becomes once it holds the response, so that the exchange does not keep it reachable. */
    private static final CompletableFuture<Http3ClientResponse> RESPONDED = CompletableFuture.completedFuture(null);
    /** Catches responses dropped unread (DESIGN.md §3). */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger("io.quic4j.http3.client");

    private volatile CompletableFuture<Http3ClientResponse> result;
    /** Whether the response body was read to its end or closed. */
    private volatile boolean released;
    /** Completes exceptionally with the reason when the exchange is abandoned (timeout, GOAWAY, cancelled). */
    private final CompletableFuture<Void> aborted = new CompletableFuture<>();
    private final Http3FrameReader reader;
    private final MessageStreamState frames = MessageStreamState.response();
    private ByteBuffer input = EMPTY;
    private boolean fin;
    /** Loop only: the read-ahead (see {@link #readAhead}). */
    private final ArrayDeque<ByteBuffer> arrived = new ArrayDeque<>();
    private int arrivedBytes;
    private boolean readPending;
    private boolean readEnded;
    private Throwable readFailure;
    private CompletableFuture<ByteBuffer> waiter;
    /** Loop only: a header section blocked on the encoder stream (RFC 9204 §2.1.2), and why the connection ended. */
    private CompletableFuture<FieldSection> pendingDecode;
    private Throwable closedReason;
    /** Loop only: whether the stream is done with (removed from the connection). */
    private boolean done;

    private Exchange(ClientConnection conn, QuicStream stream, Http3ClientRequest request,
            CompletableFuture<Http3ClientResponse> result) {
        this.conn = conn;
        this.session = conn.session();
        this.stream = stream;
        this.id = stream.id();
        this.request = request;
        this.result = result;
        this.reader = new Http3FrameReader(session.frameLimits());
    }

    /**
     * Opens a request stream on {@code conn} and runs the exchange; {@code result} completes with the response, or
     * with the failure. If {@code result} is completed by someone else (a timeout), the stream is cancelled.
     */
    static void start(ClientConnection conn, Http3ClientRequest request,
            CompletableFuture<Http3ClientResponse> result) {
        conn.connection().openBidirectionalStream().whenComplete((stream, f) -> {
            if (f != null) {
                result.completeExceptionally(notSent(f, conn, request));
                return;
            }
            Exchange e = new Exchange(conn, stream, request, result);
            // on the loop: register before any GOAWAY that names this stream can be processed
            conn.add(e);
            long goAway = conn.goAwayId();
            if (goAway >= 0 && e.id >= goAway) {
                e.rejectedByGoAway(goAway);
                return;
            }
            result.whenComplete((r, failure) -> {
                if (failure != null) {
                    e.abort(unwrap(failure));
                }
            });
            e.readAhead();
            Thread.ofVirtual().name("h3-client-" + conn.label() + "-" + e.id).start(e::run);
        });
    }

    /**
     * No stream was opened, so the server never saw the request (RFC 9114 §5.2): when the connection ended (a GOAWAY
     * followed by the close, or any other end) it may be sent again on a new connection.
     */
    private static IOException notSent(Throwable f, ClientConnection conn, Http3ClientRequest request) {
        IOException why = Failures.connection(f, conn);
        if (unwrap(f) instanceof QuicConnectionClosedException) {
            return new Http3RetryableException(Http3Error.H3_REQUEST_REJECTED.code(), request.method() + " "
                    + request.uri() + " was not sent: " + why.getMessage() + "; send it again", why);
        }
        return why;
    }

    long streamId() {
        return id;
    }

    /** Loop only: the server's GOAWAY says this request was not processed (RFC 9114 §5.2). */
    void rejectedByGoAway(long goAwayId) {
        IOException e = new Http3RetryableException(Http3Error.H3_REQUEST_REJECTED.code(), "the server sent GOAWAY "
                + goAwayId + " so it will not process request stream " + id + "; send it again", null);
        abort(e);
        result.completeExceptionally(e);
    }

    /**
     * Loop only: the connection ended. Reads and writes fail by themselves, after what was read ahead; only a header
     * section waiting for the encoder stream is failed here, as nothing else would end its wait.
     */
    void onConnectionClosed(Throwable reason) {
        closedReason = reason;
        if (pendingDecode != null) {
            pendingDecode.completeExceptionally(Failures.connection(reason, conn));
        }
    }

    /** Any thread: gives up the stream (idempotent); RFC 9114 §4.1.1: H3_REQUEST_CANCELLED. */
    private void abort(Throwable why) {
        aborted.completeExceptionally(why);
        stream.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
        stream.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
        stream.close();
        onLoop(() -> finish(true));
    }

    private void run() {
        try {
            boolean bodyless = request.body() == Http3ClientRequest.Body.NONE;
            sendHead(bodyless);
            if (!bodyless) {
                Thread.ofVirtual().name("h3-client-body-" + conn.label() + "-" + id).start(this::sendBody);
            }
            ResponseHead head = readHead();
            CompletableFuture<Http3ClientResponse> r = result;
            result = RESPONDED; // from now on only the response's holder keeps it, and the Cleaner sees it dropped
            r.complete(new Response(head));
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /**
     * Writes the header section, and the FIN with it when there is no body: in the same loop task, so that a server
     * that answers at once and stops reading (RFC 9114 §4.1.2, H3_NO_ERROR) finds nothing left to stop.
     */
    private void sendHead(boolean last) throws IOException {
        List<FieldLine> lines = new ArrayList<>();
        lines.add(FieldLine.of(":method", request.method()));
        lines.add(FieldLine.of(":scheme", "https"));
        lines.add(FieldLine.of(":authority", request.authority()));
        lines.add(FieldLine.of(":path", request.path()));
        long length = request.body().length();
        if (length > 0 && request.headers().get("content-length") == null) {
            lines.add(FieldLine.of("content-length", Long.toString(length)));
        }
        for (Map.Entry<String, String> f : request.headers().fields()) {
            lines.add(FieldLine.of(f.getKey(), f.getValue()));
        }
        FieldSection section = new FieldSection(lines);
        CompletableFuture<Void> written = new CompletableFuture<>();
        onLoop(() -> {
            try {
                propagate(stream.write(session.encodeHeaders(id, section)), written);
                if (last) {
                    stream.finish();
                }
            } catch (IllegalArgumentException e) { // larger than the server's SETTINGS_MAX_FIELD_SECTION_SIZE
                written.completeExceptionally(e);
            }
        });
        await(written);
    }

    /** Runs on its own thread: DATA frames from the body's stream, then FIN. */
    private void sendBody() {
        byte[] buf = new byte[FRAME_SIZE];
        try (InputStream in = request.body().stream().get()) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                ByteBuffer frame = ByteBuffer.allocate(16 + n);
                Http3FrameWriter.writeHeader(frame, FrameType.DATA, n);
                frame.put(buf, 0, n).flip();
                await(stream.write(frame));
            }
            await(stream.finish());
        } catch (IOException | RuntimeException e) {
            if (e instanceof Http3StreamResetException r && r.errorCode() == Http3Error.H3_NO_ERROR.code()) {
                return; // RFC 9114 §4.1.2: the server answered without the rest of the body
            }
            if (!result.isDone()) {
                result.completeExceptionally(e instanceof IOException io
                        ? io
                        : new IOException("sending the request body failed: " + e, e));
            } else {
                abort(e);
            }
        }
    }

    private ResponseHead readHead() throws IOException {
        while (true) {
            FrameEvent event = nextEvent();
            if (event == null) {
                // RFC 9114 §4.1.2: the stream ended without a complete response.
                throw new IOException("the server ended request stream " + id + " without a response");
            }
            if (event instanceof FrameEvent.Complete(HeadersFrame h)) {
                ResponseHead head = ResponseHead.parse(decode(h.fieldSection()));
                if (!head.isInterim()) {
                    return head;
                }
                frames.interimResponse(); // RFC 9114 §4.1: 1xx responses are skipped
            }
        }
    }

    /**
     * Reading thread: the next frame event of the response, past frame headers, unknown frames and PUSH_PROMISE;
     * null at the end of the stream.
     */
    private FrameEvent nextEvent() throws IOException {
        try {
            while (true) {
                FrameEvent event = reader.next(input);
                if (event == null) {
                    if (fin) {
                        reader.endOfStream();
                        return null;
                    }
                    fill();
                    continue;
                }
                frames.accept(event);
                switch (event) {
                    case FrameEvent.Header h -> {
                        // only the placement rules, checked above
                    }
                    case FrameEvent.DataChunk d -> {
                        return d;
                    }
                    case FrameEvent.Complete(HeadersFrame h) -> {
                        return event;
                    }
                    case FrameEvent.Complete(PushPromiseFrame p) ->
                        // RFC 9114 §7.2.5: we sent no MAX_PUSH_ID, so any push ID is an H3_ID_ERROR (§4.6).
                        throw new Http3Exception(Http3Error.H3_ID_ERROR, "PUSH_PROMISE without MAX_PUSH_ID");
                    case FrameEvent.Complete c -> {
                        // RFC 9114 §9: unknown frame types are ignored
                    }
                }
            }
        } catch (Http3Exception e) {
            throw protocolError(e);
        }
    }

    private void fill() throws IOException {
        CompletableFuture<ByteBuffer> next = new CompletableFuture<>();
        onLoop(() -> {
            waiter = next;
            deliver();
            readAhead();
        });
        ByteBuffer b = await(next);
        if (b == END) {
            fin = true;
        } else {
            input = b;
        }
    }

    /**
     * Loop only: keeps up to {@link #READ_AHEAD} bytes of the response read from the stream, reading again straight
     * from the completion on the loop. A server closes the connection once its responses are acknowledged (RFC 9114
     * §5.2), and the transport then fails reads: what was read ahead survives that, and flow control bounds the rest.
     */
    private void readAhead() {
        if (readPending || readEnded || arrivedBytes >= READ_AHEAD) {
            return;
        }
        readPending = true;
        ByteBuffer b = ByteBuffer.allocate(READ_SIZE); // fresh: DATA chunks handed out are views of earlier ones
        stream.read(b).whenComplete((n, f) -> {
            readPending = false;
            if (f != null) {
                readEnded = true;
                readFailure = unwrap(f);
            } else if (n < 0) {
                readEnded = true;
                arrived.add(END);
            } else {
                arrived.add(b.flip());
                arrivedBytes += n;
            }
            deliver();
            readAhead();
        });
    }

    /** Loop only: hands the reading thread the next piece, the end, or the failure once the pieces are used up. */
    private void deliver() {
        if (waiter == null) {
            return;
        }
        CompletableFuture<ByteBuffer> w = waiter;
        if (!arrived.isEmpty()) {
            waiter = null;
            ByteBuffer b = arrived.poll();
            arrivedBytes -= b.remaining();
            w.complete(b);
        } else if (readFailure != null) {
            waiter = null;
            w.completeExceptionally(readFailure);
        }
    }

    private FieldSection decode(ByteBuffer encoded) throws IOException {
        CompletableFuture<FieldSection> section = new CompletableFuture<>();
        onLoop(() -> {
            try {
                session.decode(id, encoded, fields -> {
                    pendingDecode = null;
                    section.complete(fields);
                });
            } catch (Http3Exception e) {
                section.completeExceptionally(e);
            }
            if (!section.isDone()) {
                pendingDecode = section;
                if (closedReason != null) {
                    section.completeExceptionally(Failures.connection(closedReason, conn));
                }
            }
        });
        try {
            return await(section);
        } catch (Http3Exception e) {
            throw protocolError(e);
        }
    }

    /** RFC 9114 §4.1.2: a malformed response is a stream error; other errors close the connection (§8). */
    private IOException protocolError(Http3Exception e) {
        if (e.error() == Http3Error.H3_MESSAGE_ERROR) {
            stream.cancelRead(e.error().code());
            stream.cancelWrite(e.error().code());
        } else {
            onLoop(() -> session.connectionError(e));
        }
        onLoop(() -> finish(true));
        return new IOException("malformed response on stream " + id + ": " + e.getMessage(), e);
    }

    /** Loop only: the exchange is done with the stream; {@code early} if the response was not read to its end. */
    private void finish(boolean early) {
        if (done) {
            return;
        }
        done = true;
        if (early) {
            session.cancelStream(id); // RFC 9204 §4.4.2
        }
        conn.remove(this);
    }

    private void onLoop(Runnable task) {
        try {
            session.executor().execute(task);
        } catch (RejectedExecutionException e) {
            // the loop has ended, and the connection with it
        }
    }

    private static <T> void propagateValue(T v, Throwable f, CompletableFuture<T> to) {
        if (f != null) {
            to.completeExceptionally(unwrap(f));
        } else {
            to.complete(v);
        }
    }

    private static <T> void propagate(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((v, f) -> propagateValue(v, f, to));
    }

    /** Waits for {@code f}, or for the exchange to be abandoned; maps the transport's failures. */
    private <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            try {
                CompletableFuture.anyOf(f, aborted).get();
            } catch (ExecutionException e) {
                if (!f.isDone()) {
                    throw map(e.getCause()); // abandoned
                }
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(e);
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw map(e.getCause());
        }
    }

    private IOException map(Throwable t) {
        if (aborted.isCompletedExceptionally()) {
            Throwable why = aborted.handle((v, f) -> unwrap(f)).join();
            if (why instanceof IOException io) {
                return io;
            }
        }
        return switch (t) {
            case Http3Exception h -> throw h;
            case IllegalArgumentException i -> throw i; // our own misuse, such as an oversized header section
            case QuicStreamException s when s.kind() == QuicStreamException.Kind.RESET_BY_PEER
                    || s.kind() == QuicStreamException.Kind.STOPPED_BY_PEER -> {
                String what = "the server " + (s.kind() == QuicStreamException.Kind.RESET_BY_PEER
                        ? "reset"
                        : "stopped reading") + " request stream " + id;
                // RFC 9114 §8.1: H3_REQUEST_REJECTED means the request was not processed and may be retried.
                yield s.errorCode() == Http3Error.H3_REQUEST_REJECTED.code()
                        ? new Http3RetryableException(s.errorCode(), what, s)
                        : new Http3StreamResetException(s.errorCode(), what, s);
            }
            case QuicConnectionClosedException c -> Failures.connection(c, conn);
            case IOException io -> io;
            default -> new IOException("request stream " + id + " failed: " + t, t);
        };
    }

    /** Cleaner thread: the response became unreachable; if its body was neither read nor closed, cancel it. */
    private void dropped() {
        if (!released) {
            LOG.log(System.Logger.Level.WARNING, () -> "the response to " + request.method() + " " + request.uri()
                    + " was dropped without reading or closing its body; cancelling request stream " + id);
            stream.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
            stream.close();
            onLoop(() -> finish(true));
        }
    }

    static Throwable unwrap(Throwable f) {
        return (f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null
                ? f.getCause()
                : f;
    }

    /** The response; its body continues reading the exchange's frames. */
    private final class Response implements Http3ClientResponse {
        private final ResponseHead head;
        private final Body body = new Body();
        private volatile Http3Headers trailers;

        Response(ResponseHead head) {
            this.head = head;
            CLEANER.register(this, Exchange.this::dropped);
        }

        @Override
        public Http3ClientRequest request() {
            return request;
        }

        @Override
        public int statusCode() {
            return head.status();
        }

        @Override
        public Http3Headers headers() {
            return head.headers();
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public Http3Headers trailers() {
            Http3Headers t = trailers;
            if (t == null) {
                throw new IllegalStateException("the trailers come after the body: read body() to its end first");
            }
            return t;
        }

        @Override
        public String connectionLabel() {
            return conn.label();
        }

        @Override
        public String toString() {
            return "(" + request.method() + " " + request.uri() + ") " + head.status();
        }

        private final class Body extends ChunkedInputStream {
            private boolean ended;
            private boolean closed;
            private long received;

            /**
             * RFC 9114 §4.1.2: "A request or response that is defined as having content when it contains a
             * Content-Length header field is malformed if the value of the Content-Length header field does not
             * equal the sum of the DATA frame lengths received." Responses to HEAD and 204/304 have no content.
             */
            private void checkContentLength() throws IOException {
                String cl = head.headers().get("content-length");
                if (cl == null || request.method().equals("HEAD") || head.status() == 204 || head.status() == 304) {
                    return;
                }
                long expected;
                try {
                    expected = Long.parseLong(cl);
                } catch (NumberFormatException e) {
                    expected = -1;
                }
                if (expected != received) {
                    throw protocolError(new Http3Exception(Http3Error.H3_MESSAGE_ERROR, "content-length " + cl
                            + " but " + received + " bytes of DATA (RFC 9114 §4.1.2)"));
                }
            }

            @Override
            protected boolean fill() throws IOException {
                if (closed) {
                    throw new IOException("the response body is closed");
                }
                while (!current.hasRemaining()) {
                    if (ended) {
                        return false;
                    }
                    FrameEvent event = nextEvent();
                    switch (event) {
                        case null -> {
                            checkContentLength();
                            ended = true;
                            released = true;
                            if (trailers == null) {
                                trailers = Http3Headers.EMPTY;
                            }
                            stream.close();
                            onLoop(() -> finish(false));
                        }
                        case FrameEvent.DataChunk d -> {
                            current = d.bytes();
                            received += current.remaining();
                        }
                        case FrameEvent.Complete(HeadersFrame h) -> trailers = ResponseHead.trailers(
                                decode(h.fieldSection()));
                        default -> throw new IllegalStateException("unexpected " + event);
                    }
                }
                return true;
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                released = true;
                if (!ended) {
                    // RFC 9114 §4.1.1: the rest of the response is not wanted.
                    stream.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
                    stream.close();
                    onLoop(() -> finish(true));
                }
            }
        }
    }
}
