package io.quic4j.testkit.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Command lines, package checks, port readiness and the optional-peers switch, without running a peer. */
class ToolSupportTest {
    private static final CertificateFiles CERT = new CertificateFiles(Path.of("/c/cert.pem"), Path.of("/c/key.pem"));

    @Test
    void serverCommandLineListsOptionsBeforeAddressPortKeyAndCertificate() {
        Ngtcp2Server server = new Ngtcp2Server(Path.of("/usr/sbin/gtlsserver"), InetAddress.ofLiteral("127.0.0.1"),
                4433, CERT, Path.of("/docs"), Path.of("/qlog"), Path.of("/k.txt"), false, false,
                Duration.ofSeconds(5), List.of("--validate-addr"));
        PeerCommand cmd = server.command("server");
        assertThat(cmd.argv()).containsExactly("/usr/sbin/gtlsserver", "--no-quic-dump", "--no-http-dump",
                "--timeout=5000ms", "--htdocs=/docs", "--qlog-dir=/qlog", "--validate-addr", "127.0.0.1", "4433",
                "/c/key.pem", "/c/cert.pem");
        assertThat(cmd.environment()).containsEntry("SSLKEYLOGFILE", "/k.txt");
    }

    @Test
    void clientCommandLineMapsExitConditionAndPutsUrisLast() {
        Ngtcp2Client client = new Ngtcp2Client(Path.of("/usr/bin/gtlsclient"), "127.0.0.1", 4433,
                List.of("https://localhost:4433/a", "https://localhost:4433/b"),
                Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED,
                null, Path.of("/q.qlog"), Path.of("/dl"), true, true, Duration.ofMillis(1500), List.of());
        PeerCommand cmd = client.command("client");
        assertThat(cmd.argv()).containsExactly("/usr/bin/gtlsclient", "--quiet", "--timeout=1500ms",
                "--exit-on-all-streams-close", "--qlog-file=/q.qlog", "--download=/dl", "127.0.0.1", "4433",
                "https://localhost:4433/a", "https://localhost:4433/b");
        assertThat(cmd.environment()).isEmpty();
    }

    @Test
    void quietPeerCannotTellWhetherTheHandshakeCompleted(@TempDir Path dir) {
        try (Ngtcp2Process quiet = new Ngtcp2Process(PeerProcess.start(PeerCommand.of("q", "/bin/true"), dir), true)) {
            assertThatThrownBy(quiet::handshakeCompleted).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start it without quiet");
        }
    }

    @Test
    void ensureReturnsAnInstalledBinaryWithoutRunningApt() {
        assertThat(DebianPackages.ensure("/bin/sh")).isEqualTo(Path.of("/bin/sh"));
    }

    @Test
    void ensureOfAMissingBinaryWithoutPackagesFailsClearly() {
        assertThatThrownBy(() -> DebianPackages.ensure("/nonexistent/quic4j-peer"))
                .isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining("/nonexistent/quic4j-peer is missing");
    }

    @Test
    void ensureRejectsWhatIsNotAPackageName() {
        assertThatThrownBy(() -> DebianPackages.ensure("/nonexistent/x", "ngtcp2-server; rm"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Debian package name");
    }

    @Test
    void isBoundFollowsASocketBindingAndReleasingItsPort() throws SocketException {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
            assertThat(UdpPorts.isBound(port)).isTrue();
        }
        assertThat(UdpPorts.isBound(port)).isFalse();
    }

    @Test
    void missingPeerFailsUnlessPeersAreOptional() {
        PeerUnavailableException missing = new PeerUnavailableException("gtlsserver is missing");
        String before = System.getProperty(RealPeers.OPTIONAL_PROPERTY);
        try {
            System.clearProperty(RealPeers.OPTIONAL_PROPERTY);
            assertThatThrownBy(() -> RealPeers.require(() -> {
                throw missing;
            })).isSameAs(missing);
            System.setProperty(RealPeers.OPTIONAL_PROPERTY, "true");
            assertThatThrownBy(() -> RealPeers.require(() -> {
                throw missing;
            })).isInstanceOf(TestAbortedException.class).hasMessageContaining("gtlsserver is missing");
            assertThat(RealPeers.require(() -> "ok")).isEqualTo("ok");
        } finally {
            if (before == null) {
                System.clearProperty(RealPeers.OPTIONAL_PROPERTY);
            } else {
                System.setProperty(RealPeers.OPTIONAL_PROPERTY, before);
            }
        }
    }
}
