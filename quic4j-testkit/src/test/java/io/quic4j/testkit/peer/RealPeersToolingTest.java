package io.quic4j.testkit.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Impairment;
import io.quic4j.testkit.LossyUdpProxy;
import io.quic4j.testkit.ProxyStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-peer tooling proven on real peers alone: ngtcp2's server and client complete a handshake on
 * 127.0.0.1 while dumpcap captures, and tshark decrypts the 1-RTT packets with the client's key log. Fails
 * when a tool cannot be installed, unless {@code -Dquic4j.peers.optional=true}.
 */
class RealPeersToolingTest {
    private static final Duration READY = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ngtcp2PeersHandshakeUnderCaptureAndTsharkDecryptsOneRttWithTheKeylog(@TempDir Path dir) throws IOException {
        RealPeers.require(() -> {
            Ngtcp2Server.install();
            Ngtcp2Client.install();
            DebianPackages.ensure(Capture.BINARY, Capture.PACKAGE);
            return DebianPackages.ensure(Tshark.BINARY, Tshark.PACKAGE);
        });
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("index.html"), "hello from the quic4j testkit\n");
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Path logs = dir.resolve("logs");
        Path keylog = dir.resolve("keylog.txt");
        int port = UdpPorts.freePort();

        try (Capture capture = Capture.start(dir.resolve("quic.pcapng"), port);
                Ngtcp2Process server = Ngtcp2Server.builder(port, cert)
                        .documentRoot(docs)
                        .idleTimeout(Duration.ofSeconds(10))
                        .build()
                        .start(logs, READY)) {
            Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port)
                    .uris("https://localhost:" + port + "/index.html")
                    .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED)
                    .keylogFile(keylog)
                    .downloadDir(downloads)
                    .idleTimeout(Duration.ofSeconds(5))
                    .build()
                    .run(logs, Duration.ofSeconds(15));

            assertThat(client.handshakeCompleted()).as(() -> client.process().describe()).isTrue();
            assertThat(client.handshakeConfirmed()).as(() -> client.process().describe()).isTrue();
            assertThat(client.negotiatedAlpn()).contains("h3");
            assertThat(downloads.resolve("index.html")).hasContent("hello from the quic4j testkit");
            assertThat(server.awaitHandshake(READY)).as(() -> server.process().describe()).isTrue();
            assertThat(keylog).content().contains("CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0");

            Path pcap = capture.stop();
            QuicDecode decoded = Tshark.decode(pcap, keylog, port);
            assertThat(decoded.quicPackets()).as(() -> capture.process().describe() + decoded.text())
                    .isGreaterThanOrEqualTo(4);
            assertThat(decoded.shortHeaderPackets()).as(() -> decoded.text()).isPositive();
            assertThat(decoded.oneRttDecrypted()).as(() -> decoded.text()).isTrue();
            assertThat(decoded.handshakeDoneSeen()).as(() -> decoded.text()).isTrue();
            assertThat(decoded.frameTypes()).contains(QuicDecode.CRYPTO);
            assertThat(decoded.problems()).as(() -> decoded.text()).isEmpty();

            // Without the key log the same capture keeps its 1-RTT packets opaque: the secrets did the work.
            QuicDecode opaque = Tshark.decode(pcap, null, port);
            assertThat(opaque.quicPackets()).isEqualTo(decoded.quicPackets());
            assertThat(opaque.oneRttDecrypted()).isFalse();
            assertThat(opaque.handshakeDoneSeen()).isFalse();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ngtcp2PeersCompleteARequestThroughTheLossyProxy(@TempDir Path dir) throws IOException {
        RealPeers.require(() -> {
            Ngtcp2Server.install();
            return Ngtcp2Client.install();
        });
        CertificateFiles cert = TestCertificates.write(dir.resolve("cert"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        String body = "x".repeat(100_000);
        Files.writeString(docs.resolve("big.txt"), body);
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Path logs = dir.resolve("logs");
        int port = UdpPorts.freePort();
        Impairment impairment = Impairment.builder()
                .loss(0.05)
                .duplicate(0.05)
                .reorder(0.05, Duration.ofMillis(20), 2)
                .build();

        try (Ngtcp2Process server = Ngtcp2Server.builder(port, cert)
                .documentRoot(docs)
                .idleTimeout(Duration.ofSeconds(10))
                .build()
                .start(logs, READY);
                LossyUdpProxy proxy = LossyUdpProxy.start(new InetSocketAddress("127.0.0.1", port), impairment, 2026)) {
            Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", proxy.localAddress().getPort())
                    .uris("https://localhost:" + port + "/big.txt")
                    .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED)
                    .downloadDir(downloads)
                    .idleTimeout(Duration.ofSeconds(10))
                    .build()
                    .run(logs, Duration.ofSeconds(20));

            assertThat(client.handshakeCompleted()).as(() -> client.process().describe()).isTrue();
            assertThat(downloads.resolve("big.txt")).hasContent(body);
            assertThat(server.awaitHandshake(READY)).as(() -> server.process().describe()).isTrue();
            ProxyStats stats = proxy.stats();
            assertThat(stats.clients()).isEqualTo(1);
            assertThat(stats.clientToServer().forwarded()).isPositive();
            assertThat(stats.serverToClient().forwarded()).isGreaterThan(50);
            // Seed 2026 loses the 12th, 14th, 17th and 18th datagrams from the server and duplicates the 16th: the
            // response (over 70 datagrams) is bound to hit them, so recovery was exercised.
            assertThat(stats.serverToClient().dropped()).isGreaterThanOrEqualTo(4);
            assertThat(stats.serverToClient().duplicated()).isPositive();
        }
    }
}
