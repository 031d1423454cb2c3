package io.quic4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.quic4j.testkit.peer.Ngtcp2Client;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.RealPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance of {@code bin/quic4j serve}, run as a process ({@link ServeProcess}) against Debian's ngtcp2
 * {@code gtlsclient}: a 1 KiB and a 50 MiB file arrive intact; 100 requests on one connection are each answered
 * intact; SIGTERM while 50 MiB downloads are in flight lets them finish (DESIGN.md §4: GOAWAY, requests in flight
 * finish within the grace) before the process exits 0 within the grace; and downloads that outlast the grace are
 * closed with H3_NO_ERROR and the process still exits 0. Speeds are printed, never asserted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeGtlsclientTest {
    private static final int SMALL = 1024;
    private static final long LARGE = 50L * 1024 * 1024;
    private static final int MANY = 100;
    /** The large file's copies downloaded at once while SIGTERM arrives (hard links: one file on disk). */
    private static final int IN_FLIGHT = 3;
    private static final Duration GRACE = Duration.ofSeconds(20);
    /** What the process may take past the grace to close its sockets and halt, on a loaded machine. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);
    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(180);
    private static final Pattern STATUS_200 = Pattern.compile("http: stream 0x([0-9a-f]+) \\[:status: 200\\]");
    /** ngtcp2's log of the server's transport parameters: the connection's original destination connection ID. */
    private static final Pattern ODCID = Pattern.compile("original_destination_connection_id=0x([0-9a-f]+)");
    private static final Pattern LOCAL = Pattern.compile("Sent packet: local=(\\S+)");

    @TempDir
    static Path site;
    private static String smallSha;
    private static String largeSha;
    private static final Map<String, String> manySha = new LinkedHashMap<>();

    @BeforeAll
    static void writeSite() throws IOException {
        RealPeers.require(Ngtcp2Client::install);
        smallSha = ServeProcess.writeRandom(site.resolve("small.bin"), SMALL, 71);
        largeSha = ServeProcess.writeRandom(site.resolve("large.bin"), LARGE, 72);
        for (int i = 0; i < IN_FLIGHT; i++) {
            Path copy = site.resolve("large-" + i + ".bin");
            try {
                Files.createLink(copy, site.resolve("large.bin"));
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(site.resolve("large.bin"), copy); // a file system without hard links
            }
        }
        Path many = Files.createDirectories(site.resolve("many"));
        for (int i = 0; i < MANY; i++) {
            String name = "f%03d.bin".formatted(i);
            manySha.put(name, ServeProcess.writeRandom(many.resolve(name), 1 + 131L * i, 1000 + i));
        }
    }

    @Test
    void gtlsclientFetchesAOneKilobyteAndAFiftyMegabyteFileIntact(@TempDir Path dir) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, site, GRACE, Map.of())) {
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            Ngtcp2Process small = client(serve, downloads, false, "/small.bin").run(dir.resolve("logs"),
                    CLIENT_LIMIT);
            assertThat(small.handshakeCompleted()).as(() -> small.process().describe() + serve.describe()).isTrue();
            assertThat(small.negotiatedAlpn()).hasValue("h3");
            assertThat(downloads.resolve("small.bin")).as(() -> small.process().describe()).exists();
            assertThat(ServeProcess.sha256(downloads.resolve("small.bin"))).isEqualTo(smallSha);

            long start = System.nanoTime();
            Ngtcp2Process large = client(serve, downloads, true, "/large.bin").run(dir.resolve("logs"),
                    CLIENT_LIMIT);
            long nanos = System.nanoTime() - start;
            assertThat(downloads.resolve("large.bin")).as(() -> large.process().describe() + serve.describe())
                    .exists();
            assertThat(ServeProcess.sha256(downloads.resolve("large.bin"))).isEqualTo(largeSha);
            System.out.printf("gtlsclient fetched 50 MiB from quic4j serve in %.2f s (handshake included): "
                    + "%.1f MiB/s%n", nanos / 1e9, LARGE / (1024.0 * 1024) / (nanos / 1e9));
        }
    }

    @Test
    void gtlsclientSendsAHundredRequestsOnOneConnectionAndEachAnswerIsIntact(@TempDir Path dir) throws Exception {
        Path qlogs = dir.resolve("qlog");
        // QLOGDIR makes the server write one qlog per connection (DESIGN.md §7): the connections it accepted.
        try (ServeProcess serve = ServeProcess.start(dir, site, GRACE, Map.of("QLOGDIR", qlogs.toString()))) {
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            String[] paths = manySha.keySet().stream().map(name -> "/many/" + name).toArray(String[]::new);
            Ngtcp2Process client = client(serve, downloads, false, paths).run(dir.resolve("logs"), CLIENT_LIMIT);
            String log = client.process().stderr();

            for (Map.Entry<String, String> file : manySha.entrySet()) {
                Path got = downloads.resolve(file.getKey());
                assertThat(got).as(() -> client.process().describe() + serve.describe()).exists();
                assertThat(ServeProcess.sha256(got)).as(file.getKey()).isEqualTo(file.getValue());
            }
            assertThat(all(STATUS_200, log)).as("request streams answered 200").hasSize(MANY);

            // One connection, seen from both ends: the client did one handshake from one socket, and the server's
            // only connection is the one whose original destination connection ID the client's log names.
            assertThat(count(log, Ngtcp2Process.HANDSHAKE_COMPLETED)).isEqualTo(1);
            assertThat(all(LOCAL, log)).as("the client's local addresses").hasSize(1);
            Set<String> odcids = all(ODCID, log);
            assertThat(odcids).as("original destination connection IDs in the client's log").hasSize(1);
            try (Stream<Path> files = Files.list(qlogs)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("the server's qlog files")
                        .containsExactly(odcids.iterator().next() + "_server.sqlog");
            }
        }
    }

    @Test
    void sigtermWhileFiftyMegabyteDownloadsAreInFlightLetsThemFinishAndTheProcessExitsZeroWithinTheGrace(
            @TempDir Path dir) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, site, GRACE, Map.of())) {
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            List<Path> files = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                paths.add("/large-" + i + ".bin");
                files.add(downloads.resolve("large-" + i + ".bin"));
            }
            long start = System.nanoTime();
            try (Ngtcp2Process client = client(serve, downloads, true, paths.toArray(String[]::new))
                    .start(dir.resolve("logs"))) {
                // Every response has begun: the server accepted all the requests before it hears of the SIGTERM.
                assertThat(awaitAllStarted(files, client, Duration.ofSeconds(120)))
                        .as(() -> "downloads did not all start: " + client.process().describe() + serve.describe())
                        .isTrue();
                long sigtermAt = System.nanoTime();
                serve.sigterm();
                assertThat(serve.process().awaitOutput("quic4j serve: shutting down", Duration.ofSeconds(60)))
                        .as(serve::describe).isTrue();
                long received = totalSize(files);
                assertThat(received).as("bytes received when the shutdown began").isLessThan(IN_FLIGHT * LARGE);

                Duration limit = GRACE.plus(EXIT_MARGIN).minusNanos(System.nanoTime() - sigtermAt);
                OptionalInt exit = serve.waitFor(limit);
                long exitedAt = System.nanoTime();
                assertThat(exit).as(() -> serve.describe() + client.process().describe()).hasValue(0);
                assertThat(serve.process().stdout()).contains("quic4j serve: stopped");

                assertThat(client.process().waitFor(CLIENT_LIMIT)).as(() -> client.process().describe())
                        .isPresent();
                long end = System.nanoTime();
                for (Path f : files) {
                    assertThat(f).as(() -> client.process().describe() + serve.describe()).hasSize(LARGE);
                    assertThat(ServeProcess.sha256(f)).as(f.getFileName().toString()).isEqualTo(largeSha);
                }
                System.out.printf(
                        "The shutdown began with %d of %d bytes received; the process exited 0 %.2f s after SIGTERM "
                                + "(grace %d s); all downloads intact after %.2f s: %.1f MiB/s%n",
                        received, IN_FLIGHT * LARGE, (exitedAt - sigtermAt) / 1e9, GRACE.toSeconds(),
                        (end - start) / 1e9, IN_FLIGHT * LARGE / (1024.0 * 1024) / ((end - start) / 1e9));
            }
        }
    }

    @Test
    void sigtermWhenDownloadsOutlastTheGraceClosesTheConnectionWithH3NoErrorAndTheProcessStillExitsZero(
            @TempDir Path dir) throws Exception {
        Duration grace = Duration.ofSeconds(1);
        try (ServeProcess serve = ServeProcess.start(dir, site, grace, Map.of())) {
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            List<Path> files = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                paths.add("/large-" + i + ".bin");
                files.add(downloads.resolve("large-" + i + ".bin"));
            }
            // Logging (no data dumps), so the client's last lines show how the server closed the connection.
            try (Ngtcp2Process client = client(serve, downloads, false, paths.toArray(String[]::new))
                    .start(dir.resolve("logs"))) {
                assertThat(awaitAllStarted(files, client, Duration.ofSeconds(120)))
                        .as(() -> "downloads did not all start: " + client.process().describe() + serve.describe())
                        .isTrue();
                long sigtermAt = System.nanoTime();
                serve.sigterm();
                OptionalInt exit = serve.waitFor(grace.plus(EXIT_MARGIN));
                long exitedAt = System.nanoTime();
                assertThat(exit).as(() -> serve.describe() + client.process().describe()).hasValue(0);
                assertThat(serve.process().stdout()).contains("quic4j serve: stopped");
                assertThat(client.process().waitFor(CLIENT_LIMIT)).as(() -> client.process().describe())
                        .isPresent();
                long received = totalSize(files);
                // The premise: 150 MiB do not cross loopback within a second, so the grace ran out mid-transfer.
                assumeThat(received).as("bytes received (all of them: the machine outran the grace)")
                        .isLessThan(IN_FLIGHT * LARGE);
                // DESIGN.md §4: when the grace runs out the connection is closed with H3_NO_ERROR (0x100, RFC 9114
                // §8.1), not dropped: the client hears it.
                assertThat(client.process().stderr()).as(() -> client.process().describe())
                        .containsPattern("CONNECTION_CLOSE\\(0x1d\\) error_code=\\S*\\(0x100\\)");
                System.out.printf("Grace %d s ran out with %d of %d bytes received; the process exited 0 %.2f s "
                        + "after SIGTERM%n", grace.toSeconds(), received, IN_FLIGHT * LARGE,
                        (exitedAt - sigtermAt) / 1e9);
            }
        }
    }

    private static Ngtcp2Client client(ServeProcess serve, Path downloads, boolean quiet, String... paths) {
        String[] uris = Stream.of(paths).map(serve::uri).toArray(String[]::new);
        // Quiet for large bodies: ngtcp2 logs every packet and frame, tens of megabytes of text for 50 MiB.
        return Ngtcp2Client.builder("127.0.0.1", serve.port()).uris(uris)
                .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED).downloadDir(downloads).quiet(quiet)
                .idleTimeout(Duration.ofSeconds(30)).build();
    }

    /** Polls until every file has its first bytes, or the client ends, or the timeout passes. */
    private static boolean awaitAllStarted(List<Path> files, Ngtcp2Process client, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0 && client.process().isAlive()) {
            boolean all = true;
            for (Path f : files) {
                all &= Files.exists(f) && Files.size(f) > 0;
            }
            if (all) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static long totalSize(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return total;
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String text, String line) {
        return (int) text.lines().filter(line::equals).count();
    }
}
