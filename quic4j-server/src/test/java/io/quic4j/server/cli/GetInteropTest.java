package io.quic4j.server.cli;

import static io.quic4j.server.cli.GetCommandTest.content;
import static io.quic4j.server.cli.GetCommandTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.server.cli.GetCommandTest.Run;
import io.quic4j.testkit.peer.CertificateFiles;
import io.quic4j.testkit.peer.DebianPackages;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.Ngtcp2Server;
import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerProcess;
import io.quic4j.testkit.peer.RealPeers;
import io.quic4j.testkit.peer.TestCertificates;
import io.quic4j.testkit.peer.UdpPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quic4j get} fetches a 1 KiB and a 50 MiB file from Debian's ngtcp2 {@code gtlsserver} and from Debian's
 * Caddy (HTTP/3 through quic-go), trusting their certificate with {@code --cacert}: sha256 equal (issue 7's
 * acceptance). The large download's summary line (with its speed) is printed, never asserted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GetInteropTest {
    private static final String CADDY = "/usr/bin/caddy";
    private static final int SMALL = 1024;
    private static final int LARGE = 50 * 1024 * 1024;

    @Test
    void getFetchesIntactFilesFromGtlsserver(@TempDir Path dir) throws Exception {
        RealPeers.require(Ngtcp2Server::install);
        Path docs = site(dir, 31);
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        int port = UdpPorts.freePort();
        try (Ngtcp2Process server = Ngtcp2Server.builder(port, cert).documentRoot(docs)
                .idleTimeout(Duration.ofSeconds(30)).build().start(dir.resolve("logs"), Duration.ofSeconds(10))) {
            fetchBoth(dir, cert, port, 31, server.process()::describe);
        }
    }

    @Test
    void getFetchesIntactFilesFromCaddy(@TempDir Path dir) throws Exception {
        RealPeers.require(() -> DebianPackages.ensure(CADDY, "caddy"));
        Path docs = site(dir, 41);
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
        PeerCommand command = PeerCommand.of("caddy", CADDY, "run", "--config", caddyfile.toString(), "--adapter",
                "caddyfile").withEnvironment("HOME", dir.toString())
                .withEnvironment("XDG_DATA_HOME", dir.resolve("data").toString())
                .withEnvironment("XDG_CONFIG_HOME", dir.resolve("config").toString());
        try (PeerProcess caddy = PeerProcess.start(command, dir.resolve("logs"))) {
            UdpPorts.awaitBound(port, caddy, Duration.ofSeconds(20));
            fetchBoth(dir, cert, port, 41, caddy::describe);
        }
    }

    private static Path site(Path dir, long seed) throws Exception {
        Path docs = Files.createDirectories(dir.resolve("htdocs"));
        Files.write(docs.resolve("small.bin"), content(SMALL, seed));
        Files.write(docs.resolve("large.bin"), content(LARGE, seed + 1));
        return docs;
    }

    private static void fetchBoth(Path dir, CertificateFiles cert, int port, long seed,
            java.util.function.Supplier<String> peer) throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        String origin = "https://localhost:" + port;
        Run small = GetCommandTest.run("get", "--cacert", cert.certificate().toString(), "--max-time", "60", "-o",
                downloads.resolve("small.bin").toString(), origin + "/small.bin");
        assertThat(small.exit()).as(() -> small.stderr() + peer.get()).isZero();
        assertThat(small.stderr()).contains("-> 200, 1024 bytes");
        assertThat(sha256(Files.readAllBytes(downloads.resolve("small.bin")))).isEqualTo(sha256(content(SMALL,
                seed)));

        Run large = GetCommandTest.run("get", "--cacert", cert.certificate().toString(), "--max-time", "180", "-o",
                downloads.resolve("large.bin").toString(), origin + "/large.bin");
        assertThat(large.exit()).as(() -> large.stderr() + peer.get()).isZero();
        large.stderr().lines().filter(l -> l.contains(" bytes in ")).forEach(System.out::println);
        assertThat(sha256(Files.readAllBytes(downloads.resolve("large.bin")))).isEqualTo(sha256(content(LARGE,
                seed + 1)));
    }
}
