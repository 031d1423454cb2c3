package io.quic4j.transport.cid;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class StatelessResetTest {
    private static final StatelessResetToken TOKEN = StatelessResetToken.ofHex("00112233445566778899aabbccddeeff");
    private static final StatelessResetToken OTHER = StatelessResetToken.ofHex("ffeeddccbbaa99887766554433221100");

    private static ByteBuffer reset(int triggerLength, int room) {
        ByteBuffer out = ByteBuffer.allocate(room);
        int n = StatelessReset.write(out, triggerLength, TOKEN, new SplittableRandom(triggerLength));
        assertThat(out.position()).isEqualTo(n);
        return out.flip();
    }

    /**
     * RFC 9000 §10.3.3: "every Stateless Reset that it sends is smaller than the packet that triggered it";
     * with the 21-byte minimum of §10.3, a datagram of 21 bytes or less gets no answer.
     */
    @Test
    void neverAnswersDatagramOf21BytesOrLess() {
        for (int length = 0; length <= 21; length++) {
            assertThat(StatelessReset.responseLength(length, 1500)).isZero();
            assertThat(reset(length, 1500).remaining()).isZero();
        }
        assertThat(StatelessReset.responseLength(22, 1500)).isEqualTo(21);
    }

    /** RFC 9000 §10.3: to a packet "43 bytes or shorter", a reset "one byte shorter". */
    @Test
    void answersShortDatagramWithOneByteLess() {
        for (int length = 22; length <= 43; length++) {
            assertThat(reset(length, 1500).remaining()).isEqualTo(length - 1);
        }
    }

    /** Longer triggers: one byte less, bounded by the room the caller gives. */
    @Test
    void answersLongDatagramWithinTheRoomGiven() {
        assertThat(reset(1200, 1500).remaining()).isEqualTo(1199);
        assertThat(reset(1200, 100).remaining()).isEqualTo(100);
        assertThat(reset(1200, 20).remaining()).as("no room for the 21-byte minimum").isZero();
    }

    /** RFC 9000 §10.3: "Fixed Bits (2) = 1", unpredictable bits, then the token in the last 16 bytes. */
    @Test
    void resetLooksLikeShortHeaderPacketEndingInToken() {
        ByteBuffer reset = reset(100, 1500);
        assertThat(reset.get(0) & 0xc0).isEqualTo(0x40);
        assertThat(StatelessResetToken.read(reset, reset.limit() - 16)).isEqualTo(TOKEN);
        assertThat(StatelessReset.matches(reset, List.of(TOKEN))).isTrue();
    }

    /** RFC 9000 §10.3: the unpredictable bits come from the caller's random source. */
    @Test
    void unpredictableBitsComeFromTheRandomSource() {
        ByteBuffer a = ByteBuffer.allocate(60);
        ByteBuffer b = ByteBuffer.allocate(60);
        StatelessReset.write(a, 61, TOKEN, new SplittableRandom(1));
        StatelessReset.write(b, 61, TOKEN, new SplittableRandom(2));
        assertThat(a.flip()).isNotEqualTo(b.flip());
    }

    /** RFC 9000 §10.3.1: the last 16 bytes are compared with every token. */
    @Test
    void detectsResetByItsLast16Bytes() {
        ByteBuffer reset = reset(100, 1500);
        assertThat(StatelessReset.matches(reset, List.of(OTHER, TOKEN))).isTrue();
        assertThat(StatelessReset.matches(reset, List.of(OTHER))).isFalse();
        assertThat(StatelessReset.matches(reset, List.of())).isFalse();
        assertThat(reset.position()).as("position untouched").isZero();
    }

    /** RFC 9000 §10.3: "endpoints MUST treat any packet ending in a valid stateless reset token as a Stateless Reset". */
    @Test
    void detectsResetWhateverItsFirstByte() {
        ByteBuffer reset = reset(100, 1500);
        reset.put(0, (byte) 0xc3); // a long header
        assertThat(StatelessReset.matches(reset, List.of(TOKEN))).isTrue();
    }

    /** RFC 9000 §10.3: datagrams shorter than 21 bytes are never valid, so never a reset. */
    @Test
    void datagramShorterThan21BytesIsNeverReset() {
        ByteBuffer small = ByteBuffer.allocate(20);
        TOKEN.writeTo(small.position(4));
        assertThat(StatelessReset.matches(small.flip().position(0), List.of(TOKEN))).isFalse();
    }

    /** RFC 9000 §10.3.3 (loop prevention) and §10.3 (less than three times larger), for any trigger. */
    @Property
    void resetIsAlwaysSmallerThanItsTrigger(@ForAll @IntRange(min = 0, max = 65_535) int triggerLength,
            @ForAll @IntRange(min = 21, max = 1500) int room, @ForAll @LongRange long seed) {
        ByteBuffer out = ByteBuffer.allocate(room);
        int n = StatelessReset.write(out, triggerLength, TOKEN, new SplittableRandom(seed));
        assertThat(n).isLessThan(Math.max(triggerLength, 1));
        assertThat(n == 0 || n >= StatelessReset.MIN_LENGTH).isTrue();
        if (n > 0) {
            assertThat(StatelessReset.matches(out.flip(), List.of(TOKEN))).isTrue();
        }
    }
}
