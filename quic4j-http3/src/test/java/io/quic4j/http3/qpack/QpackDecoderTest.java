package io.quic4j.http3.qpack;

import static io.quic4j.http3.qpack.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The decoder: RFC 9204 Appendix B vectors, §2.2 blocking, §4.3 instruction errors, §4.5 section errors, limits. */
class QpackDecoderTest {
    private static final QpackDecoderConfig APPENDIX_B = new QpackDecoderConfig(220, 10, 64 * 1024);

    private static FieldLine line(String name, String value) {
        return new FieldLine(name, value, false);
    }

    private static void assertFails(Http3Error error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }

    private static void assertDecompressionFails(QpackDecoder decoder, String section) {
        assertFails(Http3Error.QPACK_DECOMPRESSION_FAILED, () -> decoder.decode(0, hex(section)));
    }

    private static void assertEncoderStreamFails(QpackDecoder decoder, String instructions) {
        assertFails(Http3Error.QPACK_ENCODER_STREAM_ERROR, () -> decoder.onEncoderStream(hex(instructions)));
    }

    @Test
    void decodesTheAppendixBExamples() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);

        // B.1: Literal Field Line with Name Reference, static index 1.
        assertThat(decoder.decode(0, hex("0000 510b 2f69 6e64 6578 2e68 746d 6c"))).contains(FieldSection.of(line(
                ":path", "/index.html")));
        assertThat(hex(decoder.pollDecoderStream())).isEmpty();

        // B.2: capacity 220, two inserts with static name references, a section of two post-Base references.
        assertThat(decoder.onEncoderStream(hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d"
                + " c10c 2f73 616d 706c 652f 7061 7468"))).isEmpty();
        assertThat(decoder.tableCapacity()).isEqualTo(220);
        assertThat(decoder.decode(4, hex("0381 10 11"))).contains(FieldSection.of(line(":authority",
                "www.example.com"), line(":path", "/sample/path")));
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("84"); // Section Acknowledgment (stream 4)

        // B.3: Insert with Literal Name; the decoder answers with Insert Count Increment (1).
        decoder.onEncoderStream(hex("4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565"));
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("01");

        // B.4: the section on stream 8 arrives before the Duplicate it needs, and the stream is cancelled.
        assertThat(decoder.decode(8, hex("0500 80 c1 81"))).isEmpty();
        assertThat(decoder.blockedStreams()).isEqualTo(1);
        decoder.cancelStream(8);
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("48"); // Stream Cancellation (stream 8)
        assertThat(decoder.onEncoderStream(hex("02"))).isEmpty();
        assertThat(decoder.insertCount()).isEqualTo(4);
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("01");

        // B.5: Insert with a dynamic name reference (relative 1 = absolute 2) evicts absolute index 0.
        decoder.onEncoderStream(hex("810d 6375 7374 6f6d 2d76 616c 7565 32"));
        assertThat(decoder.decode(12, hex("0600 80 81 82 83"))).contains(FieldSection.of(line("custom-key",
                "custom-value2"), line(":authority", "www.example.com"), line("custom-key", "custom-value"),
                line(
                        ":path", "/sample/path")));
        assertDecompressionFails(decoder, "0600 84"); // absolute 0 was evicted
    }

    @Test
    void unblocksTheAppendixB4SectionWhenTheDuplicateArrives() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f"
                + " 7061 7468 4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565"));
        assertThat(decoder.decode(8, hex("0500 80 c1 81"))).isEmpty();
        assertThat(decoder.onEncoderStream(hex("02"))).containsExactly(new DecodedSection(8, FieldSection.of(line(
                ":authority", "www.example.com"), line(":path", "/"), line("custom-key", "custom-value"))));
        assertThat(decoder.blockedStreams()).isZero();
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("88"); // the acknowledgment covers all 4 inserts
    }

    @Test
    void keepsAnInstructionSplitAcrossCalls() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        String instructions = "3fbd01c00f7777772e6578616d706c652e636f6d";
        for (int i = 0; i < instructions.length(); i += 2) {
            decoder.onEncoderStream(hex(instructions.substring(i, i + 2)));
        }
        assertThat(decoder.insertCount()).isEqualTo(1);
        assertThat(decoder.decode(0, hex("0200 80"))).contains(FieldSection.of(line(":authority",
                "www.example.com")));
    }

    @Test
    void reportsTheNeverIndexedBit() {
        // RFC 9204 §4.5.4: literal with static name reference, N=1: ':path' (1) = "/x".
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        assertThat(decoder.decode(0, hex("0000 71 022f78"))).contains(FieldSection.of(new FieldLine(":path", "/x",
                true)));
    }

    // --- Encoder instructions (RFC 9204 §4.3): QPACK_ENCODER_STREAM_ERROR.

    @Test
    void rejectsACapacityAboveTheMaximum() {
        // §4.3.1: 221 > SETTINGS_QPACK_MAX_TABLE_CAPACITY 220.
        assertEncoderStreamFails(new QpackDecoder(APPENDIX_B), "3fbe01");
    }

    @Test
    void rejectsAnInvalidStaticIndexOnTheEncoderStream() {
        // §3.1: Insert with Name Reference, static index 99.
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01"));
        assertEncoderStreamFails(decoder, "ff24 0161");
    }

    @Test
    void rejectsReferencesToAbsentOrEvictedEntries() {
        // §2.2.3: a relative index past the table, in an insert and in a Duplicate.
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01"));
        assertEncoderStreamFails(decoder, "80 0161");
        assertEncoderStreamFails(new QpackDecoder(APPENDIX_B), "3fbd01 00");
        // An entry evicted by a capacity reduction.
        QpackDecoder evicted = new QpackDecoder(APPENDIX_B);
        evicted.onEncoderStream(hex("3fbd01 c00161 20 3fbd01"));
        assertEncoderStreamFails(evicted, "00");
    }

    @Test
    void rejectsAnEntryLargerThanTheCapacity() {
        // §3.2.2: capacity 40, entry ":authority" (10) + 1 + 32 = 43.
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3f09"));
        assertEncoderStreamFails(decoder, "c0 0161");
        assertEncoderStreamFails(new QpackDecoder(APPENDIX_B), "c0 0161"); // capacity still 0
    }

    @Test
    void rejectsEndlessIntegersOnTheEncoderStream() {
        assertEncoderStreamFails(new QpackDecoder(APPENDIX_B), "3f" + "80".repeat(12));
    }

    @Test
    void rejectsMalformedHuffmanOnTheEncoderStream() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01"));
        assertEncoderStreamFails(decoder, "c0 84 fffffffc"); // EOS in the value
    }

    @Test
    void boundsTheBufferedEncoderInstruction() {
        // Capacity 100: no valid instruction exceeds 4 * 100 + 64 bytes. Two Huffman-coded strings of 250 bytes
        // each pass the per-string check but not together; the decoder refuses to buffer them.
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(100, 1, 1000));
        decoder.onEncoderStream(hex("3f45"));
        String name = "7fdb01" + "ff".repeat(250);
        String valuePart = "ff7b" + "ff".repeat(220);
        assertEncoderStreamFails(decoder, name + valuePart);
    }

    // --- Field sections (RFC 9204 §4.5): QPACK_DECOMPRESSION_FAILED.

    @Test
    void rejectsANonZeroRequiredInsertCountWithoutADynamicTable() {
        // §4.5.1.1: MaxEntries 0, so any EncodedInsertCount > 0 exceeds FullRange.
        assertDecompressionFails(new QpackDecoder(new QpackDecoderConfig(0, 0, 1000)), "0100");
    }

    @Test
    void rejectsAnEncodedRequiredInsertCountPastFullRange() {
        // MaxEntries 6, FullRange 12.
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0d00");
    }

    @Test
    void rejectsAnImpossibleRequiredInsertCount() {
        // With no inserts, MaxValue = 6; EncodedInsertCount 8 gives 7 > MaxValue and 7 <= FullRange: an error.
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0800");
    }

    @Test
    void rejectsANegativeBase() {
        // §4.5.1.2: Sign 1 with Delta Base >= Required Insert Count.
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01 c00161"));
        assertDecompressionFails(decoder, "0281 10");
    }

    @Test
    void rejectsInvalidStaticIndices() {
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 ff24");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 5f54 0161");
    }

    @Test
    void rejectsReferencesOutsideTheRequiredInsertCount() {
        // §2.2.3: relative index below 0, post-Base index at or past the Required Insert Count.
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01 c00161 c00162"));
        assertDecompressionFails(decoder, "0000 80");
        assertDecompressionFails(decoder, "0000 10");
        assertDecompressionFails(decoder, "0200 81"); // Base 1: relative 1 is absolute -1
        assertDecompressionFails(decoder, "0280 11"); // RIC 1, Base 0: post-Base 1 is absolute 1 >= RIC
        assertDecompressionFails(decoder, "0201 80"); // RIC 1, Base 2: relative 0 is absolute 1 >= RIC
        assertDecompressionFails(decoder, "0000 0161"); // literal post-Base name reference without entries
    }

    @Test
    void rejectsTruncatedSections() {
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "00");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 51 0561");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 5f");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 2761");
    }

    @Test
    void rejectsEndlessIntegersInSections() {
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "ff" + "80".repeat(12));
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 ff" + "80".repeat(12));
    }

    @Test
    void rejectsAHugeDeclaredLengthBeforeAllocating() {
        // A value of 2^40 bytes announced in a few bytes: refused on its length against the section budget.
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 51 7f ffffffffff1f");
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000 51 ff ffffffffff1f");
    }

    @Test
    void rejectsASectionOverTheSizeLimitWhileDecoding() {
        // RFC 9114 §4.2.2: ':path' (5) + 70 + 32 = 107 > 100.
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(0, 0, 100));
        assertDecompressionFails(decoder, "0000 51 46" + "61".repeat(70));
        // A bomb: 3000 one-byte references to ':path: /' (38 bytes each) against a 64 KiB limit.
        assertDecompressionFails(new QpackDecoder(APPENDIX_B), "0000" + "c1".repeat(3000));
        // Exactly at the limit is fine: two ':path: /' lines are 76 bytes.
        assertThat(new QpackDecoder(new QpackDecoderConfig(0, 0, 76)).decode(0, hex("0000 c1c1"))).isPresent();
    }

    @Test
    void rejectsADynamicTableBomb() {
        // One 4 KB entry, inserted once (RFC 9204 §4.3.3), then referenced by one byte each (§4.5.2): 16 references
        // expand to 16 * (1 + 4000 + 32) = 64,528 bytes, within 64 KiB; 17 to 68,561, past it (RFC 9114 §4.2.2).
        String capacity8192 = "3fe13f";
        String insertX = "4178" + "7fa11e" + "61".repeat(4000);
        QpackDecoder within = new QpackDecoder(new QpackDecoderConfig(8192, 0, 64 * 1024));
        within.onEncoderStream(hex(capacity8192 + insertX));
        assertThat(within.decode(0, hex("0200" + "80".repeat(16)))).hasValueSatisfying(
                section -> assertThat(section.lines()).hasSize(16));

        QpackDecoder bombed = new QpackDecoder(new QpackDecoderConfig(8192, 0, 64 * 1024));
        bombed.onEncoderStream(hex(capacity8192 + insertX));
        assertDecompressionFails(bombed, "0200" + "80".repeat(17));
    }

    @Test
    void rejectsMoreBlockedStreamsThanAdvertised() {
        // §2.1.2: one blocked stream allowed, a second one is an error.
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(220, 1, 1000));
        assertThat(decoder.decode(0, hex("0200 80"))).isEmpty();
        assertFails(Http3Error.QPACK_DECOMPRESSION_FAILED, () -> decoder.decode(4, hex("0200 80")));
        assertFails(Http3Error.QPACK_DECOMPRESSION_FAILED, () -> new QpackDecoder(new QpackDecoderConfig(220, 0,
                1000)).decode(0, hex("0200 80")));
    }

    @Test
    void refusesToKeepABlockedSectionThatCannotFitTheSizeLimit() {
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(220, 1, 40));
        assertDecompressionFails(decoder, "0200" + "80".repeat(200));
    }

    @Test
    void unblocksSectionsInTheOrderTheyBlocked() {
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(220, 2, 1000));
        assertThat(decoder.decode(0, hex("0300 80"))).isEmpty(); // needs 2 inserts
        assertThat(decoder.decode(4, hex("0200 80"))).isEmpty(); // needs 1
        assertThat(decoder.onEncoderStream(hex("3fbd01 c00161"))).containsExactly(new DecodedSection(4, FieldSection
                .of(line(":authority", "a"))));
        assertThat(decoder.onEncoderStream(hex("c00162"))).containsExactly(new DecodedSection(0, FieldSection.of(
                line(":authority", "b"))));
        assertThat(hex(decoder.pollDecoderStream())).isEqualTo("8480");
    }

    @Test
    void refusesASecondSectionOnABlockedStream() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.decode(0, hex("0200 80"));
        assertThatThrownBy(() -> decoder.decode(0, hex("0000"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendsNoStreamCancellationWithoutADynamicTable() {
        // §4.4.2: a decoder with a maximum capacity of 0 may omit them.
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(0, 0, 1000));
        decoder.cancelStream(4);
        assertThat(decoder.pollDecoderStream().hasRemaining()).isFalse();
    }

    @Test
    void decodesLinesOfEveryRepresentation() {
        QpackDecoder decoder = new QpackDecoder(APPENDIX_B);
        decoder.onEncoderStream(hex("3fbd01 c00161 c00162"));
        // RIC 2, Base 1 (sign 1, delta 0): relative 0 = abs 0; post-Base 0 = abs 1; literal with post-Base name
        // reference 0 (N=1) value "c"; literal with literal name "x" value "y"; literal dynamic name relative 0.
        ByteBuffer section = hex("0380 80 10 08 0163 21 78 0179 40 017a");
        assertThat(decoder.decode(0, section)).contains(FieldSection.of(line(":authority", "a"), line(":authority",
                "b"), new FieldLine(":authority", "c", true), line("x", "y"), line(":authority", "z")));
    }
}
