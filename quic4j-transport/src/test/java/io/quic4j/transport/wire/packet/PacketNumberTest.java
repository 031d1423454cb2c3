package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PacketNumberTest {

    /** RFC 9000 Appendix A.2: 0xac5c02 with 0xabe8b3 acknowledged needs 16 bits. */
    @Test
    void appendixA2TwoBytesFor0xac5c02() {
        assertThat(PacketNumber.encodedLength(0xac5c02L, 0xabe8b3L)).isEqualTo(2);
        assertThat(PacketNumber.truncate(0xac5c02L, 2)).isEqualTo(0x5c02L);
    }

    /** RFC 9000 Appendix A.2: 0xace8fe in the same state needs 24 bits. */
    @Test
    void appendixA2ThreeBytesFor0xace8fe() {
        assertThat(PacketNumber.encodedLength(0xace8feL, 0xabe8b3L)).isEqualTo(3);
    }

    /** RFC 9000 Appendix A.3: 0x9b32 after 0xa82f30ea decodes to 0xa82f9b32. */
    @Test
    void appendixA3Decodes0x9b32() {
        assertThat(PacketNumber.decode(0xa82f30eaL, 0x9b32, 2)).isEqualTo(0xa82f9b32L);
    }

    /** RFC 9001 Appendix A.5: packet number 654360564 sent as the 3 bytes 00bff4. */
    @Test
    void decodesRfc9001ChaChaExamplePacketNumber() {
        assertThat(PacketNumber.truncate(654360564L, 3)).isEqualTo(0xbff4L);
        assertThat(PacketNumber.decode(654360563L, 0xbff4L, 3)).isEqualTo(654360564L);
    }

    /** RFC 9000 §17.1: before any acknowledgment the full range from 0 counts. */
    @Test
    void withoutAcknowledgmentCountsFromZero() {
        assertThat(PacketNumber.encodedLength(0, PacketNumber.NONE)).isEqualTo(1);
        assertThat(PacketNumber.encodedLength(126, PacketNumber.NONE)).isEqualTo(1);
        assertThat(PacketNumber.encodedLength(127, PacketNumber.NONE)).isEqualTo(2);
        assertThat(PacketNumber.decode(PacketNumber.NONE, 0, 1)).isZero();
    }

    /** RFC 9000 §17.1: "more than twice as large a range": 128 outstanding needs 2 bytes, not 1. */
    @Test
    void rangeMustBeMoreThanTwiceTheOutstandingCount() {
        assertThat(PacketNumber.encodedLength(1127, 1000)).isEqualTo(1); // 127 unacknowledged
        assertThat(PacketNumber.encodedLength(1128, 1000)).isEqualTo(2); // 128 unacknowledged
        assertThat(PacketNumber.encodedLength(1000 + (1L << 31) - 1, 1000)).isEqualTo(4);
    }

    @Test
    void refusesPacketNumbersNotAboveLargestAcked() {
        assertThatThrownBy(() -> PacketNumber.encodedLength(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketNumber.encodedLength(1000 + (1L << 31), 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 9000 A.3: the decoder never leaves 0..2^62-1 near either end. */
    @Test
    void decodeStaysWithinTheValidRange() {
        assertThat(PacketNumber.decode(PacketNumber.MAX - 1, 0xff, 1)).isEqualTo(PacketNumber.MAX);
        assertThat(PacketNumber.decode(PacketNumber.MAX - 1, 0x00, 1)).isEqualTo(PacketNumber.MAX - 0xff);
        assertThat(PacketNumber.decode(0, 0xff, 1)).isEqualTo(0xff);
    }

    /** Found by fuzzing: A.3 as written yields 2^62 when the largest received is 2^62-1. */
    @Test
    void decodeNeverPassesTheLastPacketNumber() {
        assertThat(PacketNumber.decode(PacketNumber.MAX, 0, 1)).isEqualTo(PacketNumber.MAX - 0xff);
        for (int length = 1; length <= 4; length++) {
            long window = 1L << (8 * length);
            for (long truncated : new long[]{0, 1, window / 2, window - 1}) {
                assertThat(PacketNumber.decode(PacketNumber.MAX, truncated, length)).isBetween(0L, PacketNumber.MAX);
            }
        }
    }

    @Test
    void writesBigEndianLowBytes() {
        ByteBuffer out = ByteBuffer.allocate(4);
        PacketNumber.write(out, 0xa82f9b32L, 3);
        assertThat(HexFormat.of().formatHex(out.array(), 0, 3)).isEqualTo("2f9b32");
        assertThat(PacketNumber.read(out, 0, 3)).isEqualTo(0x2f9b32L);
        assertThat(PacketNumber.lengthFromFirstByte(0xc3)).isEqualTo(4);
    }

    /** Appendix A.3: any packet number within half a window of the next expected one is recovered. */
    @Property
    void decodeRecoversAnyPacketNumberWithinTheWindow(
            @ForAll @LongRange(min = -1, max = PacketNumber.MAX - 1) long largestReceived,
            @ForAll @IntRange(min = 1, max = 4) int length,
            @ForAll long offsetSeed) {
        long window = 1L << (8 * length);
        long expected = largestReceived + 1;
        // pn in (expected - window/2, expected + window/2]
        long pn = expected - window / 2 + 1 + Math.floorMod(offsetSeed, window);
        Assume.that(pn >= 0 && pn <= PacketNumber.MAX);
        ByteBuffer out = ByteBuffer.allocate(4);
        PacketNumber.write(out, pn, length);
        long truncated = PacketNumber.read(out, 0, length);
        assertThat(truncated).isEqualTo(PacketNumber.truncate(pn, length));
        assertThat(PacketNumber.decode(largestReceived, truncated, length)).isEqualTo(pn);
    }

    /** A.2 + A.3 together: the sender's length choice lets a receiver at or past largest acked decode. */
    @Property
    void encodedLengthAlwaysDecodes(
            @ForAll @LongRange(min = -1, max = PacketNumber.MAX - 1) long largestAcked,
            @ForAll @LongRange(min = 1, max = (1L << 31) - 1) long ahead,
            @ForAll long receivedSeed) {
        long pn = largestAcked + ahead;
        Assume.that(pn <= PacketNumber.MAX);
        int length = PacketNumber.encodedLength(pn, largestAcked);
        // The receiver has seen at least the acknowledged packet, and not yet this one.
        long largestReceived = largestAcked + Math.floorMod(receivedSeed, ahead);
        assertThat(PacketNumber.decode(largestReceived, PacketNumber.truncate(pn, length), length)).isEqualTo(pn);
    }
}
