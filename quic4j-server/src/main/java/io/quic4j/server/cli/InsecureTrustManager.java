package io.quic4j.server.cli;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * {@code quic4j get --insecure}: accepts any server certificate chain, as curl's {@code -k} does. Used only when that
 * option is given, with a warning; the host name check of the TLS engine still applies.
 */
final class InsecureTrustManager implements X509TrustManager {
    InsecureTrustManager() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("quic4j get is a client: it never checks client certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Deliberately accepts every chain: the user asked for --insecure.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
