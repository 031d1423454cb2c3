package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.server.tls.SelfSignedCertificate;
import io.quic4j.testkit.peer.Ngtcp2Client;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.RealPeers;
import io.quic4j.tls.CertificateCredentials;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's ngtcp2 {@code gtlsclient} fetches a directory served by {@link StaticSite} over a real {@link Http3Server}
 * with a {@link SelfSignedCertificate}: an index page and a 1 MB file (streamed from the file in chunks) arrive intact,
 * sha256 equal; the demo site is served the same way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StaticSiteGtlsclientTest {
    static final int LARGE = 1024 * 1024 + 17; // not a multiple of the chunk size

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Ngtcp2Client::install);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static Http3Server serve(Path root) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate();
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(CertificateCredentials.fromPem(cert.certificatePem(), cert.privateKeyPem()))
                .keyLogFile(null).build();
        Http3ServerConfig config = Http3ServerConfig.builder()
                .quicConfig(QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(20)).build()).build();
        return Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config, tls,
                StaticSite.of(root));
    }

    static Ngtcp2Process fetch(Path dir, int port, Path downloads, String... paths) throws Exception {
        Files.createDirectories(downloads);
        String[] uris = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            uris[i] = "https://localhost:" + port + paths[i];
        }
        return Ngtcp2Client.builder("127.0.0.1", port).uris(uris)
                .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED).downloadDir(downloads)
                .idleTimeout(Duration.ofSeconds(10)).build().run(dir.resolve("logs"), Duration.ofSeconds(60));
    }

    @Test
    void gtlsclientDownloadsTheIndexAndAOneMegabyteFileIntact(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        byte[] index = "<!DOCTYPE html><title>t</title><p>hello over h3\n".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[LARGE];
        new SplittableRandom(7).nextBytes(large);
        Files.write(root.resolve("index.html"), index);
        Files.write(root.resolve("large.bin"), large);

        try (Http3Server server = serve(root)) {
            Path downloads = dir.resolve("downloads");
            Ngtcp2Process client = fetch(dir, server.localAddress().getPort(), downloads, "/index.html",
                    "/large.bin");

            assertThat(downloads.resolve("index.html")).as(() -> client.process().describe()).exists();
            assertThat(sha256(Files.readAllBytes(downloads.resolve("index.html")))).isEqualTo(sha256(index));
            assertThat(downloads.resolve("large.bin")).as(() -> client.process().describe()).exists();
            assertThat(sha256(Files.readAllBytes(downloads.resolve("large.bin")))).isEqualTo(sha256(large));
        }
    }

    @Test
    void gtlsclientDownloadsEveryFileOfTheDemoSite(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("demo"));
        DemoSite.writeTo(root);

        try (Http3Server server = serve(root)) {
            Path downloads = dir.resolve("downloads");
            Ngtcp2Process client = fetch(dir, server.localAddress().getPort(), downloads,
                    DemoSite.FILES.stream().map(f -> "/" + f).toArray(String[]::new));

            for (String file : DemoSite.FILES) {
                Path got = downloads.resolve(Path.of(file).getFileName());
                assertThat(got).as(() -> client.process().describe()).exists();
                assertThat(sha256(Files.readAllBytes(got))).as(file)
                        .isEqualTo(sha256(Files.readAllBytes(root.resolve(file))));
            }
        }
    }
}
