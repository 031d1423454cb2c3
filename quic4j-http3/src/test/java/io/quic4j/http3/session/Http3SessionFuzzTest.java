package io.quic4j.http3.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.frame.DataFrame;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.GoAwayFrame;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.MaxPushIdFrame;
import io.quic4j.http3.frame.MessageStreamState;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.SettingsFrame;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackEncoder;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Jazzer fuzz target for a server {@link Http3Session} (RFC 9114 §6.2, §7; RFC 9204 §4.2) fed random bytes on the
 * streams a client opens: its control stream, QPACK encoder and decoder streams, unknown or push stream types, and
 * request streams whose HEADERS go through {@link Http3Session#decode} (and block on the encoder stream). The QUIC
 * connection is an in-memory stand-in ({@link FakeConnection}) whose event loop is a queue the target drains on its
 * own thread, so a run is deterministic. Without {@code JAZZER_FUZZ} this replays {@code
 * Http3SessionFuzzTestInputs/peerStreams}; {@code build/fuzz.sh h3-session} fuzzes it.
 *
 * <p>Input: chunks of {@code [op, length (2 bytes), bytes]}. The low two bits of op: 0 opens a new client
 * unidirectional stream with the bytes, 1 appends them to unidirectional stream {@code op >> 2} (modulo those open),
 * 2 appends them to request stream {@code op >> 2} (a new one when past the last), 3 ends (FIN) stream {@code op >>
 * 2} of all those opened. After each chunk the loop runs until nothing is left to do.
 *
 * <p>Properties: nothing escapes the loop's tasks or the stream callbacks (the fake runs every callback on the
 * target's thread and fails on any exception); a session that closes the connection does so with an RFC 9114 §8.1 /
 * RFC 9204 §6 code; and while it is open, the session is still reading every critical stream it accepted that it has
 * not rejected, so no exception was swallowed by a future and left a stream unread.
 */
class Http3SessionFuzzTest {
    private static final SessionSettings SETTINGS = new SessionSettings(16 * 1024, 256, 4);
    private static final int MAX_TASKS = 100_000;

    @FuzzTest
    void peerStreams(byte[] input) {
        FakeConnection c = new FakeConnection();
        Http3Session session = Http3Session.start(c, SETTINGS, (s, stream) -> new Request(s, (FakeStream) stream)
                .read());
        c.runLoop();
        try {
            play(c, input);
        } finally {
            if (c.failure != null) {
                throw new AssertionError("an exception escaped a callback (a future would swallow it)", c.failure);
            }
        }
        check(c, session);
    }

    private static void play(FakeConnection c, byte[] input) {
        ByteBuffer script = ByteBuffer.wrap(input);
        while (script.remaining() >= 3 && c.closeCode < 0) {
            int op = script.get() & 0xff;
            int length = Math.min(script.getShort() & 0xffff, script.remaining());
            byte[] bytes = new byte[length];
            script.get(bytes);
            int which = op >> 2;
            switch (op & 3) {
                case 0 -> c.peerStream(false).append(bytes);
                case 1 -> pick(c.peerUni, which).ifPresent(s -> s.append(bytes));
                case 2 -> (which < c.peerBidi.size() ? c.peerBidi.get(which) : c.peerStream(true)).append(bytes);
                default -> {
                    List<FakeStream> all = new ArrayList<>(c.peerUni);
                    all.addAll(c.peerBidi);
                    pick(all, which).ifPresent(FakeStream::fin);
                }
            }
            c.runLoop();
        }
    }

    private static void check(FakeConnection c, Http3Session session) {
        if (c.closeCode >= 0) {
            assertThat(Http3Error.fromCode(c.closeCode)).as("close code 0x%x: %s", c.closeCode, c.closeReason)
                    .isNotNull();
            return;
        }
        for (FakeStream s : c.peerUni) {
            if (s.accepted && !s.abandoned) {
                assertThat(s.pendingRead).as("the session still reads stream %d", s.id).isNotNull();
            }
        }
        assertThat(session.activeRequests()).isBetween(0, c.peerBidi.size());
    }

    /**
     * Writes the seeds: a client's control stream (SETTINGS, MAX_PUSH_ID, GOAWAY), QPACK streams with real encoder
     * instructions, and requests whose HEADERS reference the dynamic table, in orders that decode at once or block
     * first; plus the edges (a second control stream, a closed critical stream, an unknown stream type). Rerun from
     * the repository root when a wire form changes:
     *
     * <pre>{@code
     * mvn -B -q -o test -pl quic4j-http3 -am -Dtest=Http3SessionFuzzTest#writeSeeds \
     *     -Dsurefire.failIfNoSpecifiedTests=false -Dquic4j.fuzzSeeds=$PWD/quic4j-http3/src/test/resources
     * }</pre>
     *
     * @throws java.io.IOException if a seed cannot be written
     */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "quic4j.fuzzSeeds", matches = ".+")
    void writeSeeds() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("quic4j.fuzzSeeds"),
                "io/quic4j/http3/session/Http3SessionFuzzTestInputs/peerStreams");
        java.nio.file.Files.createDirectories(dir);
        QpackEncoder encoder = new QpackEncoder(SETTINGS.qpackMaxTableCapacity());
        encoder.applyPeerSettings(SETTINGS.qpackMaxTableCapacity(), SETTINGS.qpackBlockedStreams());
        FieldSection head = FieldSection.of(FieldLine.of(":method", "GET"), FieldLine.of(":scheme", "https"),
                FieldLine.of(":authority", "example.com"), FieldLine.of(":path", "/index.html"),
                FieldLine.of("user-agent", "fuzz"), FieldLine.of("cookie", "a=b"));
        byte[] headers0 = bytes(Http3FrameWriter.encode(new HeadersFrame(encoder.encode(0, head))));
        byte[] headers4 = bytes(Http3FrameWriter.encode(new HeadersFrame(encoder.encode(4, head))));
        byte[] instructions = bytes(encoder.pollEncoderStream());
        byte[] data = bytes(Http3FrameWriter.encode(new DataFrame(ByteBuffer.wrap(new byte[]{1, 2, 3}))));
        byte[] control = concat(new byte[]{0x00}, bytes(Http3FrameWriter.encode(new SettingsFrame(Settings.EMPTY
                .with(Settings.QPACK_MAX_TABLE_CAPACITY, 256).with(Settings.QPACK_BLOCKED_STREAMS, 4)
                .with(Settings.MAX_FIELD_SECTION_SIZE, 8192)))));
        byte[] more = concat(bytes(Http3FrameWriter.encode(new MaxPushIdFrame(8))),
                bytes(Http3FrameWriter.encode(new GoAwayFrame(0))));
        byte[] encoderStream = concat(new byte[]{0x02}, instructions);
        byte[] decoderStream = {0x03}; // nothing to acknowledge: the server has sent no section
        byte[] story = concat(chunk(0, control), chunk(0, encoderStream), chunk(0, decoderStream),
                chunk(2, concat(headers0, data)), chunk(2 | 1 << 2, headers4), chunk(3 | 3 << 2, new byte[0]),
                chunk(1, more));
        java.nio.file.Files.write(dir.resolve("session-story"), story);
        java.nio.file.Files.write(dir.resolve("request-blocked-then-unblocked"), concat(chunk(0, control),
                chunk(2, headers0), chunk(0, new byte[]{0x02}), chunk(1 | 1 << 2, instructions), chunk(
                        3 | 2 << 2, new byte[0])));
        java.nio.file.Files.write(dir.resolve("second-control-stream"), concat(chunk(0, control), chunk(0,
                control)));
        java.nio.file.Files.write(dir.resolve("critical-stream-closed"), concat(chunk(0, control), chunk(0,
                encoderStream), chunk(3 | 1 << 2, new byte[0])));
        java.nio.file.Files.write(dir.resolve("unknown-and-push-stream-types"), concat(chunk(0, control), chunk(0,
                new byte[]{0x21, 1, 2, 3}), chunk(0, new byte[]{0x40, 0x21}), chunk(0, new byte[]{0x01, 0})));
        java.nio.file.Files.write(dir.resolve("control-in-pieces"), concat(chunk(0, new byte[]{0x00}), chunk(1,
                java.util.Arrays.copyOfRange(control, 1, 4)),
                chunk(1, java.util.Arrays.copyOfRange(control, 4,
                        control.length)),
                chunk(1, more)));
    }

    private static byte[] chunk(int op, byte[] bytes) {
        return concat(new byte[]{(byte) op, (byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static java.util.Optional<FakeStream> pick(List<FakeStream> streams, int which) {
        return streams.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(streams.get(which % streams
                        .size()));
    }

    /**
     * What a server does with a request stream, reduced to what reaches the session: frames read under the request
     * rules, and header sections decoded through the session's QPACK decoder, which may block on the encoder stream;
     * like the server's {@code RequestStream}, it reads nothing more until a section is decoded. A stream error
     * resets the stream; a connection error closes through the session.
     */
    private static final class Request {
        private final Http3Session session;
        private final FakeStream stream;
        private final Http3FrameReader reader;
        private final MessageStreamState rules = MessageStreamState.request();
        private ByteBuffer input = ByteBuffer.allocate(0);
        private boolean decoding;
        private boolean looping;
        private boolean done;

        Request(Http3Session session, FakeStream stream) {
            this.session = session;
            this.stream = stream;
            this.reader = new Http3FrameReader(session.frameLimits());
        }

        Request read() {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            stream.read(buf).whenComplete((n, f) -> {
                if (n < 0) {
                    guarded(() -> {
                        reader.endOfStream();
                        finish();
                    });
                    return;
                }
                input = buf.flip();
                resume();
            });
            return this;
        }

        /** Reads frames from what was received until a section blocks or the bytes run out, then reads more. */
        private void resume() {
            looping = true;
            guarded(() -> {
                while (!decoding && !done) {
                    FrameEvent e = reader.next(input);
                    if (e == null) {
                        read();
                        return;
                    }
                    rules.accept(e);
                    if (e instanceof FrameEvent.Complete(HeadersFrame h)) {
                        decoding = true;
                        session.decode(stream.id, h.fieldSection(), section -> {
                            decoding = false;
                            if (!looping) {
                                resume(); // unblocked later by the encoder stream; decoded at once, the loop goes on
                            }
                        });
                    }
                }
            });
            looping = false;
        }

        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (Http3Exception e) {
                session.cancelStream(stream.id);
                if (e.error() == Http3Error.H3_MESSAGE_ERROR || e.error() == Http3Error.H3_REQUEST_INCOMPLETE) {
                    stream.cancelRead(e.error().code());
                    finish();
                } else {
                    session.connectionError(e);
                }
            }
        }

        private void finish() {
            if (!done) {
                done = true;
                stream.close();
                session.requestDone();
            }
        }
    }

    /** The connection's event loop and streams, in memory, all on the target's thread. */
    static final class FakeConnection implements QuicConnection, Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private final CompletableFuture<QuicCloseReason> closeFuture = new CompletableFuture<>();
        private CompletableFuture<QuicStream> accept;
        private final ArrayDeque<FakeStream> unaccepted = new ArrayDeque<>();
        final List<FakeStream> peerUni = new ArrayList<>();
        final List<FakeStream> peerBidi = new ArrayList<>();
        private long nextLocalUni = 3;
        long closeCode = -1;
        String closeReason;
        /** The first exception that escaped a task or a callback. */
        Throwable failure;

        /** A stream the client opens: uni 2, 6, 10, ...; bidi 0, 4, 8, ... (RFC 9000 §2.1). */
        FakeStream peerStream(boolean bidi) {
            List<FakeStream> list = bidi ? peerBidi : peerUni;
            FakeStream s = new FakeStream(this, list.size() * 4L + (bidi ? 0 : 2), bidi, false);
            list.add(s);
            unaccepted.add(s);
            return s;
        }

        /** Runs whatever was posted and completes reads and accepts that can complete, until nothing changes. */
        void runLoop() {
            for (int i = 0; i < MAX_TASKS; i++) {
                Runnable task = tasks.poll();
                if (task != null) {
                    guard(task);
                    continue;
                }
                if (accept != null && !unaccepted.isEmpty() && closeCode < 0) {
                    CompletableFuture<QuicStream> a = accept;
                    accept = null;
                    FakeStream s = unaccepted.poll();
                    s.accepted = true;
                    a.complete(s);
                    continue;
                }
                if (!deliverOne()) {
                    return;
                }
            }
            throw new AssertionError("the session's loop never settles");
        }

        private boolean deliverOne() {
            for (List<FakeStream> list : List.of(peerUni, peerBidi)) {
                for (FakeStream s : list) {
                    if (s.deliver()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Runs a task, recording what escapes it (the real loop would log it and carry on). */
        void guard(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
                throw e;
            }
        }

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        @Override
        public CompletableFuture<QuicStream> openBidirectionalStream() {
            throw new UnsupportedOperationException("a server session opens no request stream");
        }

        @Override
        public CompletableFuture<QuicStream> openUnidirectionalStream() {
            FakeStream s = new FakeStream(this, nextLocalUni, false, true);
            nextLocalUni += 4;
            return CompletableFuture.completedFuture(s);
        }

        @Override
        public CompletableFuture<QuicStream> tryOpenStream(boolean bidirectional) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<QuicStream> acceptStream() {
            assertThat(accept).as("one acceptStream at a time").isNull();
            accept = new Watched<>(this);
            return accept;
        }

        @Override
        public CompletableFuture<Void> sendDatagram(ByteBuffer data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ByteBuffer> receiveDatagram() {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Integer> maxDatagramPayload() {
            return CompletableFuture.completedFuture(0);
        }

        @Override
        public CompletableFuture<Void> limitIncomingBidirectionalStreams(long live) {
            // the session never lowers the limit itself (the server's circuit breaker does, above the session)
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no stream limit in memory"));
        }

        @Override
        public CompletableFuture<QuicConnectionStats> stats() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no stats in memory"));
        }

        @Override
        public CompletableFuture<QuicCloseReason> close(long errorCode, String reason) {
            if (closeCode < 0) {
                closeCode = errorCode;
                closeReason = reason;
                closeFuture.complete(new QuicCloseReason(QuicCloseReason.Initiator.LOCAL, true, errorCode, reason));
            }
            return closeFuture;
        }

        @Override
        public void close() {
            close(Http3Error.H3_NO_ERROR.code(), "");
        }

        @Override
        public CompletableFuture<QuicCloseReason> closeFuture() {
            return closeFuture;
        }

        @Override
        public boolean isOpen() {
            return closeCode < 0;
        }

        @Override
        public Executor executor() {
            return this;
        }

        @Override
        public String applicationProtocol() {
            return "h3";
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return List.of();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 443);
        }
    }

    /**
     * A future whose {@code whenComplete} actions report what escapes them: a plain future would catch it into the
     * dependent future nobody reads, and the stream would silently stop being served.
     */
    static final class Watched<T> extends CompletableFuture<T> {
        private final FakeConnection connection;

        Watched(FakeConnection connection) {
            this.connection = connection;
        }

        @Override
        public CompletableFuture<T> whenComplete(java.util.function.BiConsumer<? super T, ? super Throwable> action) {
            return super.whenComplete((v, f) -> connection.guard(() -> action.accept(v, f)));
        }
    }

    /** A stream whose received bytes the target appends; one read outstanding at a time, as the API allows. */
    static final class FakeStream implements QuicStream {
        final FakeConnection connection;
        final long id;
        private final boolean bidi;
        private final boolean local;
        private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
        private boolean finReceived;
        private boolean finDelivered;
        boolean accepted;
        /** The session stopped reading it on purpose: cancelRead, close, or its end delivered. */
        boolean abandoned;
        private ByteBuffer pendingDst;
        CompletableFuture<Integer> pendingRead;

        FakeStream(FakeConnection connection, long id, boolean bidi, boolean local) {
            this.connection = connection;
            this.id = id;
            this.bidi = bidi;
            this.local = local;
        }

        void append(byte[] bytes) {
            if (!finReceived && bytes.length > 0) {
                received.add(ByteBuffer.wrap(bytes));
            }
        }

        void fin() {
            finReceived = true;
        }

        /** Completes the outstanding read if there is something for it. @return whether it did */
        boolean deliver() {
            if (pendingRead == null || abandoned) {
                return false;
            }
            CompletableFuture<Integer> read = pendingRead;
            ByteBuffer dst = pendingDst;
            if (!received.isEmpty()) {
                ByteBuffer head = received.peek();
                int n = Math.min(head.remaining(), dst.remaining());
                dst.put(dst.position(), head, head.position(), n);
                dst.position(dst.position() + n);
                head.position(head.position() + n);
                if (!head.hasRemaining()) {
                    received.poll();
                }
                pendingRead = null;
                pendingDst = null;
                read.complete(n);
                return true;
            }
            if (finReceived && !finDelivered) {
                finDelivered = true;
                abandoned = true;
                pendingRead = null;
                pendingDst = null;
                read.complete(-1);
                return true;
            }
            return false;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public boolean isBidirectional() {
            return bidi;
        }

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public CompletableFuture<Integer> read(ByteBuffer dst) {
            assertThat(local && !bidi).as("reading our own unidirectional stream").isFalse();
            assertThat(pendingRead).as("one read at a time on stream %d", id).isNull();
            if (!dst.hasRemaining()) {
                return CompletableFuture.completedFuture(0);
            }
            pendingDst = dst;
            pendingRead = new Watched<>(connection);
            return pendingRead;
        }

        @Override
        public CompletableFuture<Void> write(ByteBuffer src) {
            src.position(src.limit());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> finish() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<QuicStreamException> peerAbort() {
            return new CompletableFuture<>();
        }

        @Override
        public void setPriority(int urgency, boolean incremental) {
        }

        @Override
        public void cancelRead(long errorCode) {
            abandoned = true;
        }

        @Override
        public void cancelWrite(long errorCode) {
        }

        @Override
        public void close() {
            abandoned = true;
        }

        @Override
        public InputStream inputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public OutputStream outputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public QuicConnection connection() {
            return connection;
        }
    }
}
