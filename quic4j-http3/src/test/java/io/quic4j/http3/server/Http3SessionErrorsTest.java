package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's rules for the client's unidirectional streams (RFC 9114 §6.2, RFC 9204 §4.2) and the request
 * stream rules (§4.1), driven by a client that breaks them on purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http3SessionErrorsTest {
    @TempDir
    Path dir;
    private Http3Server server;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, (request, response) -> {
            if (request.path().equals("/fail")) {
                throw new IllegalStateException("handler bug");
            }
            byte[] body = request.body().readAllBytes();
            response.trailers(request.trailers());
            response.send(200, "text/plain", body.length == 0
                    ? ("hello " + request.path()).getBytes(StandardCharsets.UTF_8)
                    : body);
        });
        client = new RawClient(dir, server.localAddress());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private QuicCloseReason closeReason() throws Exception {
        return client.connection.closeFuture().get(10, TimeUnit.SECONDS);
    }

    private void assertClosedWith(Http3Error error) throws Exception {
        QuicCloseReason r = closeReason();
        assertThat(r.initiator()).as(r::toString).isEqualTo(QuicCloseReason.Initiator.PEER);
        assertThat(r.application()).as(r::toString).isTrue();
        assertThat(r.errorCode()).as(r::toString).isEqualTo(error.code());
    }

    @Test
    void servesAGet() throws Exception {
        client.control();

        RawClient.Response r = client.get("/x");

        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello /x");
        assertThat(r.headers().get("content-length")).isEqualTo("8");
    }

    @Test
    void secondControlStreamIsStreamCreationError() throws Exception {
        // RFC 9114 §6.2.1: a second control stream is H3_STREAM_CREATION_ERROR.
        client.control();
        client.control();

        assertClosedWith(Http3Error.H3_STREAM_CREATION_ERROR);
    }

    @Test
    void controlStreamWithoutSettingsFirstIsMissingSettings() throws Exception {
        // RFC 9114 §6.2.1: the first frame must be SETTINGS.
        client.uni(RawClient.concat(StreamType.CONTROL.streamHeader(),
                Http3FrameWriter.encode(new io.quic4j.http3.frame.GoAwayFrame(0))));

        assertClosedWith(Http3Error.H3_MISSING_SETTINGS);
    }

    @Test
    void dataOnTheControlStreamIsFrameUnexpected() throws Exception {
        // RFC 9114 §7.2.1: DATA on a control stream is H3_FRAME_UNEXPECTED.
        QuicStream control = client.control();
        control.write(RawClient.dataFrame(new byte[3])).join();

        assertClosedWith(Http3Error.H3_FRAME_UNEXPECTED);
    }

    @Test
    void closingTheControlStreamIsClosedCriticalStream() throws Exception {
        // RFC 9114 §6.2.1: closing a control stream is H3_CLOSED_CRITICAL_STREAM.
        QuicStream control = client.control();
        control.finish().join();

        assertClosedWith(Http3Error.H3_CLOSED_CRITICAL_STREAM);
    }

    @Test
    void closingTheQpackEncoderStreamIsClosedCriticalStream() throws Exception {
        // RFC 9204 §4.2: closing either QPACK stream is H3_CLOSED_CRITICAL_STREAM.
        client.control();
        QuicStream encoder = client.uni(StreamType.QPACK_ENCODER.streamHeader());
        encoder.finish().join();

        assertClosedWith(Http3Error.H3_CLOSED_CRITICAL_STREAM);
    }

    @Test
    void secondQpackDecoderStreamIsStreamCreationError() throws Exception {
        // RFC 9204 §4.2: a second stream of either QPACK type is H3_STREAM_CREATION_ERROR.
        client.control();
        client.uni(StreamType.QPACK_DECODER.streamHeader());
        client.uni(StreamType.QPACK_DECODER.streamHeader());

        assertClosedWith(Http3Error.H3_STREAM_CREATION_ERROR);
    }

    @Test
    void pushStreamFromAClientIsStreamCreationError() throws Exception {
        // RFC 9114 §6.2.2: a client-initiated push stream is H3_STREAM_CREATION_ERROR.
        client.control();
        client.uni(StreamType.pushStreamHeader(0));

        assertClosedWith(Http3Error.H3_STREAM_CREATION_ERROR);
    }

    @Test
    void reservedStreamTypeIsIgnored() throws Exception {
        // RFC 9114 §6.2.3: reserved stream types are ignored, never a connection error.
        client.control();
        ByteBuffer reserved = ByteBuffer.allocate(8);
        io.quic4j.http3.frame.Http3VarInt.write(reserved, 0x21);
        reserved.put(new byte[]{1, 2, 3}).flip();
        client.uni(reserved);

        assertThat(client.get("/after").status()).isEqualTo(200);
        assertThat(client.connection.isOpen()).isTrue();
    }

    @Test
    void malformedRequestIsResetWithMessageError() throws Exception {
        // RFC 9114 §4.1.2: a malformed request is a stream error H3_MESSAGE_ERROR; the connection goes on.
        client.control();
        var bad = new io.quic4j.http3.qpack.FieldSection(java.util.List.of(
                new io.quic4j.http3.qpack.FieldLine(":method", "GET", false),
                new io.quic4j.http3.qpack.FieldLine(":scheme", "https", false),
                new io.quic4j.http3.qpack.FieldLine(":authority", "localhost", false),
                new io.quic4j.http3.qpack.FieldLine(":path", "/", false),
                new io.quic4j.http3.qpack.FieldLine("Upper", "x", false)));

        assertThatThrownBy(() -> client.request(bad, null)).isInstanceOfSatisfying(QuicStreamException.class, e -> {
            // The server resets and stops the stream; the client notices whichever reaches its next operation.
            assertThat(e.kind()).isIn(QuicStreamException.Kind.RESET_BY_PEER, QuicStreamException.Kind.STOPPED_BY_PEER);
            assertThat(e.errorCode()).isEqualTo(Http3Error.H3_MESSAGE_ERROR.code());
        });
        assertThat(client.get("/still-open").status()).isEqualTo(200);
    }

    @Test
    void dataBeforeHeadersIsFrameUnexpected() throws Exception {
        // RFC 9114 §4.1: DATA before HEADERS on a request stream is a connection error H3_FRAME_UNEXPECTED.
        client.control();
        QuicStream s = client.connection.openBidirectionalStream().join();
        s.write(RawClient.dataFrame(new byte[4])).join();

        assertClosedWith(Http3Error.H3_FRAME_UNEXPECTED);
    }

    @Test
    void contentLengthThatDiffersFromTheBodyIsMessageError() throws Exception {
        // RFC 9114 §4.1.2: content-length not equal to the DATA received is malformed.
        client.control();
        var headers = new io.quic4j.http3.qpack.FieldSection(java.util.List.of(
                io.quic4j.http3.qpack.FieldLine.of(":method", "POST"),
                io.quic4j.http3.qpack.FieldLine.of(":scheme", "https"),
                io.quic4j.http3.qpack.FieldLine.of(":authority", "localhost"),
                io.quic4j.http3.qpack.FieldLine.of(":path", "/echo"),
                io.quic4j.http3.qpack.FieldLine.of("content-length", "10")));

        assertThatThrownBy(() -> client.request(headers, new byte[3])).isInstanceOfSatisfying(QuicStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(Http3Error.H3_MESSAGE_ERROR.code()));
    }

    @Test
    void handlerExceptionBeforeRespondingIsA500() throws Exception {
        client.control();

        assertThat(client.get("/fail").status()).isEqualTo(500);
    }

    @Test
    void requestBodyAndTrailersReachTheHandler() throws Exception {
        client.control();
        byte[] body = new byte[300_000];
        new java.util.Random(5).nextBytes(body);
        QuicStream s = client.connection.openBidirectionalStream().join();
        var headers = new io.quic4j.http3.qpack.FieldSection(java.util.List.of(
                io.quic4j.http3.qpack.FieldLine.of(":method", "POST"),
                io.quic4j.http3.qpack.FieldLine.of(":scheme", "https"),
                io.quic4j.http3.qpack.FieldLine.of(":authority", "localhost"),
                io.quic4j.http3.qpack.FieldLine.of(":path", "/echo")));
        var trailers = io.quic4j.http3.qpack.FieldSection.of(io.quic4j.http3.qpack.FieldLine.of("x-sum", "42"));
        RawClient.Response r;
        try (s) {
            s.write(RawClient.headersFrame(s.id(), headers)).join();
            s.write(RawClient.dataFrame(body)).join();
            s.write(RawClient.headersFrame(s.id(), trailers)).join();
            s.finish().join();
            r = RawClient.readResponse(s);
        }

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.trailers().get("x-sum")).isEqualTo("42");
    }

    @Test
    void unknownFrameOnARequestStreamIsIgnored() throws Exception {
        // RFC 9114 §9: unknown frame types are ignored.
        client.control();
        QuicStream s = client.connection.openBidirectionalStream().join();
        RawClient.Response r;
        try (s) {
            s.write(Http3FrameWriter.greaseFrame(new java.util.Random(1), 10)).join();
            s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/g"))).join();
            s.write(RawClient.concat(Http3FrameWriter.header(0x21 + 0x1f, 0))).join();
            s.finish().join();
            r = RawClient.readResponse(s);
        }

        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello /g");
    }
    @Test
    void headersWaitingForTheEncoderStreamAreDecodedWhenItArrives() throws Exception {
        // RFC 9204 §2.2.1: a section referencing entries not yet received is blocked, then decoded once they arrive.
        client.control();
        io.quic4j.http3.qpack.QpackEncoder encoder = new io.quic4j.http3.qpack.QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 100); // what the server advertises
        QuicStream s = client.connection.openBidirectionalStream().join();
        ByteBuffer payload = encoder.encode(s.id(), RawClient.getHeaders("/dynamic"));
        ByteBuffer instructions = encoder.pollEncoderStream();
        assertThat(encoder.insertCount()).as("the section references the dynamic table").isPositive();
        RawClient.Response r;
        try (s) {
            s.write(Http3FrameWriter.encode(new io.quic4j.http3.frame.HeadersFrame(payload))).join();
            s.finish().join();
            client.uni(RawClient.concat(StreamType.QPACK_ENCODER.streamHeader(), instructions));
            r = RawClient.readResponse(s);
        }

        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello /dynamic");
    }
}
