package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.frame.FrameType;
import io.quic4j.http3.frame.Http3FrameWriter;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.transport.QuicStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/3 frame abuse (RFC 9114 §7, §10.5): reserved frame types, which must be ignored but not without limit;
 * frames longer than anything we buffer; frames cut off by the end of their stream; and DATA whose length disagrees
 * with content-length. Each attack runs beside a well-behaved client and ends with the heap back where it was.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameAttackTest {
    private static final int MAX_RESETS = 50;

    @TempDir
    Path dir;

    private final Http3Handler echo = (request, response) -> {
        byte[] body = request.body().readAllBytes();
        response.send(200, "text/plain", body.length == 0 ? "ok".getBytes(StandardCharsets.UTF_8) : body);
    };

    private AttackHarness start() throws Exception {
        return AttackHarness.start(dir, AttackHarness.config()
                .abuseLimits(Http3AbuseLimits.DEFAULTS.withResetBound(MAX_RESETS, Duration.ofMinutes(5))).build(),
                echo);
    }

    @Test
    void reservedFramesOnARequestStreamAreIgnoredThenBounded() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // RFC 9114 §7.2.8/§9: a few reserved frames around a request are ignored...
                QuicStream ok = a.bidi();
                for (int i = 0; i < 10; i++) {
                    ok.write(Abuser.reservedFrame(i, 8));
                }
                ok.write(Abuser.headers(ok.id(), Abuser.request("GET", "/ok")));
                ok.write(Abuser.reservedFrame(99, 8));
                ok.finish();
                assertThat(Abuser.readResponse(ok).status()).isEqualTo(200);
                ok.close();
                a.release(ok);
                // ...but §10.5: a stream of nothing else is suspicious activity, H3_EXCESSIVE_LOAD.
                QuicStream s = a.bidi();
                for (int i = 0; i < 10_000 && !a.isClosed(); i++) {
                    try {
                        s.write(Abuser.reservedFrame(i, 1)).join();
                    } catch (CompletionException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
            });
        }
    }

    @Test
    void reservedFramesOnTheControlStreamAreBounded() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                QuicStream control = a.control();
                for (int i = 0; i < 100_000 && !a.isClosed(); i++) {
                    try {
                        control.write(Abuser.reservedFrame(i, 1)).join();
                    } catch (CompletionException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
            });
        }
    }

    @Test
    void oversizedHeadersFrameIsExcessiveLoad() throws Exception {
        try (AttackHarness h = start()) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    // RFC 9114 §10.5.1 / §4.2.2: a HEADERS frame longer than SETTINGS_MAX_FIELD_SECTION_SIZE is
                    // refused on its length alone, before any of its payload is buffered.
                    QuicStream s = a.bidi();
                    s.write(Http3FrameWriter.header(FrameType.HEADERS, 64L << 20));
                    s.write(ByteBuffer.allocate(4096));
                    AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
                }
            });
            h.assertHeapReturned(before);
        }
    }

    @Test
    void oversizedGoAwayIsFrameError() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                QuicStream control = a.control();
                // RFC 9114 §7.1: a frame whose payload is longer than its fields is H3_FRAME_ERROR.
                control.write(Abuser.concat(Http3FrameWriter.header(FrameType.GOAWAY, 100),
                        ByteBuffer.allocate(100)));
                AttackHarness.assertClosedWith(a, Http3Error.H3_FRAME_ERROR);
            });
        }
    }

    @Test
    void frameCutOffByTheEndOfItsStreamIsFrameError() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // RFC 9114 §7.1: "When a stream terminates cleanly, if the last frame on the stream was
                // truncated, this MUST be treated as a connection error of type H3_FRAME_ERROR."
                QuicStream s = a.bidi();
                s.write(Abuser.concat(Http3FrameWriter.header(FrameType.HEADERS, 100), ByteBuffer.allocate(10)));
                s.finish();
                AttackHarness.assertClosedWith(a, Http3Error.H3_FRAME_ERROR);
            });
        }
    }

    @Test
    void dataThatDisagreesWithContentLengthIsMessageErrorAndRepeatedIsExcessiveLoad() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // RFC 9114 §4.1.2: a content-length that differs from the DATA received makes the request
                // malformed: a stream error of type H3_MESSAGE_ERROR.
                QuicStream first = mismatched(a);
                assertThat(Abuser.name(Abuser.awaitReset(first))).isEqualTo("H3_MESSAGE_ERROR");
                assertThat(a.isClosed()).isFalse();
                // Provoked resets count against the connection's budget ("made you reset").
                for (int i = 0; i < 10 * MAX_RESETS && !a.isClosed(); i++) {
                    try {
                        QuicStream s = mismatched(a);
                        s.close();
                        a.release(s);
                    } catch (CompletionException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
            });
        }
    }

    private static QuicStream mismatched(Abuser a) {
        QuicStream s = a.bidi();
        s.write(Abuser.headers(s.id(), Abuser.request("POST", "/echo", FieldLine.of("content-length", "10"))));
        s.write(Abuser.data("12345".getBytes(StandardCharsets.UTF_8)));
        s.finish();
        return s;
    }
}
