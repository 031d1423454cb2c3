package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.frame.FrameEvent;
import io.quic4j.http3.frame.FrameLimits;
import io.quic4j.http3.frame.HeadersFrame;
import io.quic4j.http3.frame.Http3FrameReader;
import io.quic4j.http3.frame.Settings;
import io.quic4j.http3.frame.StreamType;
import io.quic4j.http3.qpack.FieldSection;
import io.quic4j.http3.qpack.QpackDecoder;
import io.quic4j.http3.qpack.QpackDecoderConfig;
import io.quic4j.testkit.RetainedHeap;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's QPACK encoder stream starved (issue 8: "encoder state held forever by a peer"): a client offers a
 * dynamic table, grants every stream of the server only 4 KiB of credit and never reads the server's encoder stream,
 * so no insertion ever reaches it; and it acknowledges every section that references the table anyway (RFC 9204
 * §4.4.1), so the server's encoder believes its insertions arrived and keeps evicting and inserting. Every response
 * carries a distinct ~3 KB cache-control value, a name the encoder inserts. Without a bound each response would add
 * ~3 KB of encoder instructions waiting for credit that never comes; the server stops inserting once a table's worth
 * waits (RFC 9204 §2.1: inserting is the encoder's choice), answers with literals, and its heap stays where it was
 * while the abuser is still connected. Nothing here is a protocol violation, so the abuser is not cut off.
 *
 * <p>The other direction, the server's decoder stream starved: a client that makes the server acknowledge section
 * after section (RFC 9204 §4.4.1) and never reads those acknowledgments is closed with H3_EXCESSIVE_LOAD once they
 * back up past the server's send buffer.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QpackEncoderStreamAttackTest {
    private static final int CAPACITY = 4096;
    private static final int BLOCKED_STREAMS = 4;
    private static final int RESPONSES = 3000;
    /** Just under 3/4 of the table, the most the encoder inserts as one entry. */
    private static final String PADDING = "x".repeat(2900);

    @TempDir
    Path dir;

    private final Http3Handler handler = (request, response) -> {
        String n = request.path().substring(request.path().lastIndexOf('/') + 1);
        response.header("cache-control", "private, max-age=" + n + ", " + PADDING).send(200, "text/plain",
                "ok".getBytes(StandardCharsets.UTF_8));
    };

    private static String expectedCacheControl(int i) {
        return "private, max-age=" + i + ", " + PADDING;
    }

    @Test
    void starvedEncoderStreamWithFalseAcknowledgmentsStaysBounded() throws Exception {
        // The server's own send buffer per stream is small too, so what it holds for the encoder stream is what the
        // encoder adds, not the transport's buffer (bounded by QuicConfig.streamSendBuffer either way).
        QuicConfig server = AttackHarness.quicConfig().toBuilder().streamSendBuffer(16 * 1024).build();
        try (AttackHarness h = AttackHarness.start(dir, AttackHarness.config().quicConfig(server).build(), handler)) {
            long before = h.warmUpAndMeasure();
            // 4 KiB per stream: enough for each ~3 KB response, the server's SETTINGS and a little of its encoder
            // stream, which this client never accepts, so never credits again.
            Abuser a = h.abuser(AttackHarness.quicConfig().toBuilder().streamReceiveWindow(4 * 1024).build());
            int[] referencing = {0};
            h.underGoodTraffic(() -> {
                a.control(Settings.EMPTY.with(Settings.QPACK_MAX_TABLE_CAPACITY, CAPACITY)
                        .with(Settings.QPACK_BLOCKED_STREAMS, BLOCKED_STREAMS));
                QuicStream decoderStream = a.uni(StreamType.QPACK_DECODER.streamHeader());
                for (int i = 0; i < RESPONSES; i++) {
                    QuicStream s = a.bidi();
                    s.write(Abuser.headers(s.id(), Abuser.request("GET", "/distinct/" + i)));
                    s.finish();
                    ByteBuffer section = headerSection(s.inputStream().readAllBytes()); // FIN: complete, not stuck
                    s.close();
                    a.release(s);
                    if (section.get(section.position()) != 0) {
                        // Required Insert Count > 0 (RFC 9204 §4.5.1.1): it references an insertion this client
                        // cannot have received; it "acknowledges" it all the same.
                        referencing[0]++;
                        decoderStream.write(ByteBuffer.wrap(new QpackBytes().integer(0x80, 7, s.id())
                                .toByteArray())).join();
                    } else {
                        // Static table and literals only: decodable with nothing from the encoder stream.
                        FieldSection head = new QpackDecoder(new QpackDecoderConfig(CAPACITY, BLOCKED_STREAMS,
                                1 << 20)).decode(s.id(), section).orElseThrow();
                        assertThat(head.get(":status")).isEqualTo("200");
                        assertThat(head.get("cache-control")).isEqualTo(expectedCacheControl(i));
                    }
                }
            });
            long during = RetainedHeap.measure(); // the abuser still connected, its encoder stream still starved
            double growth = RetainedHeap.growth(before, during);
            System.out.printf("retained heap with the abuser connected: %s, growth %.1f%%%n",
                    RetainedHeap.describe(during), growth * 100);
            System.out.println("responses referencing the dynamic table: " + referencing[0] + " of " + RESPONSES);
            // Insertions stop once about a table's capacity waits beyond the 4 KiB credit and the 16 KiB buffer:
            // a handful of ~3 KB entries, not one per response.
            assertThat(referencing[0]).isLessThan(32);
            assertThat(a.isClosed()).isFalse();
            assertThat(growth).as("retained heap growth while the encoder stream is starved").isLessThan(0.10);
            h.assertHeapReturned(before);
        }
    }

    @Test
    void starvedDecoderStreamIsExcessiveLoad() throws Exception {
        QuicConfig server = AttackHarness.quicConfig().toBuilder().streamSendBuffer(1024).build();
        try (AttackHarness h = AttackHarness.start(dir, AttackHarness.config().quicConfig(server).build(), handler)) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser(AttackHarness.quicConfig().toBuilder().streamReceiveWindow(4 * 1024)
                        .build())) {
                    a.control();
                    // One entry in the server's decoder table, then requests that each reference it: the server
                    // owes a Section Acknowledgment for every one, on a decoder stream this client never reads.
                    a.uni(Abuser.concat(StreamType.QPACK_ENCODER.streamHeader(), ByteBuffer.wrap(new QpackBytes()
                            .setCapacity(CAPACITY).insert("x-abuse", "1").toByteArray())));
                    byte[] section = new QpackBytes().prefix(1, CAPACITY).indexedStatic(17).indexedStatic(23)
                            .indexedStatic(1).literal(":authority", "localhost").indexedDynamic(0).toByteArray();
                    int sent = 0;
                    QuicStream[] batch = new QuicStream[8];
                    while (sent < 20_000 && !a.isClosed()) {
                        int opened = 0;
                        try {
                            for (; opened < batch.length; opened++) {
                                QuicStream s = a.bidi();
                                batch[opened] = s;
                                s.write(Abuser.headersFrame(section));
                                s.finish();
                            }
                        } catch (CompletionException e) {
                            // the connection closed while opening
                        }
                        for (int k = 0; k < opened; k++) {
                            try {
                                batch[k].inputStream().readAllBytes();
                            } catch (IOException | CompletionException e) {
                                // the connection closed under this request
                            }
                            batch[k].close();
                            a.release(batch[k]);
                        }
                        sent += opened;
                    }
                    System.out.println("requests sent before the close: " + sent);
                    AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
                }
            });
            h.assertHeapReturned(before);
        }
    }

    /** @return the encoded field section of the response's HEADERS frame */
    private static ByteBuffer headerSection(byte[] response) {
        Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
        ByteBuffer in = ByteBuffer.wrap(response);
        FrameEvent e;
        while ((e = reader.next(in)) != null) {
            if (e instanceof FrameEvent.Complete(HeadersFrame h)) {
                return h.fieldSection();
            }
        }
        throw new AssertionError("a response without HEADERS: " + response.length + " bytes");
    }
}
