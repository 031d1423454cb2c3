package io.quic4j.tls.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.tls.testing.TestPki;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** HTTPS endpoint identification (RFC 6125 §6, RFC 9110 §4.3.4). */
class HostnameMatcherTest {
    private final X509Certificate localhost = TestPki.credentials("server-ecdsa").chain().getFirst();
    private final X509Certificate wildcard = TestPki.credentials("server-wildcard").chain().getFirst();

    @Test
    void matchesDnsNameCaseInsensitivelyAndIgnoresTrailingDot() {
        assertThat(HostnameMatcher.matches(localhost, "localhost")).isTrue();
        assertThat(HostnameMatcher.matches(localhost, "LocalHost.")).isTrue();
        assertThat(HostnameMatcher.matches(localhost, "localhost.localdomain")).isFalse();
    }

    @Test
    void matchesIpLiteralOnlyAgainstIpAddressEntries() {
        assertThat(HostnameMatcher.matches(localhost, "127.0.0.1")).isTrue();
        assertThat(HostnameMatcher.matches(localhost, "127.0.0.2")).isFalse();
        assertThat(HostnameMatcher.matches(wildcard, "::1")).isTrue();
        assertThat(HostnameMatcher.matches(wildcard, "[0:0:0:0:0:0:0:1]")).isTrue();
    }

    /** RFC 6125 §6.4.3: the wildcard stands for exactly one left-most label. */
    @Test
    void wildcardMatchesExactlyOneLabel() {
        assertThat(HostnameMatcher.matches(wildcard, "www.example.test")).isTrue();
        assertThat(HostnameMatcher.matches(wildcard, "example.test")).isFalse();
        assertThat(HostnameMatcher.matches(wildcard, "a.b.example.test")).isFalse();
        assertThat(HostnameMatcher.matches(wildcard, "wwwexample.test")).isFalse();
    }

    @Test
    void subjectCommonNameIsNotConsulted() {
        assertThat(HostnameMatcher.matches(localhost, "quic4j test server-ecdsa")).isFalse();
    }

    @Test
    void ipLiteralsAreRecognisedWithoutNameLookup() {
        assertThat(HostnameMatcher.isIpLiteral("10.0.0.1")).isTrue();
        assertThat(HostnameMatcher.isIpLiteral("fe80::1")).isTrue();
        assertThat(HostnameMatcher.isIpLiteral("example.com")).isFalse();
    }
}
