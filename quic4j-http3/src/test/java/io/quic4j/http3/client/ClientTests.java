package io.quic4j.http3.client;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
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
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** A server on 127.0.0.1 with a fresh certificate, and a client trusting it, for the client's tests. */
final class ClientTests {
    private ClientTests() {
    }

    static QuicConfig quicConfig() {
        return QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(20))
                .handshakeTimeout(Duration.ofSeconds(5)).build();
    }

    static Http3Server server(Path dir, Http3Handler handler) throws IOException {
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(cert.certificate(), cert.privateKey()).keyLogFile(null).build();
        Http3ServerConfig config = Http3ServerConfig.builder().quicConfig(quicConfig()).maxConcurrentRequests(200)
                .build();
        return Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config, tls, handler);
    }

    /** A client trusting the certificate in {@code dir/cert/cert.pem}. */
    static Http3Client client(Path dir) {
        return Http3Client.create(config(dir).build());
    }

    static Http3ClientConfig.Builder config(Path dir) {
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .trustCertificates(dir.resolve("cert").resolve("cert.pem")).keyLogFile(null).build();
        return Http3ClientConfig.builder(tls).quicConfig(quicConfig()).requestTimeout(Duration.ofSeconds(20));
    }

    static URI uri(Http3Server server, String path) {
        return URI.create("https://localhost:" + server.localAddress().getPort() + path);
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
