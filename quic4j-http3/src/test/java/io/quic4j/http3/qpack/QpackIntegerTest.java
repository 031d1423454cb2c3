package io.quic4j.http3.qpack;

import static io.quic4j.http3.qpack.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Prefixed integers: RFC 7541 §5.1 and Appendix C.1, with RFC 9204 §4.1.1's 62-bit range. */
class QpackIntegerTest {
    private static final Http3Error ERROR = Http3Error.QPACK_DECOMPRESSION_FAILED;

    private static String encode(int flags, int prefixBits, long value) {
        ByteBuffer out = ByteBuffer.allocate(16);
        QpackInteger.encode(out, flags, prefixBits, value);
        assertThat(out.position()).isEqualTo(QpackInteger.size(prefixBits, value));
        return hex(out.flip());
    }

    @Test
    void encodesTheRfc7541AppendixC1Examples() {
        // C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix; C.1.3: 42 at an octet boundary.
        assertThat(encode(0, 5, 10)).isEqualTo("0a");
        assertThat(encode(0, 5, 1337)).isEqualTo("1f9a0a");
        assertThat(encode(0, 8, 42)).isEqualTo("2a");
        assertThat(QpackInteger.decode(hex("1f9a0a"), 5, ERROR)).isEqualTo(1337);
    }

    @Test
    void keepsTheFlagBitsAboveThePrefix() {
        assertThat(encode(0xe0, 5, 10)).isEqualTo("ea");
        assertThat(QpackInteger.decode(hex("ea"), 5, ERROR)).isEqualTo(10);
        assertThat(QpackInteger.decode(hex("ff00"), 5, ERROR)).isEqualTo(31);
    }

    @Test
    void decodesTheLargest62BitValue() {
        String max = encode(0, 8, QpackInteger.MAX);
        assertThat(QpackInteger.decode(hex(max), 8, ERROR)).isEqualTo(QpackInteger.MAX);
    }

    @Test
    void rejectsValuesPast2To62() {
        // RFC 9204 §4.1.1 requires 62 bits; 2^62 itself is refused as beyond the implementation's limit.
        ByteBuffer twoTo62 = hex("ff81feffffffffffff3f");
        assertThatThrownBy(() -> QpackInteger.decode(twoTo62, 8, ERROR)).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(ERROR));
    }

    @Test
    void rejectsNineContinuationBytesThatOverflowALong() {
        // Found by fuzzing: 31 + (2^63 - 1) wrapped to a negative capacity.
        ByteBuffer in = hex("3f ffffffffffffffff7f");
        assertThatThrownBy(() -> QpackInteger.decode(in, 5, ERROR)).isInstanceOf(Http3Exception.class);
    }

    @Test
    void rejectsEndlessIntegers() {
        // RFC 7541 §5.1: an encoding longer than the implementation's limit in octets is an error, even if its
        // value (here zero padding) is small.
        ByteBuffer endless = hex("1f" + "80".repeat(20) + "00");
        assertThatThrownBy(() -> QpackInteger.decode(endless, 5, Http3Error.QPACK_ENCODER_STREAM_ERROR))
                .isInstanceOfSatisfying(Http3Exception.class,
                        e -> assertThat(e.error()).isEqualTo(Http3Error.QPACK_ENCODER_STREAM_ERROR));
    }

    @Test
    void acceptsRedundantZeroContinuationWithinTheLimit() {
        assertThat(QpackInteger.decode(hex("1f 81 80 00"), 5, ERROR)).isEqualTo(32);
    }

    @Test
    void reportsTruncatedIntegersAsIncomplete() {
        assertThat(QpackInteger.decode(hex(""), 5, ERROR)).isEqualTo(QpackInteger.INCOMPLETE);
        assertThat(QpackInteger.decode(hex("1f9a"), 5, ERROR)).isEqualTo(QpackInteger.INCOMPLETE);
    }

    @Property
    void roundTripsEveryPrefix(@ForAll @IntRange(min = 1, max = 8) int prefixBits,
            @ForAll @LongRange(min = 0, max = (1L << 62) - 1) long value) {
        ByteBuffer buffer = hex(encode(0, prefixBits, value));
        assertThat(QpackInteger.decode(buffer, prefixBits, ERROR)).isEqualTo(value);
        assertThat(buffer.hasRemaining()).isFalse();
    }
}
