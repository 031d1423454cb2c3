package io.quic4j.http3.client;

import static io.quic4j.http3.client.ClientTests.content;
import static io.quic4j.http3.client.ClientTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.DebianPackages;
import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerProcess;
import io.quic4j.testkit.peer.RealPeers;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.testkit.peer.UdpPorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Http3Client} fetches files from Debian's Caddy (HTTP/3 through quic-go, another QPACK and another QUIC
 * stack): the bodies arrive intact (sha256 equal).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CaddyInteropTest {
    private static final String BINARY = "/usr/bin/caddy";
    private static final int SMALL = 1024;
    private static final int LARGE = 5 * 1024 * 1024;

    @BeforeAll
    static void installPeer() {
        RealPeers.require(() -> DebianPackages.ensure(BINARY, "caddy"));
    }

    @Test
    void fetchesASmallAndALargeFileIntact(@TempDir Path dir) throws Exception {
        Path docs = Files.createDirectories(dir.resolve("htdocs"));
        Files.write(docs.resolve("small.bin"), content(SMALL, 21));
        Files.write(docs.resolve("large.bin"), content(LARGE, 22));
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        int port = UdpPorts.freePort();
        Path caddyfile = dir.resolve("Caddyfile");
        Files.writeString(caddyfile, """
                {
                    admin off
                    auto_https off
                    servers {
                        protocols h1 h2 h3
                    }
                }
                https://localhost:%d {
                    bind 127.0.0.1
                    tls %s %s
                    root * %s
                    file_server
                }
                """.formatted(port, cert.certificate(), cert.privateKey(), docs));
        PeerCommand command = PeerCommand.of("caddy", BINARY, "run", "--config", caddyfile.toString(), "--adapter",
                "caddyfile").withEnvironment("HOME", dir.toString()).withEnvironment("XDG_DATA_HOME",
                        dir.resolve("data").toString())
                .withEnvironment("XDG_CONFIG_HOME",
                        dir.resolve("config").toString());
        try (PeerProcess caddy = PeerProcess.start(command, dir.resolve("logs"))) {
            UdpPorts.awaitBound(port, caddy, Duration.ofSeconds(20));
            try (Http3Client client = ClientTests.client(dir)) {
                Http3ClientResponse small = client.send(Http3ClientRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/small.bin")).build());
                assertThat(small.statusCode()).as(caddy::describe).isEqualTo(200);
                assertThat(sha256(small.bodyBytes())).isEqualTo(sha256(content(SMALL, 21)));

                Http3ClientResponse large = client.send(Http3ClientRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/large.bin")).build());
                assertThat(large.statusCode()).isEqualTo(200);
                assertThat(sha256(large.bodyBytes())).isEqualTo(sha256(content(LARGE, 22)));
                assertThat(large.connectionLabel()).isEqualTo(small.connectionLabel());
            }
        }
    }
}
