package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * QPACK abuse (RFC 9204 §7.3, RFC 9114 §10.5): decompression bombs in headers and in trailers, endless integers,
 * literals longer than the table, a peer that never acknowledges our encoder, and a flood of unidirectional streams
 * of unknown types. Each attack runs beside a well-behaved client and ends with the heap back where it was.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QpackAttackTest {
    /** The server's SETTINGS_QPACK_MAX_TABLE_CAPACITY (the default) and SETTINGS_MAX_FIELD_SECTION_SIZE. */
    private static final long CAPACITY = 4096;
    private static final int BOMB_REFERENCES = 64;

    @TempDir
    Path dir;

    private final Http3Handler echo = (request, response) -> {
        byte[] body = request.body().readAllBytes();
        String type = request.path().startsWith("/varied/") ? "text/x-" + request.path().substring(8) : "text/plain";
        response.send(200, type, body.length == 0 ? "x".getBytes(StandardCharsets.UTF_8) : body);
    };

    private AttackHarness start() throws Exception {
        return AttackHarness.start(dir, AttackHarness.config().build(), echo);
    }

    /** Inserts one entry of nearly the whole table (4,033 bytes) on a fresh encoder stream. */
    private static void insertBigEntry(Abuser a) {
        a.uni(Abuser.concat(StreamType.QPACK_ENCODER.streamHeader(), ByteBuffer.wrap(new QpackBytes()
                .setCapacity(CAPACITY).insert("x", "b".repeat(4000)).toByteArray())));
    }

    /** A field section that references the big entry {@link #BOMB_REFERENCES} times: 64 B that decode to 258 KB. */
    private static byte[] bomb(boolean withRequestHead) {
        QpackBytes b = new QpackBytes().prefix(1, CAPACITY);
        if (withRequestHead) {
            b.indexedStatic(17).indexedStatic(23).indexedStatic(1).literal(":authority", "localhost");
        }
        for (int i = 0; i < BOMB_REFERENCES; i++) {
            b.indexedDynamic(0);
        }
        return b.toByteArray();
    }

    @Test
    void qpackBombInHeadersIsDecompressionFailed() throws Exception {
        try (AttackHarness h = start()) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    insertBigEntry(a);
                    QuicStream s = a.bidi();
                    // RFC 9114 §4.2.2 / RFC 9204 §7.3: the decoded size counts against SETTINGS_MAX_FIELD_SECTION_SIZE
                    // line by line before anything is copied, so the 258 KB section is never built.
                    s.write(Abuser.headersFrame(bomb(true)));
                    s.finish();
                    AttackHarness.assertClosedWith(a, Http3Error.QPACK_DECOMPRESSION_FAILED);
                }
            });
            h.assertHeapReturned(before);
        }
    }

    @Test
    void qpackBombInTrailersIsDecompressionFailed() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                insertBigEntry(a);
                QuicStream s = a.bidi();
                s.write(Abuser.headers(s.id(), Abuser.request("POST", "/echo")));
                s.write(Abuser.data("body".getBytes(StandardCharsets.UTF_8)));
                s.write(Abuser.headersFrame(bomb(false)));
                s.finish();
                AttackHarness.assertClosedWith(a, Http3Error.QPACK_DECOMPRESSION_FAILED);
            });
        }
    }

    @Test
    void endlessIntegerOnTheEncoderStreamIsEncoderStreamError() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // Set Dynamic Table Capacity with every prefix bit set and continuation bytes without end: RFC
                // 9204 §4.1.1 bounds integers to 62 bits, so the decoder stops after ten bytes.
                QuicStream enc = a.uni(Abuser.concat(StreamType.QPACK_ENCODER.streamHeader(),
                        ByteBuffer.wrap(new byte[]{0x3f})));
                for (int i = 0; i < 1000 && !a.isClosed(); i++) {
                    try {
                        enc.write(ByteBuffer.wrap(new byte[]{(byte) 0xff, (byte) 0xff})).join();
                    } catch (CompletionException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.QPACK_ENCODER_STREAM_ERROR);
            });
        }
    }

    @Test
    void endlessIntegerInAFieldSectionIsDecompressionFailed() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                byte[] endless = new byte[64];
                java.util.Arrays.fill(endless, (byte) 0xff); // a Required Insert Count that never ends
                QuicStream s = a.bidi();
                s.write(Abuser.headersFrame(endless));
                s.finish();
                AttackHarness.assertClosedWith(a, Http3Error.QPACK_DECOMPRESSION_FAILED);
            });
        }
    }

    @Test
    void literalLongerThanTheTableIsRefusedBeforeItsBytesArrive() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // Insert with Literal Name announcing a 1 MB name, then trickled: RFC 9204 §3.2.2 ("the size of
                // the entry ... exceeds the capacity" is QPACK_ENCODER_STREAM_ERROR) is checked on the length
                // alone, so the server buffers none of it.
                byte[] head = new QpackBytes().setCapacity(CAPACITY).integer(0x40, 5, 1 << 20).toByteArray();
                QuicStream enc = a.uni(Abuser.concat(StreamType.QPACK_ENCODER.streamHeader(),
                        ByteBuffer.wrap(head)));
                for (int i = 0; i < 1000 && !a.isClosed(); i++) {
                    try {
                        enc.write(ByteBuffer.wrap(new byte[]{'a'})).join();
                    } catch (CompletionException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.QPACK_ENCODER_STREAM_ERROR);
            });
        }
    }

    @Test
    void peerThatNeverAcknowledgesStillGetsEveryResponse() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                // It offers a dynamic table and 100 blocked streams, then never opens its decoder stream: no
                // Section Acknowledgment or Insert Count Increment ever comes (RFC 9204 §4.4). Our encoder may
                // risk blocking at most SETTINGS_QPACK_BLOCKED_STREAMS streams (§2.1.2), must not evict what
                // is unacknowledged (§2.1.1), and keeps at most 1,024 unacknowledged sections: after that it
                // answers with the static table and literals, so every response still completes.
                a.control(Settings.EMPTY.with(Settings.QPACK_MAX_TABLE_CAPACITY, CAPACITY)
                        .with(Settings.QPACK_BLOCKED_STREAMS, 100));
                int answered = 0;
                for (int i = 0; i < 1500; i++) {
                    QuicStream s = a.bidi();
                    s.write(Abuser.headers(s.id(), Abuser.request("GET", "/varied/" + i)));
                    s.finish();
                    byte[] raw = s.inputStream().readAllBytes(); // ends with FIN: not reset, not stuck
                    assertThat(raw.length).isPositive();
                    s.close();
                    a.release(s);
                    answered++;
                }
                assertThat(answered).isEqualTo(1500);
                assertThat(a.isClosed()).isFalse();
            });
        }
    }

    @Test
    void floodOfUnknownUnidirectionalStreamsIsExcessiveLoad() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // RFC 9114 §6.2: each stream of an unknown (here reserved, 0x1f * N + 0x21) type is aborted with
                // H3_STREAM_CREATION_ERROR; §10.5: a flood of them is H3_EXCESSIVE_LOAD.
                QuicStream first = a.uni(ByteBuffer.wrap(new byte[]{0x21, 1, 2, 3}));
                // the STOP_SENDING arrives whenever it does; writes would only fill the send buffer meanwhile
                QuicStreamException stop = first.peerAbort().get(20, TimeUnit.SECONDS);
                assertThat(stop.kind()).isEqualTo(QuicStreamException.Kind.STOPPED_BY_PEER);
                assertThat(Abuser.name(stop.errorCode())).isEqualTo("H3_STREAM_CREATION_ERROR");
                int opened = 1;
                for (; opened < 10_000 && !a.isClosed(); opened++) {
                    try {
                        a.uni(ByteBuffer.wrap(new byte[]{0x21}));
                    } catch (CompletionException | IllegalStateException e) {
                        break;
                    }
                }
                System.out.println("unknown unidirectional streams opened: " + opened);
                AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
                assertThat(opened).isGreaterThan(Http3AbuseLimits.DEFAULTS.maxIgnoredUniStreams());
            });
        }
    }
}
