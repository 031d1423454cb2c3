package io.quic4j.tls.cert;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Validates a peer's chain with the JDK's PKIX trust machinery (an {@link X509TrustManager}) and,
 * for servers, the host name. Failures map to the alert RFC 8446 §6.2 names: unknown_ca for a chain
 * that does not reach a trust anchor, certificate_expired, certificate_revoked, bad_certificate for
 * an unparsable certificate or a host name mismatch, certificate_unknown otherwise.
 */
public final class PeerCertificates {
    /** The authType JSSE passes for TLS 1.3, where the key exchange no longer depends on the cert. */
    private static final String AUTH_TYPE = "UNKNOWN";

    private PeerCertificates() {
    }

    /**
     * @return the JDK's default PKIX trust manager (the cacerts file, or javax.net.ssl.trustStore)
     */
    public static X509TrustManager defaultTrustManager() {
        return DefaultTrust.INSTANCE;
    }

    /**
     * @param trustStore anchors
     * @return a PKIX trust manager over them
     */
    public static X509TrustManager trustManager(KeyStore trustStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trustStore);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("PKIX TrustManagerFactory returned no X509TrustManager");
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("cannot build a PKIX trust manager", e);
        }
    }

    private static final class DefaultTrust {
        static final X509TrustManager INSTANCE = trustManager(null);
    }

    /**
     * @param entries DER certificates, end-entity first
     * @return the parsed chain
     * @throws TlsAlertException bad_certificate if one does not parse
     */
    public static List<X509Certificate> parse(List<ByteBuffer> entries) {
        List<X509Certificate> chain = new ArrayList<>(entries.size());
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (ByteBuffer der : entries) {
                byte[] bytes = new byte[der.remaining()];
                der.get(der.position(), bytes);
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(bytes)));
            }
        } catch (CertificateException | ClassCastException e) {
            throw new TlsAlertException(TlsAlert.BAD_CERTIFICATE, "certificate does not parse", e);
        }
        return chain;
    }

    /**
     * Validates a server's chain and host name (client side).
     *
     * @param trust the trust manager
     * @param chain the chain, end-entity first
     * @param host the expected host name or IP literal; {@code null} skips the host check
     */
    public static void checkServer(X509TrustManager trust, List<X509Certificate> chain, String host) {
        try {
            trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), AUTH_TYPE);
        } catch (CertificateException e) {
            throw new TlsAlertException(alertFor(e), "server certificate rejected: " + e.getMessage(), e);
        }
        if (host != null && !HostnameMatcher.matches(chain.getFirst(), host)) {
            throw new TlsAlertException(TlsAlert.BAD_CERTIFICATE,
                    "server certificate is not valid for " + host + " (subjectAltName mismatch)");
        }
    }

    /**
     * Validates a client's chain (server side).
     *
     * @param trust the trust manager
     * @param chain the chain, end-entity first
     */
    public static void checkClient(X509TrustManager trust, List<X509Certificate> chain) {
        try {
            trust.checkClientTrusted(chain.toArray(X509Certificate[]::new), AUTH_TYPE);
        } catch (CertificateException e) {
            throw new TlsAlertException(alertFor(e), "client certificate rejected: " + e.getMessage(), e);
        }
    }

    static TlsAlert alertFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TlsAlert.CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertPathBuilderException) {
                return TlsAlert.UNKNOWN_CA; // the JDK's builder found no path to an anchor
            }
            if (t instanceof CertPathValidatorException v) {
                if (v.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                    return TlsAlert.UNKNOWN_CA;
                }
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return TlsAlert.CERTIFICATE_EXPIRED;
                }
                if (v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return TlsAlert.CERTIFICATE_REVOKED;
                }
            }
        }
        return TlsAlert.CERTIFICATE_UNKNOWN;
    }
}
