package io.quic4j.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §5.6.7 HTTP-date. */
class HttpDateTest {
    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(EXAMPLE.plusMillis(999))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    // RFC 9110 §5.6.7: "A recipient that parses a timestamp value in an HTTP field MUST accept all three
    // HTTP-date formats."
    @Test
    void parsesAllThreeForms() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", 2026)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", 2026)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", 2026)).contains(EXAMPLE);
        assertThat(HttpDate.parse("Wed Nov 16 08:49:37 1994", 2026)).contains(Instant.parse("1994-11-16T08:49:37Z"));
    }

    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent past one.
    @Test
    void rfc850TwoDigitYearIsAtMostFiftyYearsAhead() {
        assertThat(HttpDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", 2026))
                .contains(Instant.parse("2076-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", 2026))
                .contains(Instant.parse("1977-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Thursday, 01-Jan-26 00:00:00 GMT", 2026))
                .contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000", "sun, 06 nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT", "Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT, x",
            "1994-11-06T08:49:37Z"})
    void rejectsWhatIsNotAnHttpDate(String value) {
        assertThat(HttpDate.parse(value, 2026)).isEmpty();
    }

    @Property
    void imfFixdateRoundTrips(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        assertThat(HttpDate.parse(HttpDate.format(instant), 2026)).contains(instant);
    }
}
