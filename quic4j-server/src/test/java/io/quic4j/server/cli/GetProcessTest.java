package io.quic4j.server.cli;

import static io.quic4j.server.cli.GetCommandTest.content;
import static io.quic4j.server.cli.GetCommandTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.server.tls.SelfSignedCertificate;
import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerProcess;
import io.quic4j.testkit.peer.UdpPorts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quic4j get} as a process fetches a file from {@code bin/quic4j serve} as a process (given a certificate
 * and trusting it with {@code --cacert}), and exits 22 with {@code --fail} on a 404. The script runs the classes this
 * build compiled (through {@code QUIC4J_MODULE_PATH}), so no nested build starts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GetProcessTest {
    /** Our modules (compiled classes or jars) and the third-party ones the command line requires. */
    private static final Pattern RUNTIME = Pattern.compile(
            ".*/(quic4j-(tls|transport|http3|server)/target/classes|quic4j-(tls|transport|http3)[^/]*\\.jar"
                    + "|bc(prov|pkix|util)-jdk18on[^/]*\\.jar|picocli[^/]*\\.jar)$");

    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            Stream.of(System.getProperty(property, "").split(File.pathSeparator))
                    .filter(e -> RUNTIME.matcher(e).matches()).filter(e -> !entries.contains(e)).forEach(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static PeerCommand quic4j(String name, String... args) {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bin").resolve("quic4j");
        List<String> argv = new ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        return PeerCommand.of(name, argv.toArray(String[]::new)).withEnvironment("QUIC4J_MODULE_PATH", modulePath());
    }

    @Test
    void binQuic4jGetFetchesFromBinQuic4jServe(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.write(root.resolve("file.bin"), content(200_000, 7));
        SelfSignedCertificate cert = SelfSignedCertificate.generate();
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        cert.writePem(certPem, keyPem);
        int port = UdpPorts.freePort();
        String base = "https://localhost:" + port;
        try (PeerProcess serve = PeerProcess.start(quic4j("quic4j-serve", "serve", "--listen", "127.0.0.1:" + port,
                "--root", root.toString(), "--cert", certPem.toString(), "--key", keyPem.toString()),
                dir.resolve("logs"))) {
            assertThat(serve.awaitOutput(ServeCommand.READY, Duration.ofSeconds(60))).as(serve::describe).isTrue();

            Path file = dir.resolve("downloaded.bin");
            PeerProcess get = PeerProcess.run(quic4j("quic4j-get", "get", "--cacert", certPem.toString(),
                    "--max-time", "30", "-o", file.toString(), base + "/file.bin"), dir.resolve("logs-get"),
                    Duration.ofSeconds(60));
            assertThat(get.waitFor(Duration.ZERO)).as(() -> get.describe() + serve.describe()).hasValue(0);
            assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(content(200_000, 7)));
            assertThat(get.stderr()).contains("GET " + base + "/file.bin -> 200, 200000 bytes in ", "over h3");

            PeerProcess missing = PeerProcess.run(quic4j("quic4j-get-404", "get", "--cacert", certPem.toString(),
                    "-f", base + "/missing.bin"), dir.resolve("logs-404"), Duration.ofSeconds(60));
            assertThat(missing.waitFor(Duration.ZERO)).as(missing::describe).hasValue(GetCommand.HTTP_ERROR);
            assertThat(missing.stderr()).contains("404");
        }
    }
}
