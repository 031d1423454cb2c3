/**
 * Certificates: PEM chains and PKCS#8 keys ({@link io.quic4j.tls.cert.Pem}), validation of a peer's
 * chain through the JDK's PKIX {@code X509TrustManager} with alert mapping (RFC 8446 §6.2) and HTTPS
 * host name matching ({@link io.quic4j.tls.cert.PeerCertificates},
 * {@link io.quic4j.tls.cert.HostnameMatcher}, RFC 6125 §6). Nothing here builds paths or checks
 * signatures by hand: the JDK's PKIX implementation does.
 */
package io.quic4j.tls.cert;
