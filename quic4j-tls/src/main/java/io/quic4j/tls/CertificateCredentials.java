package io.quic4j.tls;

import io.quic4j.tls.cert.Pem;
import io.quic4j.tls.crypto.Signatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain and its private key: what a server (or a client asked for a certificate)
 * presents. The key must be EC P-256 or P-384, RSA (signing with RSA-PSS) or Ed25519.
 *
 * @param chain the chain, end-entity first
 * @param privateKey the end-entity's private key
 */
public record CertificateCredentials(List<X509Certificate> chain, PrivateKey privateKey) {
    /** Validates: a non-empty chain and a key TLS 1.3 can sign with, of the certificate's type. */
    public CertificateCredentials {
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty: give at least the end-entity certificate");
        }
        if (Signatures.schemesFor(privateKey).isEmpty()) {
            throw new IllegalArgumentException("private key " + privateKey.getAlgorithm()
                    + " cannot sign a TLS 1.3 CertificateVerify: use EC P-256/P-384, RSA (2048+) or Ed25519");
        }
        String certKey = chain.getFirst().getPublicKey().getAlgorithm();
        if (!sameFamily(certKey, privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("private key is " + privateKey.getAlgorithm()
                    + " but the end-entity certificate holds a " + certKey + " key");
        }
    }

    private static boolean sameFamily(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String algorithm) {
        return algorithm.equals("EdDSA") ? "Ed25519" : algorithm;
    }

    /**
     * @param chainPem PEM text with the chain (end-entity first)
     * @param keyPem PEM text with a PKCS#8 PRIVATE KEY
     * @return the credentials
     */
    public static CertificateCredentials fromPem(String chainPem, String keyPem) {
        return new CertificateCredentials(Pem.certificates(chainPem), Pem.privateKey(keyPem));
    }

    /**
     * @param chainFile PEM file with the chain (end-entity first)
     * @param keyFile PEM file with a PKCS#8 PRIVATE KEY
     * @return the credentials
     * @throws UncheckedIOException if a file cannot be read
     */
    public static CertificateCredentials fromPemFiles(Path chainFile, Path keyFile) {
        try {
            return fromPem(Files.readString(chainFile), Files.readString(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param keyStore a loaded key store (PKCS12 or JKS)
     * @param alias the private key entry's alias
     * @param password the entry's password
     * @return the credentials
     * @throws IllegalArgumentException if the alias is not a private key entry with a chain
     */
    public static CertificateCredentials fromKeyStore(KeyStore keyStore, String alias, char[] password) {
        try {
            Key key = keyStore.getKey(alias, password);
            Certificate[] certs = keyStore.getCertificateChain(alias);
            if (!(key instanceof PrivateKey pk) || certs == null) {
                throw new IllegalArgumentException("alias \"" + alias + "\" is not a private key entry with a chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            return new CertificateCredentials(chain, pk);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read alias \"" + alias + "\": " + e.getMessage(), e);
        }
    }
}
