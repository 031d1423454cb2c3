package io.quic4j.http3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Http3Headers}: ordered, repeated names kept, lowercase names (RFC 9114 §4.2), no pseudo-headers. */
class Http3HeadersTest {

    @Test
    void keepsOrderAndRepeatsAndLowercasesNames() {
        Http3Headers h = Http3Headers.builder().add("Accept", "a").add("x-b", "1").add("accept", "b").build();

        assertThat(h.get("ACCEPT")).isEqualTo("a");
        assertThat(h.all("accept")).containsExactly("a", "b");
        assertThat(h.fields()).extracting(java.util.Map.Entry::getKey).containsExactly("accept", "x-b", "accept");
        assertThat(h.get("missing")).isNull();
        assertThat(h.size()).isEqualTo(3);
    }

    @Test
    void rejectsPseudoHeaderAndEmptyNames() {
        assertThatThrownBy(() -> Http3Headers.builder().add(":path", "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http3Headers.builder().add("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCrLfAndNulInValues() {
        // RFC 9114 §10.3: such values would be malformed.
        assertThatThrownBy(() -> Http3Headers.builder().add("x", "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http3Headers.builder().add("x", "a\0")).isInstanceOf(IllegalArgumentException.class);
    }
}
