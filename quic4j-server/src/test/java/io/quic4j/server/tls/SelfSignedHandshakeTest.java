package io.quic4j.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.TlsAlertException;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The certificate does its job: quic4j's own TLS 1.3 engine completes a handshake with it, a client that
 * trusts exactly this certificate validates it with the JDK's PKIX checks and HTTPS name matching (RFC
 * 6125), and refuses a name that is not in it.
 */
class SelfSignedHandshakeTest {
    private static final byte[] TRANSPORT_PARAMETERS = {1, 2, 3};
    private static SelfSignedCertificate generated;

    @BeforeAll
    static void generate() {
        generated = SelfSignedCertificate.generate(List.of("example.test"), Duration.ofDays(14), Instant.now(),
                new SecureRandom());
    }

    private static X509TrustManager trustOnly(SelfSignedCertificate certificate) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("self", certificate.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs client and server engines against each other in memory until neither sends. */
    private static void handshake(TlsEngine client, TlsEngine server) {
        long now = System.currentTimeMillis();
        client.start(now);
        boolean moved = true;
        while (moved) {
            moved = move(client, server, now) | move(server, client, now);
        }
    }

    private static boolean move(TlsEngine from, TlsEngine to, long now) {
        while (from.pollEvent() != null) {
            // secrets and parameters are the transport's business, not this test's
        }
        boolean moved = false;
        for (EncryptionLevel level : EncryptionLevel.values()) {
            ByteBuffer out = from.pollOutput(level);
            if (out != null) {
                to.receive(level, out, now);
                moved = true;
            }
        }
        return moved;
    }

    private static TlsEngine server() {
        CertificateCredentials credentials = CertificateCredentials.fromPem(generated.certificatePem(),
                generated.privateKeyPem());
        return TlsEngine.server(TlsEngineConfig.builder().applicationProtocols(List.of("h3")).credentials(credentials)
                .build(), TRANSPORT_PARAMETERS);
    }

    private static TlsEngine client(String serverName) throws GeneralSecurityException {
        return TlsEngine.client(TlsEngineConfig.builder().applicationProtocols(List.of("h3"))
                .trustManager(trustOnly(generated)).build(), serverName, TRANSPORT_PARAMETERS, null);
    }

    @Test
    void quic4jClientAcceptsItForEveryNameItHolds() throws GeneralSecurityException {
        for (String name : List.of("localhost", "127.0.0.1", "example.test")) {
            TlsEngine client = client(name);
            TlsEngine server = server();
            handshake(client, server);
            assertThat(client.isHandshakeComplete()).as(name).isTrue();
            assertThat(server.isHandshakeComplete()).as(name).isTrue();
        }
    }

    @Test
    void quic4jClientRefusesANameItDoesNotHold() {
        assertThatThrownBy(() -> handshake(client("other.test"), server())).isInstanceOf(TlsAlertException.class);
    }

    @Test
    void quic4jClientRefusesAnotherSelfSignedCertificate() {
        SelfSignedCertificate other = SelfSignedCertificate.generate();
        assertThatThrownBy(
                () -> handshake(TlsEngine.client(TlsEngineConfig.builder().applicationProtocols(List.of("h3"))
                        .trustManager(trustOnly(other)).build(), "localhost", TRANSPORT_PARAMETERS, null), server()))
                .isInstanceOf(TlsAlertException.class);
    }
}
