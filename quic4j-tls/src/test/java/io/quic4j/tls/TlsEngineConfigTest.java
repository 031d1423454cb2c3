package io.quic4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.testing.TestPki;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of {@link TlsEngineConfig}: inconsistent settings fail with a message saying what to change. */
class TlsEngineConfigTest {
    private static TlsEngineConfig.Builder quic() {
        return TlsEngineConfig.builder().applicationProtocols(List.of("h3"));
    }

    @Test
    void defaultsPreferHybridThenX25519AndAllThreeSuites() {
        TlsEngineConfig c = quic().build();
        assertThat(c.groups()).containsExactly(NamedGroup.X25519MLKEM768, NamedGroup.X25519, NamedGroup.SECP256R1);
        assertThat(c.cipherSuites()).containsExactly(CipherSuite.values());
        assertThat(c.quic()).isTrue();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void quicWithoutAlpnSaysToSetApplicationProtocols() {
        assertThatThrownBy(() -> TlsEngineConfig.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set applicationProtocols");
    }

    @Test
    void rejectsEmptyAndDuplicateLists() {
        assertThatThrownBy(() -> quic().cipherSuites(List.of()).build()).hasMessageContaining("cipherSuites is empty");
        assertThatThrownBy(() -> quic().groups(List.of(NamedGroup.X25519, NamedGroup.X25519)).build())
                .hasMessageContaining("groups has duplicates");
        assertThatThrownBy(() -> quic().applicationProtocols(List.of("h3", "h3")).build())
                .hasMessageContaining("duplicates");
    }

    @Test
    void rejectsAlpnNamesOutsideRfc7301() {
        assertThatThrownBy(() -> quic().applicationProtocols(List.of("")).build()).hasMessageContaining("1-255");
        assertThatThrownBy(() -> quic().applicationProtocols(List.of("h3\u20ac")).build())
                .hasMessageContaining("1-255");
    }

    @Test
    void rejectsPkcs1InCertificateVerifySchemes() {
        assertThatThrownBy(() -> quic().signatureSchemes(List.of(SignatureScheme.RSA_PKCS1_SHA256)).build())
                .hasMessageContaining("not allowed in TLS 1.3 CertificateVerify");
    }

    @Test
    void rejectsTicketLifetimeOverSevenDays() {
        assertThatThrownBy(() -> quic().ticketLifetime(Duration.ofDays(8)).build()).hasMessageContaining("7 days");
    }

    @Test
    void zeroRttNeedsQuicMode() {
        assertThatThrownBy(() -> TlsEngineConfig.builder().quic(false).earlyData(true).build())
                .hasMessageContaining("EndOfEarlyData");
    }

    @Test
    void zeroRttServerNeedsReplayGuard() {
        assertThatThrownBy(() -> quic().sessionTicketKeys(SessionTicketKeys.generate()).earlyData(true).build())
                .hasMessageContaining("replayGuard");
    }

    @Test
    void serverNeedsCredentialsAndQuicNeedsTransportParameters() {
        assertThatThrownBy(() -> TlsEngine.server(quic().build(), new byte[0])).hasMessageContaining("credentials");
        TlsEngineConfig server = quic().credentials(TestPki.credentials("server-ecdsa")).build();
        assertThatThrownBy(() -> TlsEngine.server(server, null)).hasMessageContaining("transport parameters");
        assertThatThrownBy(() -> TlsEngine.client(quic().build(), "localhost", null, null))
                .hasMessageContaining("transport parameters");
    }

    @Test
    void credentialsMustPairKeyWithCertificate() {
        CertificateCredentials ec = TestPki.credentials("server-ecdsa");
        CertificateCredentials rsa = TestPki.credentials("server-rsa");
        assertThatThrownBy(() -> new CertificateCredentials(ec.chain(), rsa.privateKey()))
                .hasMessageContaining("private key is RSA but the end-entity certificate holds a EC key");
        assertThatThrownBy(() -> new CertificateCredentials(List.of(), ec.privateKey()))
                .hasMessageContaining("chain is empty");
    }

    @Test
    void serverEngineRefusesStart() {
        TlsEngine server = TlsEngine.server(quic().credentials(TestPki.credentials("server-ecdsa")).build(),
                new byte[0]);
        assertThatThrownBy(() -> server.start(0)).isInstanceOf(IllegalStateException.class);
    }
}
