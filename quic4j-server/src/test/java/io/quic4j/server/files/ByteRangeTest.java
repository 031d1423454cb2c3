package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §14.1.1 byte ranges and §14.2 Range for a representation of known length. */
class ByteRangeTest {

    @Test
    void intRangeIsInclusive() {
        assertThat(ByteRange.parse("bytes=0-499", 10_000)).isEqualTo(new ByteRange.Satisfiable(0, 499));
        assertThat(new ByteRange.Satisfiable(0, 499).length()).isEqualTo(500);
    }

    @Test
    void openRangeRunsToTheEnd() {
        assertThat(ByteRange.parse("bytes=9500-", 10_000)).isEqualTo(new ByteRange.Satisfiable(9500, 9999));
    }

    @Test
    void suffixRangeTakesTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-500", 10_000)).isEqualTo(new ByteRange.Satisfiable(9500, 9999));
    }

    // RFC 9110 §14.1.1: "If the selected representation is shorter than the specified suffix-length, the
    // entire representation is used."
    @Test
    void suffixLongerThanTheRepresentationTakesAllOfIt() {
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange.Satisfiable(0, 99));
    }

    // RFC 9110 §14.1.1: a last-pos at or past the end is replaced by length - 1.
    @Test
    void lastPositionPastTheEndIsClamped() {
        assertThat(ByteRange.parse("bytes=10-1000", 100)).isEqualTo(new ByteRange.Satisfiable(10, 99));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999", 100)).isEqualTo(new ByteRange.Satisfiable(0, 99));
    }

    @Test
    void unitComparesCaseInsensitively() {
        assertThat(ByteRange.parse("Bytes=1-2", 10)).isEqualTo(new ByteRange.Satisfiable(1, 2));
    }

    @Test
    void firstPositionAtOrPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=100-200", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=99999999999999999999999-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void zeroSuffixIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void emptyRepresentationHasNoSatisfiableIntRange() {
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        // A suffix range is satisfiable but has no bytes to name in Content-Range: the whole (empty) 200.
        assertThat(ByteRange.parse("bytes=-5", 0)).isInstanceOf(ByteRange.Ignore.class);
    }

    @Test
    void severalRangesAreServedWhole() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isInstanceOf(ByteRange.Ignore.class);
        assertThat(ByteRange.parse("bytes=0-1, -5", 100)).isInstanceOf(ByteRange.Ignore.class);
    }

    @Test
    void emptyListElementsAreNotRanges() {
        assertThat(ByteRange.parse("bytes=, 0-1 ,", 100)).isEqualTo(new ByteRange.Satisfiable(0, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=5-1", "bytes=", "bytes=-", "bytes=a-b", "bytes=1-2-3", "bytes=+1-2", "bytes=1",
            "items=0-1", "bytes 0-1", "=0-1", "bytes=0x1-2"})
    void invalidOrForeignRangesAreIgnored(String value) {
        assertThat(ByteRange.parse(value, 100)).isInstanceOf(ByteRange.Ignore.class);
    }

    @Property
    void satisfiableRangesLieInsideTheRepresentation(@ForAll @LongRange(min = 0, max = 1000) long first,
            @ForAll @LongRange(min = 0, max = 1000) long last, @ForAll @LongRange(min = 0, max = 1000) long length,
            @ForAll boolean suffix) {
        String value = suffix ? "bytes=-" + last : "bytes=" + first + "-" + last;
        if (ByteRange.parse(value, length) instanceof ByteRange.Satisfiable(long a, long b)) {
            assertThat(a).isBetween(0L, b);
            assertThat(b).isLessThan(length);
        }
    }
}
