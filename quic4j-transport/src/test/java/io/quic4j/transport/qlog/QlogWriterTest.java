package io.quic4j.transport.qlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

/** JSON encoding (RFC 8259) and JSON Text Sequence framing (RFC 7464) of qlog records. */
class QlogWriterTest {

    private static byte[] write(String... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (QlogWriter w = QlogWriter.of(bytes)) {
            for (String v : values) {
                w.begin().beginObject().member("s", v).endObject();
                w.commit();
            }
        }
        return bytes.toByteArray();
    }

    private static String roundTrip(String value) throws IOException {
        List<Object> records = StrictJson.parseSequence(write(value));
        assertThat(records).hasSize(1);
        return (String) ((Map<?, ?>) records.getFirst()).get("s");
    }

    @Test
    void everyRecordStartsWithRecordSeparatorAndEndsWithLineFeed() throws IOException {
        // RFC 7464 §2.2 / qlog main schema: "each prefixed by an ASCII Record Separator ... and each ending
        // with an ASCII Line Feed character".
        String text = new String(write("a", "b"), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\u001e{\"s\":\"a\"}\n\u001e{\"s\":\"b\"}\n");
    }

    @Test
    void escapesQuotationMarkReverseSolidusAndControlCharacters() throws IOException {
        // RFC 8259 §7: these "MUST be escaped".
        String text = new String(write("\"\\\n\r\t\b\f\u0000\u001f"), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\u001e{\"s\":\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f\"}\n");
    }

    @Test
    void recordSeparatorInsideAStringIsEscapedSoFramingHolds() throws IOException {
        byte[] bytes = write("x\u001ey", "z");
        long separators = new String(bytes, StandardCharsets.UTF_8).chars().filter(c -> c == 0x1e).count();
        assertThat(separators).isEqualTo(2);
        assertThat(StrictJson.parseSequence(bytes)).hasSize(2);
        assertThat(roundTrip("x\u001ey")).isEqualTo("x\u001ey");
    }

    @Test
    void nonAsciiIsWrittenAsUtf8AndLoneSurrogatesAreEscaped() throws IOException {
        // RFC 8259 §8.1: UTF-8. A lone surrogate has no UTF-8 form, so it goes out as \\uXXXX.
        assertThat(roundTrip("é€😀")).isEqualTo("é€😀");
        assertThat(new String(write("\ud800"), StandardCharsets.UTF_8)).contains("\\ud800");
        assertThat(roundTrip("a\udc00b\ud800")).isEqualTo("a\udc00b\ud800");
    }

    @Property
    void anyStringSurvivesARoundTrip(@ForAll @CharRange(from = '\u0000', to = '\uffff') String value)
            throws IOException {
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void nestedValuesGetCommasOnlyBetweenSiblings() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (QlogWriter w = QlogWriter.of(bytes)) {
            JsonEncoder j = w.begin().beginObject();
            j.name("a").beginArray().beginArray().value(1).value(2).endArray().beginArray().value(3).endArray()
                    .endArray();
            j.member("b", true).name("c").beginObject().endObject().name("d").beginArray().endArray();
            j.endObject();
            w.commit();
        }
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("\u001e{\"a\":[[1,2],[3]],\"b\":true,\"c\":{},\"d\":[]}\n");
    }

    @Test
    void millisecondsAreExactDecimals() {
        assertThat(millis(0)).isEqualTo("0");
        assertThat(millis(2_000_000)).isEqualTo("2");
        assertThat(millis(1_500_000)).isEqualTo("1.5");
        assertThat(millis(1_234_567)).isEqualTo("1.234567");
        assertThat(millis(1)).isEqualTo("0.000001");
        assertThat(millis(-1_500_000)).isEqualTo("-1.5");
        assertThat(new BigDecimal(millis(Long.MIN_VALUE))).isEqualTo(new BigDecimal("-9223372036854.775808"));
        assertThat(StrictJson.parse(millis(987_654_321_012L))).isEqualTo(new BigDecimal("987654.321012"));
    }

    private static String millis(long nanos) {
        return new JsonEncoder().reset().millis(nanos).text().toString();
    }

    @Test
    void closingMoreThanWasOpenedIsOurBug() {
        assertThatThrownBy(() -> new JsonEncoder().reset().endObject()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void strictParserRejectsWhatJsonDoesNotAllow() {
        // The checker used by the trace tests must itself be strict, or it proves nothing.
        for (String bad : List.of("{\"a\":1,}", "[1,]", "01", "\"\u0001\"", "{\"a\" 1}", "\"\\x\"", "{} x",
                "{\"a\":1,\"a\":2}", "1.", "-", "tru")) {
            assertThatThrownBy(() -> StrictJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
