package io.quic4j.http3.client;

import static io.quic4j.http3.client.ClientTests.content;
import static io.quic4j.http3.client.ClientTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.Ngtcp2Server;
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
 * {@link Http3Client} fetches files from Debian's ngtcp2 {@code gtlsserver} (HTTP/3 with nghttp3's QPACK): the
 * bodies arrive intact (sha256 equal), both on one connection (issue 7's acceptance).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GtlsserverInteropTest {
    private static final int SMALL = 1024;
    private static final int LARGE = 5 * 1024 * 1024;

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Ngtcp2Server::install);
    }

    @Test
    void fetchesASmallAndALargeFileIntact(@TempDir Path dir) throws Exception {
        Path docs = Files.createDirectories(dir.resolve("htdocs"));
        Files.write(docs.resolve("small.bin"), content(SMALL, 11));
        Files.write(docs.resolve("large.bin"), content(LARGE, 12));
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        int port = UdpPorts.freePort();
        try (Ngtcp2Process server = Ngtcp2Server.builder(port, cert).documentRoot(docs)
                .idleTimeout(Duration.ofSeconds(30)).build().start(dir.resolve("logs"), Duration.ofSeconds(10));
                Http3Client client = ClientTests.client(dir)) {
            Http3ClientResponse small = client.send(Http3ClientRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/small.bin")).build());
            assertThat(small.statusCode()).as(() -> server.process().describe()).isEqualTo(200);
            assertThat(sha256(small.bodyBytes())).isEqualTo(sha256(content(SMALL, 11)));

            Http3ClientResponse large = client.send(Http3ClientRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/large.bin")).build());
            assertThat(large.statusCode()).isEqualTo(200);
            assertThat(sha256(large.bodyBytes())).isEqualTo(sha256(content(LARGE, 12)));
            assertThat(large.connectionLabel()).isEqualTo(small.connectionLabel());

            Http3ClientResponse missing = client.send(Http3ClientRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/missing.bin")).build());
            assertThat(missing.statusCode()).isEqualTo(404);
            missing.bodyBytes();
        }
    }
}
