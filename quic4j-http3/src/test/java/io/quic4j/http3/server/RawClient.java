package io.quic4j.http3.server;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameLimits;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3Frame;
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
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven HTTP/3 client over {@link QuicClient} for the server's tests: it can send well-formed requests
 * (QPACK static table and literals only, as it advertises no dynamic table) and also the broken streams a
 * conforming client never would.
 */
final class RawClient implements AutoCloseable {
    final QuicClient client;
    final QuicConnection connection;
    private final List<QuicStream> uniStreams = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A response: its final header section, body, trailers (or null) and the interim (1xx) sections before it. */
    record Response(FieldSection headers, byte[] body, FieldSection trailers, List<FieldSection> interim) {
        int status() {
            return Integer.parseInt(headers.get(":status"));
        }
    }

    RawClient(Path dir, InetSocketAddress server) {
        this.client = QuicClient.create(TestServers.quicConfig(), TestServers.clientTls(dir));
        this.connection = client.connect(server, "localhost").orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Opens a unidirectional stream and writes {@code bytes} on it (not finished). */
    QuicStream uni(ByteBuffer bytes) throws IOException {
        QuicStream s = connection.openUnidirectionalStream().join();
        uniStreams.add(s); // held: a dropped handle would be reset by the transport's leak check
        s.write(bytes).join();
        return s;
    }

    /** Our control stream: its type and an empty SETTINGS frame (RFC 9114 §6.2.1). */
    QuicStream control() throws IOException {
        return uni(
                concat(StreamType.CONTROL.streamHeader(), Http3FrameWriter.encode(new SettingsFrame(Settings.EMPTY))));
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        int n = 0;
        for (ByteBuffer p : parts) {
            n += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (ByteBuffer p : parts) {
            out.put(p);
        }
        return out.flip();
    }

    static FieldSection getHeaders(String path) {
        return FieldSection.of(FieldLine.of(":method", "GET"), FieldLine.of(":scheme", "https"),
                FieldLine.of(":authority", "localhost"), FieldLine.of(":path", path));
    }

    static ByteBuffer headersFrame(long streamId, FieldSection section) {
        return Http3FrameWriter.encode(new HeadersFrame(new QpackEncoder(0).encode(streamId, section)));
    }

    static ByteBuffer dataFrame(byte[] payload) {
        return concat(Http3FrameWriter.header(FrameType.DATA, payload.length), ByteBuffer.wrap(payload));
    }

    /** Sends a request (HEADERS, optional body, FIN) and reads the whole response; throws if the stream is reset. */
    Response request(FieldSection headers, byte[] body) throws IOException {
        QuicStream s = connection.openBidirectionalStream().join();
        try (s) {
            // Queued without waiting in between: a server may answer and stop reading with H3_NO_ERROR as soon as
            // it has what it needs (RFC 9114 §4.1.2), after which a later write would fail.
            CompletableFuture<Void> sent = s.write(headersFrame(s.id(), headers));
            if (body != null) {
                sent = s.write(dataFrame(body));
            }
            sent = s.finish();
            Response r = readResponse(s);
            try {
                sent.join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof QuicStreamException q
                        && q.errorCode() == Http3Error.H3_NO_ERROR.code())) {
                    throw e;
                }
            }
            return r;
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    Response get(String path) throws IOException {
        return request(getHeaders(path), null);
    }

    /** Reads a response to its end: HEADERS, DATA, optional trailers. */
    static Response readResponse(QuicStream s) throws IOException {
        byte[] all = s.inputStream().readAllBytes();
        Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(0, 0, 1 << 20));
        ByteBuffer in = ByteBuffer.wrap(all);
        List<FieldSection> sections = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        FrameEvent e;
        while ((e = reader.next(in)) != null) {
            if (e instanceof FrameEvent.DataChunk d) {
                byte[] b = new byte[d.bytes().remaining()];
                d.bytes().get(b);
                body.write(b, 0, b.length);
            } else if (e instanceof FrameEvent.Complete(HeadersFrame h)) {
                sections.add(decoder.decode(s.id(), h.fieldSection()).orElseThrow());
            }
        }
        reader.endOfStream();
        int informational = 0;
        while (sections.get(informational).get(":status").startsWith("1")) {
            informational++;
        }
        return new Response(sections.get(informational), body.toByteArray(),
                sections.size() > informational + 1 ? sections.get(informational + 1) : null,
                sections.subList(0, informational));
    }

    /** Reads the server's control stream until a frame of the given type, and returns it. */
    Http3Frame awaitControlFrame(Class<? extends Http3Frame> type) {
        while (true) {
            QuicStream s = connection.acceptStream().orTimeout(10, TimeUnit.SECONDS).join();
            ByteBuffer first = ByteBuffer.allocate(1);
            s.read(first).join();
            if (first.flip().get(0) != 0) {
                continue; // a QPACK stream
            }
            Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
            while (true) {
                ByteBuffer buf = ByteBuffer.allocate(1024);
                if (s.read(buf).orTimeout(10, TimeUnit.SECONDS).join() < 0) {
                    throw new IllegalStateException("control stream ended");
                }
                buf.flip();
                FrameEvent e;
                while ((e = reader.next(buf)) != null) {
                    if (e instanceof FrameEvent.Complete(Http3Frame f) && type.isInstance(f)) {
                        return f;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
