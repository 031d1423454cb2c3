package io.quic4j.http3.abuse;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameLimits;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.SettingsFrame;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackDecoder;
import io.quic4j.http3.qpack.QpackDecoderConfig;
import io.quic4j.http3.qpack.QpackEncoder;
import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A client that writes HTTP/3 bytes itself over the transport's public API, to send what a conforming client never
 * would: resets by the hundred, QPACK bombs, endless integers, reserved and cut-off frames, trickled bytes. It
 * advertises no QPACK dynamic table, so the server's responses use only the static table and literals.
 */
final class Abuser implements AutoCloseable {
    final QuicClient client;
    final QuicConnection connection;
    /** Held: a dropped handle would be reset by the transport's leak check, which is not what an abuser does. */
    private final List<QuicStream> held = new CopyOnWriteArrayList<>();

    /** A response: its final header section and body. */
    record Response(FieldSection headers, byte[] body) {
        int status() {
            return Integer.parseInt(headers.get(":status"));
        }
    }

    Abuser(AttackHarness h) {
        this(h, AttackHarness.quicConfig());
    }

    /** An abuser with its own transport settings (its receive windows decide the credit the server gets). */
    Abuser(AttackHarness h, QuicConfig quic) {
        this.client = QuicClient.create(quic, AttackHarness.clientTls(h.dir));
        this.connection = client.connect(h.server.localAddress(), "localhost").orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Opens our control stream with SETTINGS (RFC 9114 §6.2.1). */
    QuicStream control() {
        return control(Settings.EMPTY);
    }

    /** Opens our control stream with these SETTINGS. */
    QuicStream control(Settings settings) {
        return uni(concat(StreamType.CONTROL.streamHeader(), Http3FrameWriter.encode(new SettingsFrame(settings))));
    }

    /** Opens a unidirectional stream and writes {@code bytes} (not finished). */
    QuicStream uni(ByteBuffer bytes) {
        QuicStream s = connection.openUnidirectionalStream().orTimeout(30, TimeUnit.SECONDS).join();
        held.add(s);
        s.write(bytes).orTimeout(30, TimeUnit.SECONDS).join();
        return s;
    }

    /** Opens a request stream (held until the abuser closes). */
    QuicStream bidi() {
        QuicStream s = connection.openBidirectionalStream().orTimeout(30, TimeUnit.SECONDS).join();
        held.add(s);
        return s;
    }

    /** Forgets a stream this abuser reset or finished itself, so its handle is not kept for ever. */
    void release(QuicStream s) {
        held.remove(s);
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        int n = 0;
        for (ByteBuffer p : parts) {
            n += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    static FieldSection request(String method, String path, FieldLine... extra) {
        List<FieldLine> lines = new ArrayList<>(List.of(FieldLine.of(":method", method),
                FieldLine.of(":scheme", "https"), FieldLine.of(":authority", "localhost"),
                FieldLine.of(":path", path)));
        lines.addAll(List.of(extra));
        return new FieldSection(lines);
    }

    /** A HEADERS frame with the section encoded with the static table and literals only. */
    static ByteBuffer headers(long streamId, FieldSection section) {
        return Http3FrameWriter.encode(new HeadersFrame(new QpackEncoder(0).encode(streamId, section)));
    }

    /** A HEADERS frame around an encoded field section the caller built byte by byte. */
    static ByteBuffer headersFrame(byte[] encodedSection) {
        return concat(Http3FrameWriter.header(FrameType.HEADERS, encodedSection.length), ByteBuffer.wrap(
                encodedSection));
    }

    static ByteBuffer data(byte[] payload) {
        return concat(Http3FrameWriter.header(FrameType.DATA, payload.length), ByteBuffer.wrap(payload));
    }

    /** A frame of a reserved (grease) type, RFC 9114 §7.2.8: 0x1f * N + 0x21. */
    static ByteBuffer reservedFrame(long n, int length) {
        return concat(Http3FrameWriter.header(0x1fL * n + 0x21, length), ByteBuffer.allocate(length));
    }

    /** Sends a GET and reads the whole response. */
    Response get(String path) throws IOException {
        QuicStream s = bidi();
        try {
            s.write(headers(s.id(), request("GET", path)));
            s.finish();
            return readResponse(s);
        } finally {
            s.close();
            release(s);
        }
    }

    /** Reads a response to its end; throws the stream's failure (a reset) as it is. */
    static Response readResponse(QuicStream s) throws IOException {
        byte[] all;
        try {
            all = s.inputStream().readAllBytes();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(0, 0, 1 << 20));
        ByteBuffer in = ByteBuffer.wrap(all);
        FieldSection head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        FrameEvent e;
        while ((e = reader.next(in)) != null) {
            if (e instanceof FrameEvent.DataChunk d) {
                byte[] b = new byte[d.bytes().remaining()];
                d.bytes().get(b);
                body.write(b, 0, b.length);
            } else if (e instanceof FrameEvent.Complete(HeadersFrame h) && head == null) {
                head = decoder.decode(s.id(), h.fieldSection()).orElseThrow();
            }
        }
        reader.endOfStream();
        return new Response(head, body.toByteArray());
    }

    /**
     * Reads the stream until the server resets it and returns the reset's code.
     *
     * @param s a request stream
     * @return the application error code of the server's RESET_STREAM
     * @throws AssertionError if the stream ends without a reset
     */
    static long awaitReset(QuicStream s) {
        try {
            s.inputStream().readAllBytes();
        } catch (IOException | CompletionException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof QuicStreamException q && q.kind() == QuicStreamException.Kind.RESET_BY_PEER) {
                    return q.errorCode();
                }
            }
            throw new AssertionError("stream " + s.id() + " failed without a reset", e);
        }
        throw new AssertionError("stream " + s.id() + " ended without a reset");
    }

    /** @return the name of an HTTP/3 error code, for messages */
    static String name(long code) {
        for (Http3Error e : Http3Error.values()) {
            if (e.code() == code) {
                return e.name();
            }
        }
        return "0x" + Long.toHexString(code);
    }

    /** @return whether the connection has ended */
    boolean isClosed() {
        return connection.closeFuture().isDone();
    }

    @Override
    public void close() {
        held.clear();
        client.close();
    }
}
