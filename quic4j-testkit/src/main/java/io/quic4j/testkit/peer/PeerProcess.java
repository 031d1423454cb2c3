package io.quic4j.testkit.peer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An external process started for a test, with its standard output and error written to files in a log
 * directory (read back bounded to the last {@value #MAX_READ} bytes). {@link #close()} ends this process and
 * its descendants, by their process IDs only: a polite {@code destroy} (SIGTERM), then, after
 * {@value #GRACE_MILLIS} ms, {@code destroyForcibly} (SIGKILL).
 *
 * <pre>{@code
 * try (PeerProcess p = PeerProcess.start(PeerCommand.of("server", "/usr/sbin/gtlsserver", ...), logDir)) {
 *     p.awaitOutput("QUIC handshake has completed", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class PeerProcess implements AutoCloseable {
    /** The most bytes of a log file read back by {@link #stdout()} and {@link #stderr()}: the last 4 MiB. */
    public static final int MAX_READ = 4 * 1024 * 1024;

    /** How long {@link #close()} waits after SIGTERM before SIGKILL. */
    public static final long GRACE_MILLIS = 2000;

    private static final int TAIL_LINES = 40;

    private final PeerCommand command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerProcess(PeerCommand command, Process process, Path stdoutFile, Path stderrFile) {
        this.command = command;
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /**
     * Starts a process.
     *
     * @param command what to run
     * @param logDirectory where its {@code <name>-*.stdout.log} and {@code <name>-*.stderr.log} go; created
     *        if missing
     * @return the running process
     * @throws PeerException when it cannot be started (the executable missing, for example)
     */
    public static PeerProcess start(PeerCommand command, Path logDirectory) {
        Objects.requireNonNull(command, "command");
        Path out;
        Path err;
        try {
            Files.createDirectories(logDirectory);
            out = Files.createTempFile(logDirectory, command.name() + "-", ".stdout.log");
            err = Files.createTempFile(logDirectory, command.name() + "-", ".stderr.log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log files in " + logDirectory, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.environment());
        if (command.directory() != null) {
            pb.directory(command.directory().toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        try {
            return new PeerProcess(command, pb.start(), out, err);
        } catch (IOException e) {
            throw new PeerException("cannot start " + command.name() + ": " + command.commandLine(), e);
        }
    }

    /**
     * Runs a command to completion.
     *
     * @param command what to run
     * @param logDirectory where its output files go
     * @param timeout the longest it may run; then it is killed
     * @return the ended process, whose output and exit code can be read
     * @throws PeerException when it cannot start or does not end in time (with the tail of its output)
     */
    public static PeerProcess run(PeerCommand command, Path logDirectory, Duration timeout) {
        PeerProcess p = start(command, logDirectory);
        if (p.waitFor(timeout).isEmpty()) {
            p.close();
            throw new PeerException("did not end within " + timeout + ": " + p.describe());
        }
        return p;
    }

    /**
     * The command this process runs.
     *
     * @return the command
     */
    public PeerCommand command() {
        return command;
    }

    /**
     * The operating system's process ID.
     *
     * @return the PID
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Whether the process is still running.
     *
     * @return {@code true} until it ends
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to end.
     *
     * @param timeout the longest to wait
     * @return its exit code, or empty if it still runs
     */
    public OptionalInt waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /**
     * Waits until {@code text} appears in the standard output or error, polling the log files.
     *
     * @param text what to look for
     * @param timeout the longest to wait
     * @return {@code true} if it appeared; {@code false} on timeout or when the process ended without it
     */
    public boolean awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive();
            if (output().contains(text)) {
                return true;
            }
            if (!alive || System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The standard output so far (its last {@value #MAX_READ} bytes).
     *
     * @return the text
     */
    public String stdout() {
        return tail(stdoutFile);
    }

    /**
     * The standard error so far (its last {@value #MAX_READ} bytes).
     *
     * @return the text
     */
    public String stderr() {
        return tail(stderrFile);
    }

    /**
     * Standard output followed by standard error.
     *
     * @return the text
     */
    public String output() {
        return stdout() + stderr();
    }

    /**
     * The file holding the standard output.
     *
     * @return its path
     */
    public Path stdoutFile() {
        return stdoutFile;
    }

    /**
     * The file holding the standard error.
     *
     * @return its path
     */
    public Path stderrFile() {
        return stderrFile;
    }

    /**
     * A description for failure messages: the command line, PID, whether it runs or its exit code, the log
     * files and the last lines of both outputs.
     *
     * @return the description
     */
    public String describe() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return command.name() + " (pid " + pid() + ", " + state + "): " + command.commandLine() + "\n  stdout "
                + stdoutFile + ":\n" + lastLines(stdout()) + "\n  stderr " + stderrFile + ":\n" + lastLines(stderr());
    }

    /**
     * Ends the process and its descendants if still running: SIGTERM, then SIGKILL after
     * {@value #GRACE_MILLIS} ms; waits (at most 5 s more) for them to end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Collect the descendants first: once the parent dies they are re-parented and out of reach.
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        if (waitFor(Duration.ofMillis(GRACE_MILLIS)).isEmpty()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(5));
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
        // SIGKILL is delivered asynchronously: wait, bounded, so that none outlives close() (a browser's
        // renderers and zygotes otherwise linger for a moment after their parent).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle d : descendants) {
            try {
                d.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // left to the operating system; close() is best effort past its bound
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The last lines of a text, indented, for messages.
     *
     * @param text the text
     * @return its last {@value #TAIL_LINES} lines
     */
    static String lastLines(String text) {
        List<String> lines = text.lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        StringBuilder sb = new StringBuilder();
        for (String l : tail) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }

    private static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, length - MAX_READ);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
