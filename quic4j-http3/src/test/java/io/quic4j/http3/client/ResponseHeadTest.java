package io.quic4j.http3.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import org.junit.jupiter.api.Test;

/** RFC 9114 §4.3.2 and §4.1.2: a malformed response header section is a stream error H3_MESSAGE_ERROR. */
class ResponseHeadTest {
    private static void assertMalformed(FieldLine... lines) {
        assertThatThrownBy(() -> ResponseHead.parse(FieldSection.of(lines))).isInstanceOfSatisfying(
                Http3Exception.class, e -> assertThat(e.error()).isEqualTo(Http3Error.H3_MESSAGE_ERROR));
    }

    @Test
    void parsesStatusAndFields() {
        ResponseHead h = ResponseHead.parse(FieldSection.of(FieldLine.of(":status", "204"),
                FieldLine.of("x-a", "1")));
        assertThat(h.status()).isEqualTo(204);
        assertThat(h.headers().get("x-a")).isEqualTo("1");
        assertThat(h.isInterim()).isFalse();
        assertThat(ResponseHead.parse(FieldSection.of(FieldLine.of(":status", "103"))).isInterim()).isTrue();
    }

    @Test
    void rejectsAMissingStatus() {
        assertMalformed(FieldLine.of("x-a", "1"));
    }

    @Test
    void rejectsATwiceGivenStatus() {
        assertMalformed(FieldLine.of(":status", "200"), FieldLine.of(":status", "200"));
    }

    @Test
    void rejectsAStatusThatIsNotThreeDigits() {
        assertMalformed(FieldLine.of(":status", "20"));
        assertMalformed(FieldLine.of(":status", "2x0"));
    }

    @Test
    void rejectsSwitchingProtocols() {
        // RFC 9114 §4.5: HTTP/3 does not use 101.
        assertMalformed(FieldLine.of(":status", "101"));
    }

    @Test
    void rejectsARequestPseudoHeader() {
        assertMalformed(FieldLine.of(":status", "200"), FieldLine.of(":path", "/"));
    }

    @Test
    void rejectsAPseudoHeaderAfterARegularField() {
        assertMalformed(FieldLine.of("x-a", "1"), FieldLine.of(":status", "200"));
    }

    @Test
    void rejectsAnUppercaseFieldName() {
        assertMalformed(FieldLine.of(":status", "200"), new FieldLine("X-A", "1", false));
    }

    @Test
    void rejectsPseudoHeadersInTrailers() {
        assertThatThrownBy(() -> ResponseHead.trailers(FieldSection.of(FieldLine.of(":status", "200"))))
                .isInstanceOfSatisfying(Http3Exception.class,
                        e -> assertThat(e.error()).isEqualTo(Http3Error.H3_MESSAGE_ERROR));
    }
}
