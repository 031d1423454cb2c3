package io.quic4j.server.files;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): always generated as IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT});
 * parsed in all three forms a recipient must accept: IMF-fixdate, the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}). Day names,
 * month names and {@code GMT} are case-sensitive, as the grammar says.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter
            .ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private HttpDate() {
    }

    /**
     * @param instant a time; sub-second parts are dropped
     * @return its IMF-fixdate
     */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * @param value a field value
     * @param currentYear this year (UTC), to place an RFC 850 two-digit year
     * @return the instant, or empty if the value is not an HTTP-date in any of the three forms
     */
    public static Optional<Instant> parse(String value, int currentYear) {
        for (DateTimeFormatter format : new DateTimeFormatter[]{IMF_FIXDATE, rfc850(currentYear), ASCTIME}) {
            try {
                return Optional.of(format.parse(value, Instant::from));
            } catch (DateTimeException e) {
                // not this form: try the next
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 9110 §5.6.7: "Recipients of a timestamp value in rfc850-date format, which uses a two-digit year,
     * MUST interpret a timestamp that appears to be more than 50 years in the future as representing the
     * most recent year in the past that had the same last two digits." So the century window starts 49
     * years back.
     */
    private static DateTimeFormatter rfc850(int currentYear) {
        return new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, currentYear - 49).appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    }
}
