package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per decoding rule of RFC 9000 §12.4 and §19 (and RFC 9221 §4), each asserting its error code. */
class MalformedFrameTest {
    private static final String TOKEN = "000102030405060708090a0b0c0d0e0f";
    /** 2^62-1 as an 8-byte varint. */
    private static final String VARINT_MAX = "ffffffffffffffff";

    private static void assertRejects(String hex, TransportError error, long frameType) {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        assertThatThrownBy(() -> FrameCodec.decode(in))
                .isInstanceOfSatisfying(QuicTransportException.class, e -> {
                    assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
                    assertThat(e.frameType()).as("frame type reported").isEqualTo(frameType);
                });
    }

    private static Frame decode(String hex) {
        return FrameCodec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex)));
    }

    @Test
    void rejectsEmptyBufferAsFrameEncodingError() {
        assertRejects("", TransportError.FRAME_ENCODING_ERROR, QuicTransportException.NO_FRAME);
    }

    /** §12.4: "An endpoint MUST treat the receipt of a frame of unknown type as ... FRAME_ENCODING_ERROR." */
    @ParameterizedTest
    @ValueSource(strings = {"1f", "20", "2f", "32", "3f", "4040", "80004000", "c000000040000000"})
    void rejectsUnknownFrameType(String type) {
        long value = io.quic4j.transport.wire.VarInt.read(ByteBuffer.wrap(HexFormat.of().parseHex(type)),
                TransportError.FRAME_ENCODING_ERROR);
        assertRejects(type + "00", TransportError.FRAME_ENCODING_ERROR, value);
    }

    /** §12.4: a frame type "MUST use the shortest possible encoding"; we choose PROTOCOL_VIOLATION. */
    @ParameterizedTest
    @ValueSource(strings = {"4001", "4000", "80000008", "c00000000000001c", "7fff"})
    void rejectsFrameTypeNotInShortestEncoding(String type) {
        long value = io.quic4j.transport.wire.VarInt.read(ByteBuffer.wrap(HexFormat.of().parseHex(type)),
                TransportError.FRAME_ENCODING_ERROR);
        if (value < 64) {
            assertRejects(type + "00", TransportError.PROTOCOL_VIOLATION, value);
        } else {
            // 0x7fff is 16383 in its shortest form: not padded, just unknown
            assertRejects(type + "00", TransportError.FRAME_ENCODING_ERROR, value);
        }
    }

    @Test
    void rejectsTruncatedFrameType() {
        assertRejects("40", TransportError.FRAME_ENCODING_ERROR, QuicTransportException.NO_FRAME);
    }

    /** Truncation in each kind of field: varint, length-prefixed bytes, fixed-size bytes. */
    @Test
    void rejectsTruncationAnywhereAsFrameEncodingError() {
        assertRejects("04", TransportError.FRAME_ENCODING_ERROR, 0x04);
        assertRejects("0401", TransportError.FRAME_ENCODING_ERROR, 0x04);
        assertRejects("040102" + "40", TransportError.FRAME_ENCODING_ERROR, 0x04);
        assertRejects("0e00" + "4001", TransportError.FRAME_ENCODING_ERROR, 0x0e);
        assertRejects("1a01020304", TransportError.FRAME_ENCODING_ERROR, 0x1a);
        assertRejects("1b", TransportError.FRAME_ENCODING_ERROR, 0x1b);
        assertRejects("020a0001", TransportError.FRAME_ENCODING_ERROR, 0x02);
        assertRejects("030a000000" + "0102", TransportError.FRAME_ENCODING_ERROR, 0x03);
        assertRejects("1801" + "00", TransportError.FRAME_ENCODING_ERROR, 0x18);
        assertRejects("180100" + "04" + "0102030405", TransportError.FRAME_ENCODING_ERROR, 0x18);
        assertRejects("180100" + "04" + "01020304" + TOKEN.substring(2), TransportError.FRAME_ENCODING_ERROR, 0x18);
        assertRejects("1c00", TransportError.FRAME_ENCODING_ERROR, 0x1c);
    }

    /** §19.3.1: the smallest packet of the first range, Largest Acknowledged - First ACK Range, is negative. */
    @Test
    void rejectsAckFirstRangeLargerThanLargestAcknowledged() {
        assertRejects("02" + "05" + "00" + "00" + "06", TransportError.FRAME_ENCODING_ERROR, 0x02);
    }

    /** §19.3.1: largest = previous_smallest - gap - 2 is negative. */
    @Test
    void rejectsAckGapBelowPacketZero() {
        // largest 5, first range 3 (smallest 2), gap 1: 2 - 1 - 2 = -1
        assertRejects("02" + "05" + "00" + "01" + "03" + "01" + "00", TransportError.FRAME_ENCODING_ERROR, 0x02);
    }

    /** §19.3.1: smallest = largest - ack_range is negative. */
    @Test
    void rejectsAckRangeLengthBelowPacketZero() {
        // largest 10, first range 0, gap 0: next largest 8, length 9: 8 - 9 = -1
        assertRejects("03" + "0a" + "00" + "01" + "00" + "00" + "09" + "000000", TransportError.FRAME_ENCODING_ERROR,
                0x03);
    }

    /** A peer-chosen range count must not size an allocation: each range takes at least 2 bytes. */
    @Test
    void rejectsAckRangeCountTheBufferCannotHold() {
        assertRejects("02" + "0a" + "00" + "bfffffff" + "00" + "0000", TransportError.FRAME_ENCODING_ERROR, 0x02);
        assertRejects("02" + "0a" + "00" + VARINT_MAX + "00", TransportError.FRAME_ENCODING_ERROR, 0x02);
        assertRejects("02" + "0a" + "00" + "02" + "00" + "000000", TransportError.FRAME_ENCODING_ERROR, 0x02);
    }

    /** §19.8: offset + length past 2^62-1 is FRAME_ENCODING_ERROR (or FLOW_CONTROL_ERROR; we choose the former). */
    @Test
    void rejectsStreamOffsetPast2To62() {
        assertRejects("0e" + "00" + VARINT_MAX + "01" + "78", TransportError.FRAME_ENCODING_ERROR, 0x0e);
        assertRejects("0d" + "00" + VARINT_MAX + "78", TransportError.FRAME_ENCODING_ERROR, 0x0d);
        assertThat(decode("0e" + "00" + VARINT_MAX + "00")).isEqualTo(
                new StreamFrame(0, io.quic4j.transport.wire.VarInt.MAX, ByteBuffer.allocate(0), false, true));
    }

    @Test
    void rejectsStreamLengthPastPacket() {
        assertRejects("0a" + "00" + "05" + "6162", TransportError.FRAME_ENCODING_ERROR, 0x0a);
    }

    /** §19.6: FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED; we choose CRYPTO_BUFFER_EXCEEDED. */
    @Test
    void rejectsCryptoOffsetPast2To62AsCryptoBufferExceeded() {
        assertRejects("06" + VARINT_MAX + "01" + "78", TransportError.CRYPTO_BUFFER_EXCEEDED, 0x06);
    }

    @Test
    void rejectsCryptoLengthPastPacket() {
        assertRejects("06" + "00" + "4100" + "78", TransportError.FRAME_ENCODING_ERROR, 0x06);
    }

    /** §19.7: "A client MUST treat receipt of a NEW_TOKEN frame with an empty Token field as ... FRAME_ENCODING_ERROR." */
    @Test
    void rejectsEmptyNewToken() {
        assertRejects("0700", TransportError.FRAME_ENCODING_ERROR, 0x07);
    }

    @Test
    void rejectsNewTokenLengthPastPacket() {
        assertRejects("0703" + "6162", TransportError.FRAME_ENCODING_ERROR, 0x07);
    }

    /** §19.15: "Values less than 1 and greater than 20 are invalid and MUST be treated as ... FRAME_ENCODING_ERROR." */
    @ParameterizedTest
    @ValueSource(ints = {0, 21, 255})
    void rejectsNewConnectionIdLengthOutside1To20(int length) {
        String cid = "ab".repeat(length);
        assertRejects("18" + "01" + "00" + String.format("%02x", length) + cid + TOKEN,
                TransportError.FRAME_ENCODING_ERROR, 0x18);
    }

    /** §19.15: Retire Prior To greater than Sequence Number "MUST be treated as ... FRAME_ENCODING_ERROR". */
    @Test
    void rejectsRetirePriorToAboveSequenceNumber() {
        assertRejects("18" + "01" + "02" + "04" + "01020304" + TOKEN, TransportError.FRAME_ENCODING_ERROR, 0x18);
        assertThat(decode("18" + "02" + "02" + "04" + "01020304" + TOKEN)).isInstanceOf(NewConnectionIdFrame.class);
    }

    /** §19.11: Maximum Streams "cannot exceed 2^60" (STREAM_LIMIT_ERROR or FRAME_ENCODING_ERROR; we choose the latter). */
    @ParameterizedTest
    @ValueSource(strings = {"12", "13"})
    void rejectsMaxStreamsPast2To60(String type) {
        assertRejects(type + "d000000000000001", TransportError.FRAME_ENCODING_ERROR, Long.parseLong(type, 16));
        assertThat(decode(type + "d000000000000000")).isInstanceOf(MaxStreamsFrame.class);
    }

    /** §19.14: the same 2^60 bound for STREAMS_BLOCKED. */
    @ParameterizedTest
    @ValueSource(strings = {"16", "17"})
    void rejectsStreamsBlockedPast2To60(String type) {
        assertRejects(type + VARINT_MAX, TransportError.FRAME_ENCODING_ERROR, Long.parseLong(type, 16));
        assertThat(decode(type + "d000000000000000")).isInstanceOf(StreamsBlockedFrame.class);
    }

    @Test
    void rejectsConnectionCloseReasonPastPacket() {
        assertRejects("1c" + "00" + "00" + "05" + "6162", TransportError.FRAME_ENCODING_ERROR, 0x1c);
        assertRejects("1d" + "00" + "05" + "6162", TransportError.FRAME_ENCODING_ERROR, 0x1d);
    }

    @Test
    void rejectsDatagramLengthPastPacket() {
        assertRejects("31" + "05" + "6162", TransportError.FRAME_ENCODING_ERROR, 0x31);
        assertRejects("31", TransportError.FRAME_ENCODING_ERROR, 0x31);
    }
}
