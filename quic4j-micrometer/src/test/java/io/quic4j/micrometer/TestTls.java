package io.quic4j.micrometer;

import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.TlsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** TLS settings for a server on 127.0.0.1 with a fresh self-signed certificate, and for a client trusting it. */
final class TestTls {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0);

    private TestTls() {
    }

    /** Writes a certificate into {@code dir}/cert and returns a server config offering {@code alpn}. */
    static TlsConfig server(Path dir, String alpn) {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        return TlsConfig.builder().applicationProtocols(alpn).certificate(cert.certificate(), cert.privateKey())
                .keyLogFile(null).build();
    }

    /** A client config trusting the certificate {@link #server} wrote into {@code dir}. */
    static TlsConfig client(Path dir, String alpn) {
        return TlsConfig.builder().applicationProtocols(alpn).trustCertificates(dir.resolve("cert").resolve("cert.pem"))
                .keyLogFile(null).build();
    }
}
