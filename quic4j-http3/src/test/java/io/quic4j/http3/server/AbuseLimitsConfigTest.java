package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each configurable bound of {@link Http3AbuseLimits} on unknown frames and streams and on trickled bodies takes
 * effect at its configured value, not the default: with the defaults, every one of these clients would be served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AbuseLimitsConfigTest {
    @TempDir
    Path dir;
    private Http3Server server;
    private RawClient client;

    private void start(Http3AbuseLimits limits) throws Exception {
        server = TestServers.start(dir, Http3ServerConfig.builder().quicConfig(TestServers.quicConfig())
                .abuseLimits(limits).build(), (request, response) -> {
                    byte[] body = request.body().readAllBytes();
                    response.send(200, "text/plain", ("got " + body.length).getBytes(StandardCharsets.UTF_8));
                });
        client = new RawClient(dir, server.localAddress());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A frame of a reserved type (RFC 9114 §7.2.8: 0x1f * N + 0x21) with a 1-byte payload. */
    private static ByteBuffer reservedFrame(long n) {
        return RawClient.concat(Http3FrameWriter.header(0x1fL * n + 0x21, 1), ByteBuffer.allocate(1));
    }

    private void assertClosedWith(Http3Error error) throws Exception {
        QuicCloseReason r = client.connection.closeFuture().get(20, TimeUnit.SECONDS);
        assertThat(r.initiator()).as(r::toString).isEqualTo(QuicCloseReason.Initiator.PEER);
        assertThat(r.errorCode()).as(r::toString).isEqualTo(error.code());
    }

    @Test
    void maxIgnoredFramesPerRequestIsTheConfiguredValue() throws Exception {
        start(Http3AbuseLimits.builder().maxIgnoredFramesPerRequest(4).build());
        client.control();
        QuicStream ok = client.connection.openBidirectionalStream().join();
        for (int i = 0; i < 4; i++) {
            ok.write(reservedFrame(i));
        }
        ok.write(RawClient.headersFrame(ok.id(), RawClient.getHeaders("/four")));
        ok.finish();
        assertThat(RawClient.readResponse(ok).status()).isEqualTo(200);
        ok.close();

        QuicStream over = client.connection.openBidirectionalStream().join();
        for (int i = 0; i < 5; i++) {
            over.write(reservedFrame(i));
        }

        assertClosedWith(Http3Error.H3_EXCESSIVE_LOAD);
        over.close();
    }

    @Test
    void maxIgnoredControlFramesIsTheConfiguredValue() throws Exception {
        start(Http3AbuseLimits.builder().maxIgnoredControlFrames(8).build());
        QuicStream control = client.control();
        for (int i = 0; i < 8; i++) {
            control.write(reservedFrame(i));
        }
        // 8 were ignored; the request also raises the allowance by IGNORED_CONTROL_FRAMES_PER_REQUEST (4) to 12.
        assertThat(client.get("/eight").status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            control.write(reservedFrame(i));
        }

        assertClosedWith(Http3Error.H3_EXCESSIVE_LOAD);
    }

    @Test
    void maxIgnoredUniStreamsIsTheConfiguredValue() throws Exception {
        start(Http3AbuseLimits.builder().maxIgnoredUniStreams(2).build());
        client.control();
        QuicStream first = client.uni(ByteBuffer.wrap(new byte[]{0x21}));
        QuicStream second = client.uni(ByteBuffer.wrap(new byte[]{0x21}));
        // Each is stopped (RFC 9114 §6.2) and the connection keeps serving.
        assertThat(first.peerAbort().get(20, TimeUnit.SECONDS).kind())
                .isEqualTo(QuicStreamException.Kind.STOPPED_BY_PEER);
        assertThat(second.peerAbort().get(20, TimeUnit.SECONDS).kind())
                .isEqualTo(QuicStreamException.Kind.STOPPED_BY_PEER);
        assertThat(client.get("/two").status()).isEqualTo(200);

        client.uni(ByteBuffer.wrap(new byte[]{0x21}));

        assertClosedWith(Http3Error.H3_EXCESSIVE_LOAD);
    }

    @Test
    void minBodyBytesPerPeriodIsTheConfiguredValue() throws Exception {
        // 8 KiB every 100 ms is far above the default floor of 1 KiB per period, far below the configured 1 MiB.
        start(Http3AbuseLimits.builder().bodyIdleTimeout(Duration.ofSeconds(1)).minBodyBytesPerPeriod(1 << 20)
                .build());
        client.control();
        QuicStream s = client.connection.openBidirectionalStream().join();
        s.write(RawClient.headersFrame(s.id(), RawClient.getHeaders("/upload"))).join();
        byte[] chunk = new byte[8 * 1024];
        for (int i = 0; i < 600 && !s.peerAbort().isDone(); i++) {
            try {
                s.write(RawClient.concat(Http3FrameWriter.header(FrameType.DATA, chunk.length), ByteBuffer.wrap(
                        chunk))).join();
            } catch (CompletionException e) {
                break;
            }
            Thread.sleep(100);
        }

        QuicStreamException abort = s.peerAbort().get(20, TimeUnit.SECONDS);
        assertThat(abort.errorCode()).as(abort::toString).isEqualTo(Http3Error.H3_REQUEST_CANCELLED.code());
        s.close();
    }
}
