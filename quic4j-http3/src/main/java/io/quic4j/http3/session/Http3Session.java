package io.quic4j.http3.session;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.frame.ControlStreamState;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameLimits;
import io.quic4j.http3.frame.GoAwayFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.SettingsFrame;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.http3.frame.StreamTypeReader;
import io.quic4j.http3.frame.UnknownFrame;
import io.quic4j.http3.qpack.DecodedSection;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackDecoder;
import io.quic4j.http3.qpack.QpackDecoderConfig;
import io.quic4j.http3.qpack.QpackEncoder;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The HTTP/3 state of one connection, server or client (RFC 9114 §6.2, RFC 9204 §4.2): our control stream (SETTINGS with a
 * grease setting, a grease frame, later GOAWAY), our QPACK encoder and decoder streams, the peer's unidirectional
 * streams dispatched by type, and the QPACK encoder and decoder shared by the connection's requests. Every field
 * lives on the connection's event loop ({@link QuicConnection#executor()}, DESIGN.md §2): the public methods
 * marked "loop only" must be called there, the others post to it. An {@link Http3Exception} on a critical stream
 * closes the connection with its code.
 *
 * <pre>{@code
 * Http3Session session = Http3Session.start(connection, SessionSettings.of(config), stream -> serve(stream));
 * }</pre>
 */
public final class Http3Session {
    private static final System.Logger LOG = System.getLogger("io.quic4j.http3.session");
    /** Bytes read per critical-stream read: a buffer size, not a limit (each read is consumed before the next). */
    private static final int READ_SIZE = 4096;
    /**
     * Unknown frames on the control stream (RFC 9114 §10.5; grease, extensions we do not speak such as RFC 9218's
     * PRIORITY_UPDATE) allowed per request the peer has opened, beyond {@link SessionSettings#maxIgnoredControlFrames()}:
     * the allowance grows with real use, so an operator tunes only the base. A constant: a well-behaved peer sends
     * at most one or two such frames per request.
     */
    public static final int IGNORED_CONTROL_FRAMES_PER_REQUEST = 4;
    /**
     * Decoder-stream bytes allowed to wait while our previous decoder-stream write has not been taken by the
     * transport, i.e. while the stream's send buffer ({@code QuicConfig.streamSendBuffer}, 1 MiB by default) is full
     * of instructions the peer has not granted credit for or not acknowledged. A peer reads its QPACK streams as they
     * come (they carry what its encoder needs, RFC 9204 §4.4), so this much more is a peer making us acknowledge
     * what it will not read: H3_EXCESSIVE_LOAD (RFC 9114 §10.5). A constant: a send buffer's worth of slack comes
     * first, and that is configurable.
     */
    private static final int MAX_DECODER_STREAM_BACKLOG = 8 * 1024;
    /** How often a shutting-down session checks whether its last responses have been delivered. */
    private static final long QUIET_POLL_MILLIS = 10;

    /** Receives the peer's request streams, on the loop. */
    @FunctionalInterface
    public interface RequestStreams {
        /**
         * @param session the session
         * @param stream a client-initiated bidirectional stream, accepted (and to be closed by the receiver)
         */
        void onRequestStream(Http3Session session, QuicStream stream);
    }

    /** Receives the server's GOAWAY on a client session, on the loop (RFC 9114 §5.2). */
    @FunctionalInterface
    public interface GoAwayListener {
        /**
         * @param session the session
         * @param id the first request stream ID the server will not process; it never increases
         */
        void onGoAway(Http3Session session, long id);
    }

    private final QuicConnection connection;
    private final Executor loop;
    private final SessionSettings settings;
    /** Which end we are, with what only that end receives: a server request streams, a client GOAWAY (§6.1, §5.2). */
    private sealed interface Role {
        record Server(RequestStreams requests) implements Role {
        }

        record Client(GoAwayListener goAways) implements Role {
        }
    }

    private final Role role;
    private final QpackEncoder encoder;
    private final QpackDecoder decoder;
    private final ControlStreamState peerControl;
    private final Map<Long, Consumer<FieldSection>> blocked = new HashMap<>();
    private final RandomGenerator random = new SecureRandom();
    private QuicStream control;
    private QuicStream encoderStream;
    private QuicStream decoderStream;
    private boolean peerControlOpened;
    private boolean peerEncoderOpened;
    private boolean peerDecoderOpened;
    private boolean closed;
    /** The ID of the GOAWAY we sent, or -1. */
    private long goAwayId = -1;
    /** The next request stream ID not yet accepted (RFC 9114 §5.2). */
    private long nextRequestId;
    private int activeRequests;
    /** The peer's SETTINGS_MAX_FIELD_SECTION_SIZE, unlimited until its SETTINGS arrive (RFC 9114 §7.2.4.1). */
    private long peerMaxFieldSectionSize = Settings.UNLIMITED;
    private boolean closeWhenIdle;
    private int ignoredUniStreams;
    private long ignoredControlFrames;
    /** Bytes written to our QPACK encoder stream that the transport has not yet taken (see {@link #flushQpack}). */
    private long encoderStreamUntaken;
    /** Whether a decoder-stream write has not been taken yet: later instructions wait, coalesced, in the decoder. */
    private boolean decoderWriteInFlight;

    private Http3Session(QuicConnection connection, SessionSettings settings, Role role) {
        this.connection = connection;
        this.loop = connection.executor();
        this.settings = settings;
        this.role = role;
        this.peerControl = role instanceof Role.Client
                ? ControlStreamState.fromServer()
                : ControlStreamState.fromClient();
        this.encoder = new QpackEncoder(settings.qpackMaxTableCapacity());
        this.decoder = new QpackDecoder(new QpackDecoderConfig(settings.qpackMaxTableCapacity(),
                settings.qpackBlockedStreams(), settings.maxFieldSectionSize()));
    }

    /**
     * Starts the session on the connection's loop: opens our three streams, then accepts the peer's streams.
     *
     * @param connection an established HTTP/3 connection (ALPN h3)
     * @param settings what we advertise
     * @param requests where request streams go
     * @return the session
     */
    public static Http3Session start(QuicConnection connection, SessionSettings settings, RequestStreams requests) {
        Http3Session s = new Http3Session(connection, settings, new Role.Server(Objects.requireNonNull(requests,
                "requests")));
        s.loop.execute(s::open);
        return s;
    }

    /**
     * Starts a client session on the connection's loop: opens our three streams, then accepts the server's.
     *
     * @param connection an established HTTP/3 connection (ALPN h3) to a server
     * @param settings what we advertise
     * @param goAways told of each GOAWAY the server sends
     * @return the session
     */
    public static Http3Session startClient(QuicConnection connection, SessionSettings settings,
            GoAwayListener goAways) {
        Http3Session s = new Http3Session(connection, settings, new Role.Client(Objects.requireNonNull(goAways,
                "goAways")));
        s.loop.execute(s::open);
        return s;
    }

    private boolean isClient() {
        return role instanceof Role.Client;
    }

    /** @return the connection */
    public QuicConnection connection() {
        return connection;
    }

    /** @return the connection's event loop, which owns this session's state */
    public Executor executor() {
        return loop;
    }

    /** @return the frame limits for request streams, from the field section size we advertise */
    public FrameLimits frameLimits() {
        return FrameLimits.forSettings(ourSettings(false));
    }

    private Settings ourSettings(boolean grease) {
        Settings s = Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, settings.maxFieldSectionSize())
                .with(Settings.QPACK_MAX_TABLE_CAPACITY, settings.qpackMaxTableCapacity())
                .with(Settings.QPACK_BLOCKED_STREAMS, settings.qpackBlockedStreams());
        // RFC 9114 §7.2.4.1: "Endpoints SHOULD include at least one such setting in their SETTINGS frame."
        return grease ? Http3FrameWriter.withGreaseSetting(s, random) : s;
    }

    private void open() {
        CompletableFuture<QuicStream> c = connection.openUnidirectionalStream();
        CompletableFuture<QuicStream> e = connection.openUnidirectionalStream();
        CompletableFuture<QuicStream> d = connection.openUnidirectionalStream();
        CompletableFuture.allOf(c, e, d).whenComplete((x, failure) -> {
            if (failure != null) {
                ignoreIfClosed(failure, "opening the control and QPACK streams");
                return;
            }
            control = c.join();
            encoderStream = e.join();
            decoderStream = d.join();
            // RFC 9114 §6.2.1: the control stream's type, then SETTINGS as its first frame; §7.2.8: a grease frame.
            ByteBuffer settingsFrame = Http3FrameWriter.encode(new SettingsFrame(ourSettings(true)));
            ByteBuffer head = ByteBuffer.allocate(1 + settingsFrame.remaining());
            head.put(StreamType.CONTROL.streamHeader()).put(settingsFrame).flip();
            write(control, head);
            write(control, Http3FrameWriter.greaseFrame(random, 8));
            write(encoderStream, StreamType.QPACK_ENCODER.streamHeader());
            write(decoderStream, StreamType.QPACK_DECODER.streamHeader());
            flushQpack();
            accept();
        });
        connection.closeFuture().whenComplete((r, f) -> closed = true);
    }

    private void write(QuicStream stream, ByteBuffer bytes) {
        write(stream, bytes, null);
    }

    /** Writes to a critical stream; {@code taken}, if not null, runs on the loop once the transport took the bytes. */
    private void write(QuicStream stream, ByteBuffer bytes, Runnable taken) {
        if (bytes.hasRemaining() && !closed) {
            stream.write(bytes).whenComplete((v, f) -> {
                if (f != null) {
                    loop.execute(() -> onCriticalStreamFailure(f, stream));
                } else if (taken != null) {
                    try {
                        loop.execute(taken);
                    } catch (RejectedExecutionException e) {
                        // the loop has ended, and the connection with it
                    }
                }
            });
        }
    }

    private void onCriticalStreamFailure(Throwable f, QuicStream stream) {
        ignoreIfClosed(f, "writing critical stream " + stream.id());
        if (!closed) {
            // RFC 9114 §6.2.1: the peer stopped a critical stream.
            connectionError(new Http3Exception(Http3Error.H3_CLOSED_CRITICAL_STREAM,
                    "the peer stopped our critical stream " + stream.id()));
        }
    }

    private void accept() {
        if (closed) {
            return;
        }
        connection.acceptStream().whenComplete((s, f) -> {
            if (f != null) {
                ignoreIfClosed(f, "accepting streams");
                return;
            }
            try {
                if (s.isBidirectional()) {
                    onRequestStream(s);
                } else {
                    readStreamType(s, new StreamTypeReader());
                }
            } catch (Http3Exception e) {
                connectionError(e);
            }
            accept();
        });
    }

    private void onRequestStream(QuicStream s) {
        if (!(role instanceof Role.Server(RequestStreams requests))) {
            // RFC 9114 §6.1: "Clients MUST treat receipt of a server-initiated bidirectional stream as a connection
            // error of type H3_STREAM_CREATION_ERROR".
            s.close();
            throw new Http3Exception(Http3Error.H3_STREAM_CREATION_ERROR, "the server opened a bidirectional stream");
        }
        if (goAwayId >= 0 && s.id() >= goAwayId) {
            // RFC 9114 §5.2: requests past the GOAWAY were not processed; H3_REQUEST_REJECTED tells the client it
            // may retry them elsewhere (§8.1).
            s.cancelRead(Http3Error.H3_REQUEST_REJECTED.code());
            s.cancelWrite(Http3Error.H3_REQUEST_REJECTED.code());
            s.close();
            return;
        }
        nextRequestId = Math.max(nextRequestId, s.id() + 4);
        activeRequests++;
        requests.onRequestStream(this, s);
    }

    /** Loop only: a request stream given to {@link RequestStreams} is done (both halves finished or reset). */
    public void requestDone() {
        activeRequests--;
        if (closeWhenIdle && activeRequests == 0) {
            closeWhenQuiet();
        }
    }

    /**
     * Closes once the responses already written have been delivered: no request stream is left half-closed (its
     * FIN unacknowledged) and nothing is in flight; closing earlier would cut off their last bytes.
     */
    private void closeWhenQuiet() {
        if (closed) {
            return;
        }
        connection.stats().whenComplete((stats, f) -> {
            if (f != null || closed || activeRequests > 0) {
                return;
            }
            if (stats.halfClosedStreams() == 0 && stats.bytesInFlight() == 0) {
                close(Http3Error.H3_NO_ERROR, "shut down");
                return;
            }
            CompletableFuture.delayedExecutor(QUIET_POLL_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    loop.execute(this::closeWhenQuiet);
                } catch (RejectedExecutionException e) {
                    // the connection's loop has ended, and the connection with it
                }
            });
        });
    }

    /**
     * Posts a graceful shutdown (a server session's): GOAWAY with the next request ID, and close with H3_NO_ERROR
     * once idle.
     */
    public void shutdown() {
        loop.execute(() -> {
            if (closed || goAwayId >= 0) {
                return;
            }
            // RFC 9114 §5.2: the ID of the first request stream we have not accepted.
            goAwayId = nextRequestId;
            if (control != null) {
                write(control, Http3FrameWriter.encode(new GoAwayFrame(goAwayId)));
            }
            closeWhenIdle = true;
            if (activeRequests == 0) {
                closeWhenQuiet();
            }
        });
    }

    /**
     * Closes the connection at once (posted to the loop; any thread).
     *
     * @param error the code
     * @param reason the reason phrase
     */
    public void closeLater(Http3Error error, String reason) {
        try {
            loop.execute(() -> close(error, reason));
        } catch (RejectedExecutionException e) {
            // the loop has ended, and the connection with it
        }
    }

    /** Loop only: closes the connection with {@code error}'s code. */
    private void close(Http3Error error, String reason) {
        closed = true;
        connection.close(error.code(), reason);
    }

    /** @return the number of requests accepted and not yet done; loop only */
    public int activeRequests() {
        return activeRequests;
    }

    // ---- the peer's unidirectional streams ----

    private void readStreamType(QuicStream s, StreamTypeReader header) {
        ByteBuffer buf = ByteBuffer.allocate(1);
        s.read(buf).whenComplete((n, f) -> {
            if (f != null || n < 0) {
                // RFC 9114 §6.2: a receiver MUST tolerate streams closed or reset before the header arrives.
                s.close();
                return;
            }
            buf.flip();
            if (!header.read(buf)) {
                readStreamType(s, header);
                return;
            }
            try {
                onStreamType(s, header);
            } catch (Http3Exception e) {
                connectionError(e);
            }
        });
    }

    private void onStreamType(QuicStream s, StreamTypeReader header) {
        switch (header.streamType()) {
            case CONTROL -> {
                // RFC 9114 §6.2.1: "Only one control stream per peer is permitted; receipt of a second stream
                // claiming to be a control stream MUST be treated as a connection error of type
                // H3_STREAM_CREATION_ERROR."
                peerControlOpened = once(peerControlOpened, "control");
                Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
                readCritical(s, data -> {
                    FrameEvent event;
                    while ((event = reader.next(data)) != null) {
                        peerControl.accept(event);
                        if (event instanceof FrameEvent.Complete(UnknownFrame u)) {
                            onIgnoredControlFrame(u);
                        }
                        if (event instanceof FrameEvent.Complete(SettingsFrame sf)) {
                            Settings peer = sf.settings();
                            encoder.applyPeerSettings(peer.qpackMaxTableCapacity(), peer.qpackBlockedStreams());
                            peerMaxFieldSectionSize = peer.maxFieldSectionSize();
                            flushQpack();
                        } else if (event instanceof FrameEvent.Complete(GoAwayFrame g)
                                && role instanceof Role.Client(GoAwayListener goAways)) {
                            goAways.onGoAway(this, g.id());
                        }
                    }
                }, peerControl::endOfStream);
            }
            case QPACK_ENCODER -> {
                // RFC 9204 §4.2: "Receipt of a second instance of either stream type MUST be treated as a connection
                // error of type H3_STREAM_CREATION_ERROR."
                peerEncoderOpened = once(peerEncoderOpened, "QPACK encoder");
                readCritical(s, data -> {
                    for (DecodedSection d : decoder.onEncoderStream(data)) {
                        Consumer<FieldSection> waiter = blocked.remove(d.streamId());
                        if (waiter != null) {
                            waiter.accept(d.section());
                        }
                    }
                    flushQpack();
                }, () -> criticalClosed("QPACK encoder"));
            }
            case QPACK_DECODER -> {
                peerDecoderOpened = once(peerDecoderOpened, "QPACK decoder");
                readCritical(s, data -> {
                    encoder.onDecoderStream(data);
                    flushQpack();
                }, () -> criticalClosed("QPACK decoder"));
            }
            // RFC 9114 §6.2.2: "Only servers can push; if a server receives a client-initiated push stream, this
            // MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."
            case PUSH -> throw isClient()
                    // RFC 9114 §4.6: a client that sent no MAX_PUSH_ID allows no push ID; any is an H3_ID_ERROR.
                    ? new Http3Exception(Http3Error.H3_ID_ERROR, "a push stream, but we sent no MAX_PUSH_ID")
                    : new Http3Exception(Http3Error.H3_STREAM_CREATION_ERROR, "a client opened a push stream");
            case RESERVED, UNKNOWN -> {
                // RFC 9114 §6.2: abort reading an unknown stream type, H3_STREAM_CREATION_ERROR recommended, and
                // never a connection error.
                s.cancelRead(Http3Error.H3_STREAM_CREATION_ERROR.code());
                s.close();
                // RFC 9114 §10.5: "Implementations SHOULD track the use of these features [unknown stream types]
                // and set limits on their use". Each is aborted at once (§6.2), so the transport's stream limit alone
                // would let a peer open them for ever.
                if (++ignoredUniStreams > settings.maxIgnoredUniStreams()) {
                    throw new Http3Exception(Http3Error.H3_EXCESSIVE_LOAD, "more than "
                            + settings.maxIgnoredUniStreams() + " unidirectional streams of unknown types on one"
                            + " connection (maxIgnoredUniStreams; RFC 9114 §10.5)");
                }
            }
        }
    }

    private void onIgnoredControlFrame(UnknownFrame u) {
        long allowed = settings.maxIgnoredControlFrames() + IGNORED_CONTROL_FRAMES_PER_REQUEST * (nextRequestId / 4);
        if (++ignoredControlFrames > allowed) {
            throw new Http3Exception(Http3Error.H3_EXCESSIVE_LOAD, "more than " + allowed + " frames of unknown types"
                    + " on the control stream (the last 0x" + Long.toHexString(u.type())
                    + "; maxIgnoredControlFrames; RFC 9114 §10.5)");
        }
    }

    private static boolean once(boolean seen, String what) {
        if (seen) {
            throw new Http3Exception(Http3Error.H3_STREAM_CREATION_ERROR, "a second " + what + " stream");
        }
        return true;
    }

    private static void criticalClosed(String what) {
        // RFC 9204 §4.2: "Closure of either unidirectional stream type MUST be treated as a connection error of
        // type H3_CLOSED_CRITICAL_STREAM."
        throw new Http3Exception(Http3Error.H3_CLOSED_CRITICAL_STREAM, "the peer closed its " + what + " stream");
    }

    /** Reads a critical stream to the end, feeding {@code onData}; its end or reset is {@code onEnd}'s error. */
    private void readCritical(QuicStream s, Consumer<ByteBuffer> onData, Runnable onEnd) {
        if (closed) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
        s.read(buf).whenComplete((n, f) -> {
            if (closed) {
                return;
            }
            try {
                if (f != null) {
                    if (isConnectionClosed(f)) {
                        return;
                    }
                    onEnd.run(); // reset by the peer
                } else if (n < 0) {
                    onEnd.run();
                } else {
                    onData.accept(buf.flip());
                    readCritical(s, onData, onEnd);
                }
            } catch (Http3Exception e) {
                connectionError(e);
            }
        });
    }

    // ---- QPACK for request streams ----

    /**
     * Loop only: decodes a header or trailer section, now or when the encoder stream unblocks it.
     *
     * @param streamId the request stream
     * @param encoded the HEADERS payload (copied if it blocks)
     * @param then receives the section, on the loop
     * @throws Http3Exception QPACK_DECOMPRESSION_FAILED (a connection error)
     */
    public void decode(long streamId, ByteBuffer encoded, Consumer<FieldSection> then) {
        Optional<FieldSection> section = decoder.decode(streamId, encoded);
        flushQpack();
        if (section.isPresent()) {
            then.accept(section.get());
        } else {
            blocked.put(streamId, then);
        }
    }

    /**
     * Loop only: a request stream ends early; drops its blocked section and tells the peer's encoder (RFC 9204
     * §4.4.2).
     *
     * @param streamId the stream
     */
    public void cancelStream(long streamId) {
        if (closed) {
            return;
        }
        blocked.remove(streamId);
        decoder.cancelStream(streamId);
        flushQpack();
    }

    /**
     * Loop only: encodes a header section, sending the encoder instructions it needs first.
     *
     * @param streamId the request stream
     * @param section the fields
     * @return the HEADERS frame, ready to write
     * @throws IllegalArgumentException if the section is larger than the peer accepts
     */
    public ByteBuffer encodeHeaders(long streamId, FieldSection section) {
        // RFC 9114 §4.2.2: "An implementation that has received this parameter SHOULD NOT send an HTTP message
        // header that exceeds the indicated size".
        if (section.size() > peerMaxFieldSectionSize) {
            throw new IllegalArgumentException("a field section of " + section.size() + " bytes exceeds the peer's "
                    + "SETTINGS_MAX_FIELD_SECTION_SIZE of " + peerMaxFieldSectionSize
                    + "; send fewer or shorter fields");
        }
        ByteBuffer payload = encoder.encode(streamId, section);
        flushQpack();
        ByteBuffer frame = ByteBuffer.allocate(16 + payload.remaining());
        Http3FrameWriter.writeHeader(frame, io.quic4j.http3.frame.FrameType.HEADERS, payload.remaining());
        return frame.put(payload).flip();
    }

    private void flushQpack() {
        if (encoderStream == null || closed) {
            return;
        }
        // RFC 9204 §2.1.3: "an encoder SHOULD NOT write an instruction unless sufficient stream and connection
        // flow-control credit is available". Credit is the transport's to see; the encoder hears how much of what it
        // wrote the transport has not taken, and stops inserting while a table's worth waits.
        ByteBuffer instructions = encoder.pollEncoderStream();
        int n = instructions.remaining();
        if (n > 0) {
            encoderStreamUntaken += n;
            encoder.encoderStreamUntaken(encoderStreamUntaken);
            write(encoderStream, instructions, () -> {
                encoderStreamUntaken -= n;
                encoder.encoderStreamUntaken(encoderStreamUntaken);
            });
        }
        flushDecoderStream();
    }

    /** One decoder-stream write at a time, so instructions that cannot go out wait as bytes, not as queued writes. */
    private void flushDecoderStream() {
        if (closed) {
            return;
        }
        if (decoderWriteInFlight) {
            if (decoder.pendingDecoderStream() > MAX_DECODER_STREAM_BACKLOG) {
                connectionError(new Http3Exception(Http3Error.H3_EXCESSIVE_LOAD, "more than "
                        + MAX_DECODER_STREAM_BACKLOG + " bytes of QPACK decoder instructions wait for the peer to"
                        + " take our decoder stream (RFC 9114 §10.5)"));
            }
            return;
        }
        ByteBuffer instructions = decoder.pollDecoderStream();
        if (instructions.hasRemaining()) {
            decoderWriteInFlight = true;
            write(decoderStream, instructions, () -> {
                decoderWriteInFlight = false;
                flushDecoderStream();
            });
        }
    }

    /**
     * Loop only: closes the connection with the error's code (RFC 9114 §8).
     *
     * @param e the connection error
     */
    public void connectionError(Http3Exception e) {
        if (closed) {
            return;
        }
        LOG.log(Level.DEBUG, () -> connection + ": " + e.getMessage());
        close(e.error(), e.getMessage());
    }

    /**
     * @param f a failure from a stream or connection future
     * @return whether it says the connection has ended
     */
    public static boolean isConnectionClosed(Throwable f) {
        Throwable t = f instanceof CompletionException && f.getCause() != null ? f.getCause() : f;
        return t instanceof QuicConnectionClosedException;
    }

    private void ignoreIfClosed(Throwable f, String what) {
        if (!isConnectionClosed(f)) {
            LOG.log(Level.DEBUG, () -> connection + ": " + what + " failed: " + f);
        }
    }
}
