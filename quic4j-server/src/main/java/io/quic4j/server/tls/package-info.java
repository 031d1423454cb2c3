/**
 * TLS material for the web server: {@link io.quic4j.server.tls.SelfSignedCertificate} generates an ECDSA
 * P-256 key and a self-signed X.509 v3 certificate (RFC 5280 §4.1, extensions §4.2.1.3 keyUsage, §4.2.1.6
 * subjectAltName, §4.2.1.9 basicConstraints, §4.2.1.12 extendedKeyUsage), writes them as PEM (RFC 7468)
 * and gives the SubjectPublicKeyInfo SHA-256 that Chromium accepts in place of a CA. BouncyCastle encodes
 * the certificate; the JDK makes the key and signs. Loading PEM files for a server is
 * {@code io.quic4j.tls.CertificateCredentials}'s job, in quic4j-tls.
 */
package io.quic4j.server.tls;
