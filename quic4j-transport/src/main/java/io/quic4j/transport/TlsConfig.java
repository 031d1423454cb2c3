package io.quic4j.transport;

import io.quic4j.tls.CertificateCredentials;
import io.quic4j.tls.CipherSuite;
import io.quic4j.tls.ClientAuth;
import io.quic4j.tls.NamedGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of a {@link QuicServer} or {@link QuicClient} (DESIGN.md §6): immutable, built with
 * {@link #builder()}. QUIC always runs TLS 1.3 (RFC 9001) and always negotiates an application protocol
 * with ALPN (RFC 9001 §8.1), so {@link #applicationProtocols()} must not be empty.
 *
 * <pre>{@code
 * TlsConfig server = TlsConfig.builder()
 *         .applicationProtocols("h3")
 *         .certificate(Path.of("cert.pem"), Path.of("key.pem"))
 *         .build();
 * TlsConfig client = TlsConfig.builder()
 *         .applicationProtocols("h3")
 *         .trustCertificates(Path.of("ca.pem")) // or leave it out to trust the JDK's CAs
 *         .build();
 * }</pre>
 *
 * @param applicationProtocols ALPN protocols in order of preference, at least one
 * @param certificate our certificate chain and private key: required on a server, optional on a client
 *            (a client certificate)
 * @param trustManager checks the peer's certificate chain; empty for the JDK's default trust store
 * @param clientAuth whether a server asks clients for a certificate
 * @param cipherSuites the TLS 1.3 cipher suites in order of preference
 * @param groups the key-exchange groups in order of preference
 * @param keyLogFile where to append the TLS secrets in the {@code SSLKEYLOGFILE} format, so Wireshark or
 *            tshark can decrypt a capture; defaults to the {@code SSLKEYLOGFILE} environment variable.
 *            Anyone with this file can decrypt the traffic: for debugging only
 */
public record TlsConfig(List<String> applicationProtocols, Optional<CertificateCredentials> certificate,
        Optional<X509TrustManager> trustManager, ClientAuth clientAuth, List<CipherSuite> cipherSuites,
        List<NamedGroup> groups, Optional<Path> keyLogFile) {

    /** Checks every setting. */
    public TlsConfig {
        applicationProtocols = List.copyOf(applicationProtocols);
        if (applicationProtocols.isEmpty()) {
            throw new IllegalArgumentException("QUIC requires ALPN (RFC 9001 §8.1): set applicationProtocols, "
                    + "for example applicationProtocols(\"h3\")");
        }
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(trustManager, "trustManager");
        Objects.requireNonNull(clientAuth, "clientAuth");
        cipherSuites = List.copyOf(cipherSuites);
        groups = List.copyOf(groups);
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("cipherSuites is empty: give at least one of "
                    + List.of(CipherSuite.values()));
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("groups is empty: give at least one of " + List.of(NamedGroup.values()));
        }
        Objects.requireNonNull(keyLogFile, "keyLogFile");
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from these settings */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link TlsConfig}. */
    public static final class Builder {
        private List<String> applicationProtocols = List.of();
        private Optional<CertificateCredentials> certificate = Optional.empty();
        private Optional<X509TrustManager> trustManager = Optional.empty();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private List<NamedGroup> groups = List.of(NamedGroup.X25519MLKEM768, NamedGroup.X25519,
                NamedGroup.SECP256R1);
        private Optional<Path> keyLogFile = Optional.ofNullable(System.getenv("SSLKEYLOGFILE"))
                .filter(s -> !s.isBlank()).map(Path::of);

        /** Starts from the defaults. */
        public Builder() {
        }

        private Builder(TlsConfig c) {
            applicationProtocols = c.applicationProtocols;
            certificate = c.certificate;
            trustManager = c.trustManager;
            clientAuth = c.clientAuth;
            cipherSuites = c.cipherSuites;
            groups = c.groups;
            keyLogFile = c.keyLogFile;
        }

        /**
         * Sets ALPN protocols in order of preference.
         *
         * @param v the value
         * @return this builder
         */
        public Builder applicationProtocols(String... v) {
            applicationProtocols = List.of(v);
            return this;
        }

        /**
         * Sets ALPN protocols in order of preference.
         *
         * @param v the value
         * @return this builder
         */
        public Builder applicationProtocols(List<String> v) {
            applicationProtocols = List.copyOf(v);
            return this;
        }

        /**
         * Sets our certificate chain and key.
         *
         * @param v the value
         * @return this builder
         */
        public Builder certificate(CertificateCredentials v) {
            certificate = Optional.of(v);
            return this;
        }

        /**
         * @param chainPem a PEM file with the certificate chain, end-entity first
         * @param keyPem a PEM file with the PKCS#8 private key
         * @return this
         * @throws UncheckedIOException if a file cannot be read
         */
        public Builder certificate(Path chainPem, Path keyPem) {
            return certificate(CertificateCredentials.fromPemFiles(chainPem, keyPem));
        }

        /**
         * Sets checks the peer's chain.
         *
         * @param v the value
         * @return this builder
         */
        public Builder trustManager(X509TrustManager v) {
            trustManager = Optional.of(v);
            return this;
        }

        /**
         * Trusts exactly the certificates in a PEM file (for example a private CA, or a self-signed server
         * certificate), instead of the JDK's default trust store.
         *
         * @param pem a PEM file with one or more certificates
         * @return this
         * @throws UncheckedIOException if the file cannot be read
         * @throws IllegalArgumentException if it holds no certificate
         */
        public Builder trustCertificates(Path pem) {
            try (InputStream in = Files.newInputStream(pem)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalArgumentException(pem + " holds no PEM certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        return trustManager(x);
                    }
                }
                throw new IllegalStateException("the JDK offers no X509TrustManager");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pem, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(pem + " is not a usable PEM certificate file: " + e.getMessage(), e);
            }
        }

        /**
         * Sets whether a server asks for client certificates.
         *
         * @param v the value
         * @return this builder
         */
        public Builder clientAuth(ClientAuth v) {
            clientAuth = v;
            return this;
        }

        /**
         * Sets cipher suites in order of preference.
         *
         * @param v the value
         * @return this builder
         */
        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = List.copyOf(v);
            return this;
        }

        /**
         * Sets key-exchange groups in order of preference.
         *
         * @param v the value
         * @return this builder
         */
        public Builder groups(List<NamedGroup> v) {
            groups = List.copyOf(v);
            return this;
        }

        /**
         * Sets where to append TLS secrets, overriding {@code SSLKEYLOGFILE}.
         *
         * @param v the file; {@code null} for nowhere
         * @return this builder
         */
        public Builder keyLogFile(Path v) {
            keyLogFile = Optional.ofNullable(v);
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming the setting to change
         */
        public TlsConfig build() {
            return new TlsConfig(applicationProtocols, certificate, trustManager, clientAuth, cipherSuites, groups,
                    keyLogFile);
        }
    }
}
