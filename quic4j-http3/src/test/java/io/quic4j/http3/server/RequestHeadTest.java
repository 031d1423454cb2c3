package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.http3.qpack.FieldSection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request header checks of RFC 9114 §4.2, §4.3, §4.3.1, §4.4 and §10.3: each malformed rule is H3_MESSAGE_ERROR. */
class RequestHeadTest {

    private static FieldSection section(String... nameValues) {
        List<FieldLine> lines = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            lines.add(new FieldLine(nameValues[i], nameValues[i + 1], false));
        }
        return new FieldSection(lines);
    }

    private static final String[] GET = {":method", "GET", ":scheme", "https", ":authority", "example.com", ":path",
            "/"};

    private static FieldSection get(String... more) {
        List<String> all = new ArrayList<>(List.of(GET));
        all.addAll(List.of(more));
        return section(all.toArray(String[]::new));
    }

    private static void assertMalformed(FieldSection s) {
        assertThatThrownBy(() -> RequestHead.parse(s)).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(Http3Error.H3_MESSAGE_ERROR));
    }

    @Test
    void acceptsAWellFormedGet() {
        RequestHead head = RequestHead.parse(get("accept", "*/*", "te", "trailers"));

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.scheme()).isEqualTo("https");
        assertThat(head.authority()).isEqualTo("example.com");
        assertThat(head.path()).isEqualTo("/");
        assertThat(head.headers().get("accept")).isEqualTo("*/*");
        assertThat(head.headers().all("te")).containsExactly("trailers");
    }

    @Test
    void acceptsHostInsteadOfAuthority() {
        // RFC 9114 §4.3.1: ":authority pseudo-header field or a Host header field".
        RequestHead head = RequestHead.parse(section(":method", "GET", ":scheme", "https", ":path", "/", "host", "h"));

        assertThat(head.authority()).isEqualTo("h");
    }

    @Test
    void rejectsUppercaseFieldName() {
        // RFC 9114 §4.2: uppercase characters in field names are malformed.
        assertMalformed(get("Accept", "*/*"));
    }

    @Test
    void rejectsInvalidCharacterInFieldName() {
        // RFC 9114 §10.3: invalid field names are malformed.
        assertMalformed(get("bad name", "x"));
    }

    @Test
    void rejectsCrLfOrNulInFieldValue() {
        // RFC 9114 §10.3: CR, LF and NUL in values are malformed.
        assertMalformed(get("x", "a\r\nb"));
        assertMalformed(get("x", "a\0b"));
    }

    @Test
    void rejectsLeadingOrTrailingWhitespaceInValue() {
        // RFC 9110 §5.5: field-content starts and ends with a visible character.
        assertMalformed(get("x", " a"));
    }

    @Test
    void rejectsConnectionSpecificFields() {
        // RFC 9114 §4.2: connection-specific fields are malformed.
        for (String name : List.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade")) {
            assertMalformed(get(name, "x"));
        }
    }

    @Test
    void rejectsTeOtherThanTrailers() {
        // RFC 9114 §4.2: TE "MUST NOT contain any value other than "trailers"".
        assertMalformed(get("te", "gzip"));
    }

    @Test
    void rejectsPseudoHeaderAfterRegularField() {
        // RFC 9114 §4.3: pseudo-header fields come before regular fields.
        assertMalformed(
                section(":method", "GET", ":scheme", "https", "accept", "*/*", ":authority", "a", ":path", "/"));
    }

    @Test
    void rejectsUndefinedOrResponsePseudoHeader() {
        // RFC 9114 §4.3: undefined pseudo-headers and response ones in a request are malformed.
        assertMalformed(get(":status", "200"));
        assertMalformed(section(":method", "GET", ":scheme", "https", ":authority", "a", ":path", "/", ":foo", "x"));
        // RFC 9220 §3: :protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL.
        assertMalformed(section(":method", "CONNECT", ":protocol", "websocket", ":scheme", "https", ":authority", "a",
                ":path", "/"));
    }

    @Test
    void rejectsMissingMethodSchemeOrPath() {
        // RFC 9114 §4.3.1: exactly one :method, :scheme and :path.
        assertMalformed(section(":scheme", "https", ":authority", "a", ":path", "/"));
        assertMalformed(section(":method", "GET", ":authority", "a", ":path", "/"));
        assertMalformed(section(":method", "GET", ":scheme", "https", ":authority", "a"));
    }

    @Test
    void rejectsDuplicatePseudoHeader() {
        // RFC 9114 §4.3.1: "exactly one value".
        assertMalformed(section(":method", "GET", ":method", "POST", ":scheme", "https", ":authority", "a", ":path",
                "/"));
    }

    @Test
    void rejectsEmptyPathForHttps() {
        // RFC 9114 §4.3.1: :path "MUST NOT be empty for "http" or "https" URIs".
        assertMalformed(section(":method", "GET", ":scheme", "https", ":authority", "a", ":path", ""));
    }

    @Test
    void rejectsMissingOrEmptyAuthority() {
        // RFC 9114 §4.3.1: an :authority or a Host field, not empty.
        assertMalformed(section(":method", "GET", ":scheme", "https", ":path", "/"));
        assertMalformed(section(":method", "GET", ":scheme", "https", ":authority", "", ":path", "/"));
    }

    @Test
    void rejectsAuthorityAndHostThatDiffer() {
        // RFC 9114 §4.3.1: "If both fields are present, they MUST contain the same value."
        assertMalformed(get("host", "other.example"));
    }

    @Test
    void rejectsUserinfoInAuthority() {
        // RFC 9114 §4.3.1: "MUST NOT include the deprecated userinfo subcomponent".
        assertMalformed(section(":method", "GET", ":scheme", "https", ":authority", "user@a", ":path", "/"));
    }

    @Test
    void rejectsConnectWithSchemeOrPathOrWithoutAuthority() {
        // RFC 9114 §4.4: CONNECT omits :scheme and :path and carries :authority.
        assertMalformed(section(":method", "CONNECT", ":scheme", "https", ":authority", "a:443"));
        assertMalformed(section(":method", "CONNECT", ":authority", "a:443", ":path", "/"));
        assertMalformed(section(":method", "CONNECT"));
        assertThat(RequestHead.parse(section(":method", "CONNECT", ":authority", "a:443")).isConnect()).isTrue();
    }

    @Test
    void rejectsPseudoHeaderInTrailers() {
        // RFC 9114 §4.3: "Pseudo-header fields MUST NOT appear in trailer sections."
        assertThatThrownBy(() -> RequestHead.trailers(section(":path", "/"))).isInstanceOfSatisfying(
                Http3Exception.class, e -> assertThat(e.error()).isEqualTo(Http3Error.H3_MESSAGE_ERROR));
        assertThat(RequestHead.trailers(section("x-sum", "1")).get("x-sum")).isEqualTo("1");
    }
}
