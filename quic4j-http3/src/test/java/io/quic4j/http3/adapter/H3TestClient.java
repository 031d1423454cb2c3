package io.quic4j.http3.adapter;

import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameLimits;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.SettingsFrame;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackDecoder;
import io.quic4j.http3.qpack.QpackDecoderConfig;
import io.quic4j.http3.qpack.QpackEncoder;
import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/3 client for the adapter's tests (the server package's {@code RawClient} is package-private there):
 * a control stream with empty SETTINGS, requests encoded with the QPACK static table and literals only, responses
 * read to their end.
 */
final class H3TestClient implements AutoCloseable {
    private final QuicClient client;
    private final QuicConnection connection;
    private final QuicStream control; // held: a dropped handle would be reset by the leak check

    /** A response: its header section and body. */
    record Response(FieldSection headers, byte[] body) {
        int status() {
            return Integer.parseInt(headers.get(":status"));
        }
    }

    static QuicConfig quicConfig() {
        return QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(20)).build();
    }

    H3TestClient(Path certificatePem, InetSocketAddress server) throws IOException {
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3").trustCertificates(certificatePem)
                .keyLogFile(null).build();
        this.client = QuicClient.create(quicConfig(), tls);
        this.connection = client.connect(server, "localhost").orTimeout(20, TimeUnit.SECONDS).join();
        // RFC 9114 §6.2.1: each side opens a control stream whose first frame is SETTINGS.
        this.control = connection.openUnidirectionalStream().join();
        control.write(concat(StreamType.CONTROL.streamHeader(),
                Http3FrameWriter.encode(new SettingsFrame(Settings.EMPTY)))).join();
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
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

    /** Sends HEADERS, an optional body in one DATA frame and FIN; reads the whole response or throws on a reset. */
    Response request(FieldSection headers, byte[] body) throws IOException {
        QuicStream s = connection.openBidirectionalStream().join();
        try (s) {
            ByteBuffer head = Http3FrameWriter.encode(new HeadersFrame(new QpackEncoder(0).encode(s.id(), headers)));
            // One write, taken before the server's STOP_SENDING can arrive. A server that answered without reading
            // the body (RFC 9114 §4.1.1 lets it) stops the stream: then FIN is refused, which is no failure here.
            s.write(body == null
                    ? head
                    : concat(head, Http3FrameWriter.header(FrameType.DATA, body.length), ByteBuffer.wrap(body)))
                    .join();
            s.finish().exceptionally(stopped -> null).join();
            return readResponse(s);
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static Response readResponse(QuicStream s) throws IOException {
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
        return new Response(sections.get(0), body.toByteArray());
    }

    @Override
    public void close() {
        client.close();
    }
}
