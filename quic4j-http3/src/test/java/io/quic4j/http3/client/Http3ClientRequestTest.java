package io.quic4j.http3.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.transport.TlsConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The request's pseudo-headers come from its URI (RFC 9114 §4.3.1), and misuse is refused when built. */
class Http3ClientRequestTest {
    private static Http3ClientRequest.Builder of(String uri) {
        return Http3ClientRequest.newBuilder(URI.create(uri));
    }

    @Test
    void authorityAndPathComeFromTheUri() {
        Http3ClientRequest r = of("https://example.com:8443/a/b%20c?x=1&y=2#frag").build();
        assertThat(r.authority()).isEqualTo("example.com:8443");
        assertThat(r.path()).isEqualTo("/a/b%20c?x=1&y=2");
        assertThat(r.port()).isEqualTo(8443);
        assertThat(r.method()).isEqualTo("GET");
    }

    @Test
    void anEmptyPathIsSlashAndTheDefaultPortIs443() {
        // RFC 9114 §4.3.1: :path "MUST NOT be empty for "http" or "https" URIs".
        Http3ClientRequest r = of("https://example.com").build();
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.authority()).isEqualTo("example.com");
        assertThat(r.port()).isEqualTo(443);
    }

    @Test
    void refusesAnythingButHttps() {
        assertThatThrownBy(() -> of("http://example.com/").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
    }

    @Test
    void refusesConnectionSpecificAndHostFields() {
        // RFC 9114 §4.2: connection-specific fields are malformed in HTTP/3.
        assertThatThrownBy(() -> of("https://example.com/").header("Connection", "close").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection");
        assertThatThrownBy(() -> of("https://example.com/").header("host", "other").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> of("https://example.com/").timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aByteArrayBodyKnowsItsLength() {
        assertThat(Http3ClientRequest.Body.of(new byte[7]).length()).isEqualTo(7);
        assertThat(Http3ClientRequest.Body.ofInputStream(java.io.InputStream::nullInputStream).length())
                .isEqualTo(-1);
    }

    @Test
    void theConfigNeedsAlpnH3() {
        // RFC 9114 §3.1: HTTP/3 is negotiated with ALPN "h3".
        TlsConfig tls = TlsConfig.builder().applicationProtocols("hq-interop").build();
        assertThatThrownBy(() -> Http3ClientConfig.defaults(tls)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("h3");
    }
}
