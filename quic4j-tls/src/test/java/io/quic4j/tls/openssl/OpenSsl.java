package io.quic4j.tls.openssl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code openssl s_server} or {@code s_client} process for interop tests: started on 127.0.0.1,
 * output captured, every wait bounded, and ended through its own {@link Process} handle.
 */
final class OpenSsl implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private OpenSsl(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        process = pb.start();
        reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0;) {
                    output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                output.append("\n[reader: ").append(e).append("]");
            }
        });
    }

    /** @return whether an {@code openssl} binary runs from PATH */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the output of {@code openssl version} */
    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return v;
    }

    /**
     * Starts {@code openssl s_server} on an ephemeral port of 127.0.0.1.
     *
     * @param keyLog where OpenSSL writes its key log
     * @param args further arguments
     * @return the running server, once it listens
     */
    static OpenSsl server(Path keyLog, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-tls1_3",
                "-keylogfile", keyLog.toString()));
        cmd.addAll(List.of(args));
        return new OpenSsl(cmd);
    }

    /**
     * Starts {@code openssl s_client}.
     *
     * @param port where our server listens on 127.0.0.1
     * @param keyLog where OpenSSL writes its key log
     * @param args further arguments
     * @return the running client
     */
    static OpenSsl client(int port, Path keyLog, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-tls1_3", "-keylogfile", keyLog.toString()));
        cmd.addAll(List.of(args));
        return new OpenSsl(cmd);
    }

    /** @return the port s_server listens on (waits for its ACCEPT line) */
    int port() {
        Matcher m = ACCEPT.matcher(awaitOutput("ACCEPT 127.0.0.1:"));
        if (!m.find()) {
            throw new IllegalStateException("no ACCEPT line: " + output);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Waits until the output contains a string.
     *
     * @param needle the string
     * @return the output so far
     * @throws AssertionError with the output, after {@link #TIMEOUT}
     */
    String awaitOutput(String needle) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (output.indexOf(needle) >= 0) {
                return output.toString();
            }
            sleep();
        }
        throw new AssertionError("openssl did not print \"" + needle + "\" within " + TIMEOUT + ":\n" + output);
    }

    /** @return everything printed so far */
    String output() {
        return output.toString();
    }

    /**
     * @param text bytes for the process's stdin
     */
    void write(String text) throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write(text.getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    /** Closes stdin (s_client then closes the connection). */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Waits until a file holds every line given (OpenSSL flushes its key log line by line).
     *
     * @param file the key log
     * @param lines lines that must all be present
     * @return the file's lines
     */
    static List<String> awaitLines(Path file, List<String> lines) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> got = List.of();
        while (System.nanoTime() < deadline) {
            got = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (got.containsAll(lines)) {
                return got;
            }
            sleep();
        }
        return got;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
