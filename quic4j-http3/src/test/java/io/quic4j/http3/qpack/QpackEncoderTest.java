package io.quic4j.http3.qpack;

import static io.quic4j.http3.qpack.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The encoder: RFC 9204 §2.1 (limits, blocking, known received count), §4.4 decoder instructions, §4.5 output. */
class QpackEncoderTest {
    private static final FieldSection REQUEST = FieldSection.of(FieldLine.of(":method", "GET"), FieldLine.of(
            ":authority", "www.example.com"), FieldLine.of(":path", "/index.html"),
            FieldLine.of("user-agent",
                    "quic4j"));

    private static void assertDecoderStreamFails(QpackEncoder encoder, String instructions) {
        assertThatThrownBy(() -> encoder.onDecoderStream(hex(instructions))).isInstanceOfSatisfying(
                Http3Exception.class, e -> assertThat(e.error()).isEqualTo(Http3Error.QPACK_DECODER_STREAM_ERROR));
    }

    @Test
    void usesOnlyStaticTableAndLiteralsBeforeThePeerSettings() {
        // RFC 9204 §3.2.3: the maximum capacity is 0 until SETTINGS arrive; no encoder instructions at all.
        QpackEncoder encoder = new QpackEncoder(4096);
        ByteBuffer section = encoder.encode(0, REQUEST);
        assertThat(encoder.pollEncoderStream().hasRemaining()).isFalse();
        assertThat(hex(section)).startsWith("0000d1"); // RIC 0, Base 0, static 17 (:method GET)
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(0, 0, 1000));
        assertThat(decoder.decode(0, section)).contains(REQUEST);
    }

    @Test
    void setsTheCapacityToTheSmallerOfBothLimits() {
        QpackEncoder encoder = new QpackEncoder(220);
        encoder.applyPeerSettings(4096, 0);
        assertThat(encoder.tableCapacity()).isEqualTo(220);
        assertThat(hex(encoder.pollEncoderStream())).isEqualTo("3fbd01"); // as in RFC 9204 B.2
        assertThatThrownBy(() -> encoder.applyPeerSettings(4096, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendsNoInstructionWhenThePeerAllowsNoTable() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(0, 100);
        encoder.encode(0, REQUEST);
        assertThat(encoder.pollEncoderStream().hasRemaining()).isFalse();
    }

    @Test
    void indexesRepeatingFieldsAndReferencesThemOnceAcknowledged() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 0);
        encoder.pollEncoderStream();
        // No blocked streams allowed: the first section inserts but cannot reference the new entries.
        ByteBuffer first = encoder.encode(0, REQUEST);
        assertThat(hex(first)).startsWith("0000");
        assertThat(encoder.insertCount()).isEqualTo(2); // :authority and user-agent
        assertThat(encoder.blockingStreams()).isZero();
        encoder.onDecoderStream(hex("02")); // Insert Count Increment (2)
        assertThat(encoder.knownReceivedCount()).isEqualTo(2);
        ByteBuffer second = encoder.encode(4, REQUEST);
        assertThat(second.remaining()).isLessThan(first.remaining());

        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(4096, 0, 1000));
        decoder.onEncoderStream(hex("3fe11f"));
        assertThat(decoder.decode(0, first)).contains(REQUEST);
    }

    @Test
    void neverIndexesSensitiveFields() {
        // RFC 9204 §7.1.3: sensitive lines are literals with the N bit, even when repeated.
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 100);
        FieldSection section = FieldSection.of(FieldLine.sensitive("authorization", "secret"), FieldLine.sensitive(
                "x-token", "t"));
        for (int i = 0; i < 3; i++) {
            ByteBuffer encoded = encoder.encode(4L * i, section);
            // static name 84 with N=1: 0111 1111 then 84 - 15 = 69; then the literal name with N=1.
            assertThat(hex(encoded)).startsWith("00007f45").contains("3");
        }
        assertThat(encoder.insertCount()).isZero();
    }

    @Test
    void limitsTheStreamsThatCanBlock() {
        // RFC 9204 §2.1.2: with SETTINGS_QPACK_BLOCKED_STREAMS 1, only one stream may reference unacknowledged
        // entries; others use literals until the acknowledgment.
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 1);
        ByteBuffer first = encoder.encode(0, REQUEST);
        assertThat(hex(first)).doesNotStartWith("0000");
        assertThat(encoder.blockingStreams()).isEqualTo(1);
        ByteBuffer second = encoder.encode(4, REQUEST);
        assertThat(hex(second)).startsWith("0000");
        assertThat(encoder.blockingStreams()).isEqualTo(1);
        encoder.onDecoderStream(hex("80")); // Section Acknowledgment (stream 0)
        assertThat(encoder.blockingStreams()).isZero();
        assertThat(encoder.knownReceivedCount()).isEqualTo(2);
        assertThat(hex(encoder.encode(8, REQUEST))).doesNotStartWith("0000");
    }

    @Test
    void streamCancellationReleasesReferences() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 1);
        encoder.encode(0, REQUEST);
        encoder.onDecoderStream(hex("40")); // Stream Cancellation (stream 0)
        assertThat(encoder.blockingStreams()).isZero();
        assertThat(encoder.knownReceivedCount()).as("a cancellation acknowledges nothing").isZero();
        assertDecoderStreamFails(encoder, "80");
    }

    @Test
    void rejectsAnAcknowledgmentWithNothingOutstanding() {
        // RFC 9204 §4.4.1.
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 1);
        assertDecoderStreamFails(encoder, "84");
    }

    @Test
    void rejectsAZeroOrExcessiveInsertCountIncrement() {
        // RFC 9204 §4.4.3.
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 1);
        assertDecoderStreamFails(encoder, "00");
        assertDecoderStreamFails(encoder, "01");
        encoder.encode(0, REQUEST);
        encoder.onDecoderStream(hex("02"));
        assertDecoderStreamFails(encoder, "01");
    }

    @Test
    void rejectsEndlessIntegersOnTheDecoderStream() {
        QpackEncoder encoder = new QpackEncoder(4096);
        assertDecoderStreamFails(encoder, "ff" + "80".repeat(12));
    }

    @Test
    void keepsADecoderInstructionSplitAcrossCalls() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 100);
        encoder.encode(300, REQUEST);
        // Section Acknowledgment for stream 300: 7-bit prefix 127, then 173 = 0xad 0x01.
        encoder.onDecoderStream(hex("ff"));
        encoder.onDecoderStream(hex("ad"));
        assertThat(encoder.blockingStreams()).isEqualTo(1);
        encoder.onDecoderStream(hex("01"));
        assertThat(encoder.blockingStreams()).isZero();
    }

    @Test
    void duplicatesEntriesCloseToEvictionInsteadOfReferencingThem() {
        // RFC 9204 §2.1.1.1: a small table fills up (51 + 58 + 50 of 200 bytes, a quarter kept reclaimable); a
        // repeated line that drifted into the draining area is duplicated and the duplicate referenced.
        QpackEncoder encoder = new QpackEncoder(200);
        encoder.applyPeerSettings(200, 100);
        encoder.pollEncoderStream();
        encoder.encode(0, FieldSection.of(FieldLine.of(":authority", "a.example")));
        encoder.onDecoderStream(hex("80"));
        encoder.encode(4, FieldSection.of(FieldLine.of("user-agent", "agent-1234567890"),
                FieldLine.of("cookie", "c=1234567890")));
        encoder.onDecoderStream(hex("84"));
        encoder.pollEncoderStream();
        ByteBuffer section = encoder.encode(8, FieldSection.of(FieldLine.of(":authority", "a.example")));
        assertThat(hex(encoder.pollEncoderStream())).isEqualTo("02"); // Duplicate (relative index 2)
        assertThat(hex(section)).isEqualTo("0580" + "10"); // RIC 4 (encoded 5), Base 3, post-Base 0
    }

    @Test
    void stopsReferencingTheTableWhileTooManySectionsAreUnacknowledged() {
        // RFC 9204 §7.3: the encoder bounds its own state for unacknowledged sections.
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 0);
        encoder.encode(0, REQUEST);
        encoder.onDecoderStream(hex("02"));
        for (int i = 1; i <= QpackEncoder.MAX_UNACKNOWLEDGED_SECTIONS; i++) {
            assertThat(hex(encoder.encode(4L * i, REQUEST))).doesNotStartWith("0000");
        }
        assertThat(hex(encoder.encode(1L << 20, REQUEST))).startsWith("0000");
        encoder.onDecoderStream(hex("84"));
        assertThat(hex(encoder.encode(1L << 21, REQUEST))).doesNotStartWith("0000");
    }

    /** A section with a distinct 1000-byte cache-control value (a name the encoder inserts), and :status 200. */
    private static FieldSection distinctResponse(int i) {
        return FieldSection.of(FieldLine.of(":status", "200"), FieldLine.of("cache-control", i + "x".repeat(1000)));
    }

    private int nextSection;

    /**
     * Encodes {@code n} distinct sections, each acknowledged at once if it references the dynamic table; returns the
     * encoder-stream bytes untaken, starting from {@code untaken} and adding all those polled.
     */
    private long encodeAcknowledgingAll(QpackEncoder encoder, int n, long untaken) {
        for (int k = 0; k < n; k++) {
            int i = nextSection++;
            ByteBuffer section = encoder.encode(4L * i, distinctResponse(i));
            untaken += encoder.pollEncoderStream().remaining();
            encoder.encoderStreamUntaken(untaken);
            if (section.get(0) != 0) {
                // A peer may acknowledge sections it could never decode (it gives our encoder stream no credit):
                // our memory must not depend on its honesty.
                ByteBuffer ack = ByteBuffer.allocate(11);
                QpackInteger.encode(ack, 0x80, 7, 4L * i);
                encoder.onDecoderStream(ack.flip());
            }
        }
        return untaken;
    }

    @Test
    void stopsInsertingWhileATableOfEncoderStreamBytesIsUntaken() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 100);
        long untaken = encoder.pollEncoderStream().remaining();
        encoder.encoderStreamUntaken(untaken);

        untaken = encodeAcknowledgingAll(encoder, 50, untaken);

        // Each insertion is ~1 KB of instructions: at most a table's capacity of them waits, plus the one that crossed.
        assertThat(encoder.insertCount()).isBetween(1L, 5L);
        assertThat(untaken).isLessThan(4096 + 1100);
        // The transport takes the backlog: insertions resume.
        long before = encoder.insertCount();
        encoder.encoderStreamUntaken(0);
        encodeAcknowledgingAll(encoder, 1, 0);
        assertThat(encoder.insertCount()).isEqualTo(before + 1);
    }

    @Test
    void insertsFreelyWhileTheTransportTakesEverything() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 100);
        encoder.pollEncoderStream();
        for (int i = 0; i < 50; i++) {
            encodeAcknowledgingAll(encoder, 1, 0);
            encoder.encoderStreamUntaken(0);
        }
        assertThat(encoder.insertCount()).isEqualTo(50);
    }

    @Test
    void sectionsStayDecodableWhileInsertionsArePaused() {
        QpackEncoder encoder = new QpackEncoder(4096);
        encoder.applyPeerSettings(4096, 0); // no stream may block: only acknowledged entries are referenced
        encoder.encoderStreamUntaken(1 << 20);
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(4096, 0, 1 << 20));
        for (int i = 0; i < 10; i++) {
            ByteBuffer section = encoder.encode(4L * i, distinctResponse(i));
            assertThat(decoder.decode(4L * i, section)).contains(distinctResponse(i));
        }
        assertThat(encoder.insertCount()).isZero();
    }

    @Test
    void rejectsANegativeUntakenCount() {
        assertThatThrownBy(() -> new QpackEncoder(4096).encoderStreamUntaken(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
