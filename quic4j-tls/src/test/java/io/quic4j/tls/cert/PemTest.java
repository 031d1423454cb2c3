package io.quic4j.tls.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.tls.testing.TestPki;
import org.junit.jupiter.api.Test;

/** PEM reading with the JDK (RFC 7468). */
class PemTest {
    @Test
    void readsEveryTestKeyType() {
        for (String name : new String[]{"server-ecdsa", "server-p384", "server-rsa", "server-ed25519"}) {
            assertThat(Pem.privateKey(TestPki.resource(name + ".key"))).isNotNull();
            assertThat(Pem.certificates(TestPki.resource(name + ".pem"))).hasSize(1);
        }
    }

    @Test
    void readsChainInFileOrder() {
        assertThat(Pem.certificates(TestPki.resource("trusted.pem")))
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=quic4j test ca", "CN=quic4j test rsa-ca");
    }

    @Test
    void legacyKeyFormatsGetAConversionHint() {
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void missingBlocksAreNamed() {
        assertThatThrownBy(() -> Pem.certificates("nothing here")).hasMessageContaining("BEGIN CERTIFICATE");
        assertThatThrownBy(() -> Pem.privateKey(TestPki.resource("ca.pem"))).hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void corruptCertificateIsRejected() {
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not parse");
    }
}
