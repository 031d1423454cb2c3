package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.peer.Ngtcp2Client;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerProcess;
import io.quic4j.testkit.peer.RealPeers;
import io.quic4j.testkit.peer.UdpPorts;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quic4j serve} as a process (DESIGN.md §4): it prints its URL, serves a file to ngtcp2's
 * {@code gtlsclient}, and SIGTERM makes it shut down gracefully and exit 0 within the grace. The script runs the
 * classes this build just compiled (through {@code QUIC4J_MODULE_PATH}), so the test never starts a nested build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeProcessTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Our modules (compiled classes or jars) and the third-party ones the server requires. */
    private static final Pattern RUNTIME = Pattern.compile(
            ".*/(quic4j-(tls|transport|http3|server)/target/classes|quic4j-(tls|transport|http3)[^/]*\\.jar"
                    + "|bc(prov|pkix|util)-jdk18on[^/]*\\.jar|picocli[^/]*\\.jar)$");

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Ngtcp2Client::install);
    }

    /** The server's module path, from the test's own class and module paths. */
    static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            Stream.of(value.split(File.pathSeparator)).filter(e -> RUNTIME.matcher(e).matches())
                    .filter(e -> !entries.contains(e)).forEach(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void serveAnswersGtlsclientAndExitsZeroWithinTheGraceOnSigterm(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("hello.txt"), "hello from quic4j serve\n", StandardCharsets.UTF_8);
        int port = UdpPorts.freePort();
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bin").resolve("quic4j");
        PeerCommand command = PeerCommand.of("quic4j-serve", script.toString(), "serve", "--listen",
                "127.0.0.1:" + port, "--root", root.toString(), "--grace", Long.toString(GRACE.toSeconds()))
                .withEnvironment("QUIC4J_MODULE_PATH", modulePath());

        try (PeerProcess serve = PeerProcess.start(command, dir.resolve("logs"))) {
            assertThat(serve.awaitOutput("Serving at https://127.0.0.1:" + port + "/", Duration.ofSeconds(60)))
                    .as(serve::describe).isTrue();
            assertThat(serve.stdout()).contains("Certificate: self-signed", "--ignore-certificate-errors-spki-list=",
                    "--origin-to-force-quic-on=127.0.0.1:" + port);

            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port)
                    .uris("https://localhost:" + port + "/hello.txt")
                    .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED).downloadDir(downloads)
                    .idleTimeout(Duration.ofSeconds(10)).build().run(dir.resolve("logs"), Duration.ofSeconds(30));
            assertThat(downloads.resolve("hello.txt")).as(() -> client.process().describe() + serve.describe())
                    .hasContent("hello from quic4j serve");

            ProcessHandle.of(serve.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
            OptionalInt exit = serve.waitFor(GRACE.plusSeconds(3));
            assertThat(exit).as(serve::describe).hasValue(0);
            assertThat(serve.stdout()).contains("quic4j serve: stopped");
        }
    }
}
