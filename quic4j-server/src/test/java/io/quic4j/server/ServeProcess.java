package io.quic4j.server;

import io.quic4j.testkit.peer.PeerCommand;
import io.quic4j.testkit.peer.PeerProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bin/quic4j serve} started as a process for a test, listening on a free port of 127.0.0.1 that it picks
 * itself ({@code --listen 127.0.0.1:0}) and prints. The script runs the classes this build just compiled (through
 * {@code QUIC4J_MODULE_PATH}, see {@link #modulePath()}), so no test starts a nested build. {@link #close()} ends it
 * (SIGTERM, then SIGKILL) if the test has not.
 *
 * <pre>{@code
 * try (ServeProcess serve = ServeProcess.start(dir, root, Duration.ofSeconds(5), Map.of())) {
 *     String uri = serve.uri("/hello.txt");
 *     serve.sigterm();
 *     assertThat(serve.process().waitFor(Duration.ofSeconds(8))).hasValue(0);
 * }
 * }</pre>
 */
final class ServeProcess implements AutoCloseable {
    /** How long the JVM may take to start and bind on a loaded machine. */
    static final Duration STARTUP = Duration.ofSeconds(60);

    /** Our modules (compiled classes or jars) and the third-party ones the server requires. */
    private static final Pattern RUNTIME = Pattern.compile(
            ".*/(quic4j-(tls|transport|http3|server)/target/classes|quic4j-(tls|transport|http3)[^/]*\\.jar"
                    + "|bc(prov|pkix|util)-jdk18on[^/]*\\.jar|picocli[^/]*\\.jar)$");
    private static final Pattern SERVING_AT = Pattern.compile("Serving at https://127\\.0\\.0\\.1:(\\d+)/");

    private final PeerProcess process;
    private final int port;

    private ServeProcess(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
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

    /** {@code bin/quic4j} of this checkout (the tests run in the module's directory). */
    static Path script() {
        return Path.of("").toAbsolutePath().getParent().resolve("bin").resolve("quic4j");
    }

    /**
     * Starts {@code quic4j serve --listen 127.0.0.1:0 --root root --grace grace} and waits until it prints its URL.
     *
     * @param dir where the logs go ({@code dir/logs})
     * @param root the directory to serve
     * @param grace the {@code --grace}
     * @param environment more environment variables, such as {@code QLOGDIR}
     * @return the ready server
     * @throws AssertionError when it does not get ready within {@link #STARTUP}, with its output
     */
    static ServeProcess start(Path dir, Path root, Duration grace, Map<String, String> environment) {
        PeerCommand command = PeerCommand.of("quic4j-serve", script().toString(), "serve", "--listen", "127.0.0.1:0",
                "--root", root.toString(), "--grace", Long.toString(grace.toSeconds()))
                .withEnvironment("QUIC4J_MODULE_PATH", modulePath());
        for (Map.Entry<String, String> e : environment.entrySet()) {
            command = command.withEnvironment(e.getKey(), e.getValue());
        }
        PeerProcess process = PeerProcess.start(command, dir.resolve("logs"));
        if (!process.awaitOutput("Serving at ", STARTUP)) {
            String description = process.describe();
            process.close();
            throw new AssertionError("quic4j serve did not get ready within " + STARTUP + ": " + description);
        }
        Matcher m = SERVING_AT.matcher(process.stdout());
        if (!m.find()) {
            String description = process.describe();
            process.close();
            throw new AssertionError("quic4j serve printed no 127.0.0.1 URL: " + description);
        }
        return new ServeProcess(process, Integer.parseInt(m.group(1)));
    }

    /** @return the UDP port it listens on */
    int port() {
        return port;
    }

    /**
     * @param path an absolute path, such as {@code /index.html}
     * @return the URL of {@code path} on this server, with the host name its certificate is for
     */
    String uri(String path) {
        return "https://localhost:" + port + path;
    }

    /** @return the process: PID, output, exit code */
    PeerProcess process() {
        return process;
    }

    /** Sends SIGTERM (a polite {@link ProcessHandle#destroy()}), as a service manager stopping it does. */
    void sigterm() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    }

    /**
     * Waits for the process to end.
     *
     * @param timeout the longest to wait
     * @return its exit code, or empty while it still runs
     */
    OptionalInt waitFor(Duration timeout) {
        return process.waitFor(timeout);
    }

    /** @return the command line, state and last lines of output, for failure messages */
    String describe() {
        return process.describe();
    }

    /** Ends it if still running. */
    @Override
    public void close() {
        process.close();
    }

    /**
     * Writes {@code size} seeded random bytes into {@code file}, in pieces, so a large file never sits in memory.
     *
     * @return the sha256 of what was written, in hex
     */
    static String writeRandom(Path file, long size, long seed) throws IOException {
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] piece = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= piece.length) {
                int n = (int) Math.min(piece.length, left);
                random.nextBytes(piece);
                out.write(piece, 0, n);
                sha.update(piece, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** @return the sha256 of a file's content, in hex, read as a stream */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
