package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.peer.Ngtcp2Client;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.RealPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quic4j serve} as a process (DESIGN.md §4): it prints its URL, serves a file to ngtcp2's
 * {@code gtlsclient}, and SIGTERM makes it shut down gracefully and exit 0 within the grace. The script runs the
 * classes this build just compiled (through {@code QUIC4J_MODULE_PATH}), so the test never starts a nested build;
 * {@link ServeProcess} starts it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeProcessTest {
    private static final Duration GRACE = Duration.ofSeconds(5);

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Ngtcp2Client::install);
    }

    /** The server's module path, from the test's own class and module paths (see {@link ServeProcess}). */
    static String modulePath() {
        return ServeProcess.modulePath();
    }

    @Test
    void serveAnswersGtlsclientAndExitsZeroWithinTheGraceOnSigterm(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("hello.txt"), "hello from quic4j serve\n", StandardCharsets.UTF_8);

        try (ServeProcess serve = ServeProcess.start(dir, root, GRACE, Map.of())) {
            int port = serve.port();
            assertThat(serve.process().stdout()).contains("Certificate: self-signed",
                    "--ignore-certificate-errors-spki-list=", "--origin-to-force-quic-on=127.0.0.1:" + port);

            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port).uris(serve.uri("/hello.txt"))
                    .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED).downloadDir(downloads)
                    .idleTimeout(Duration.ofSeconds(10)).build().run(dir.resolve("logs"), Duration.ofSeconds(30));
            assertThat(downloads.resolve("hello.txt")).as(() -> client.process().describe() + serve.describe())
                    .hasContent("hello from quic4j serve");

            serve.sigterm();
            OptionalInt exit = serve.waitFor(GRACE.plusSeconds(3));
            assertThat(exit).as(serve::describe).hasValue(0);
            assertThat(serve.process().stdout()).contains("quic4j serve: stopped");
        }
    }
}
