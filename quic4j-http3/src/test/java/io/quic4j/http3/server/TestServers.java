package io.quic4j.http3.server;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** An {@link Http3Server} on 127.0.0.1 with a fresh self-signed certificate, for the tests. */
final class TestServers {
    private TestServers() {
    }

    static QuicConfig quicConfig() {
        return QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(20)).build();
    }

    static Http3Server start(Path dir, Http3Handler handler) throws IOException {
        return start(dir, Http3ServerConfig.builder().quicConfig(quicConfig()).build(), handler);
    }

    static Http3Server start(Path dir, Http3ServerConfig config, Http3Handler handler) throws IOException {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(cert.certificate(), cert.privateKey())
                .keyLogFile(null)
                .build();
        return Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config, tls, handler);
    }

    /** A client TLS config trusting the certificate {@link #start} wrote into {@code dir}. */
    static TlsConfig clientTls(Path dir) {
        return TlsConfig.builder().applicationProtocols("h3")
                .trustCertificates(dir.resolve("cert").resolve("cert.pem"))
                .keyLogFile(null)
                .build();
    }
}
