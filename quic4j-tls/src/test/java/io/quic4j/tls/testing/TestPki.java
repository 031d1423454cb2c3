package io.quic4j.tls.testing;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.cert.PeerCertificates;
import io.quic4j.tls.cert.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/** The test PKI in src/test/resources/certs (see generate.sh there). */
public final class TestPki {
    private TestPki() {
    }

    /**
     * @param name resource base name
     * @return the text of certs/name
     */
    public static String resource(String name) {
        try (InputStream in = TestPki.class.getResourceAsStream("/certs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource certs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name e.g. "server-ecdsa"
     * @return the file path of certs/name (tests that hand files to openssl)
     */
    public static Path path(String name) {
        try {
            return Path.of(TestPki.class.getResource("/certs/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param name e.g. "server-ecdsa"
     * @return the chain (just the leaf) and key
     */
    public static CertificateCredentials credentials(String name) {
        return CertificateCredentials.fromPem(resource(name + ".pem"), resource(name + ".key"));
    }

    /**
     * @param caNames CA base names
     * @return a PKIX trust manager over those CAs
     */
    public static X509TrustManager trust(String... caNames) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (String ca : caNames) {
                List<X509Certificate> certs = Pem.certificates(resource(ca + ".pem"));
                ks.setCertificateEntry(ca, certs.getFirst());
            }
            return PeerCertificates.trustManager(ks);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return trust in the test CAs (EC and RSA) */
    public static X509TrustManager trust() {
        return trust("ca", "rsa-ca");
    }
}
