package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of ngtcp2's example HTTP/3 client built with GnuTLS, {@code gtlsclient} from Debian's
 * {@code ngtcp2-client} package (ALPN h3). Usage: {@code gtlsclient [OPTIONS] <HOST> <PORT> [<URI>...]}. It
 * does not verify the server's certificate. Without URIs it completes the handshake and then stays until
 * the idle timeout; with URIs and {@link ExitWhen#ALL_STREAMS_CLOSED} it exits once every response is in.
 *
 * <pre>{@code
 * try (Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port)
 *         .uris("https://localhost:" + port + "/index.html").exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED)
 *         .keylogFile(dir.resolve("keylog.txt")).build().start(logDir)) {
 *     client.process().waitFor(Duration.ofSeconds(10));
 *     assertThat(client.handshakeCompleted()).isTrue();
 * }
 * }</pre>
 *
 * @param executable the {@code gtlsclient} binary
 * @param host the server's host (a DNS name is also sent as SNI)
 * @param port the server's UDP port
 * @param uris the URIs to request, in order; may be empty
 * @param exitWhen when the client exits by itself
 * @param keylogFile where the TLS secrets go (through {@code SSLKEYLOGFILE}, honoured by GnuTLS), or
 *        {@code null}
 * @param qlogFile where the qlog goes, or {@code null}
 * @param downloadDir where response bodies are saved, or {@code null} to not save them
 * @param quiet {@code --quiet}: no log at all, so the handshake cannot be detected
 * @param dumps whether to print STREAM/CRYPTO data and HTTP bodies (off: {@code --no-quic-dump
 *        --no-http-dump})
 * @param idleTimeout {@code --timeout}, the idle timeout
 * @param extraArgs further options, placed before the positional arguments
 */
public record Ngtcp2Client(Path executable, String host, int port, List<String> uris, ExitWhen exitWhen,
        Path keylogFile, Path qlogFile, Path downloadDir, boolean quiet, boolean dumps, Duration idleTimeout,
        List<String> extraArgs) {

    /** Where Debian's {@code ngtcp2-client} package puts the binary. */
    public static final String BINARY = "/usr/bin/gtlsclient";

    /** The Debian package providing {@link #BINARY}. */
    public static final String PACKAGE = "ngtcp2-client";

    /** When the client exits by itself, besides the idle timeout. */
    public enum ExitWhen {
        /** Only at the idle timeout (or on a connection error). */
        IDLE_TIMEOUT,
        /** {@code --exit-on-first-stream-close}: once the first request stream closes. */
        FIRST_STREAM_CLOSED,
        /** {@code --exit-on-all-streams-close}: once every request stream closes. */
        ALL_STREAMS_CLOSED
    }

    /** Validates and copies. */
    public Ngtcp2Client {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(exitWhen, "exitWhen");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
        }
        Ngtcp2Args.requireIdleTimeout(idleTimeout);
        uris = List.copyOf(uris);
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Installs {@value #PACKAGE} if {@value #BINARY} is missing.
     *
     * @return the binary
     * @throws PeerUnavailableException when it cannot be installed
     */
    public static Path install() {
        return DebianPackages.ensure(BINARY, PACKAGE);
    }

    /**
     * A builder with the binary installed if missing, logging without data dumps, a 30 s idle timeout.
     *
     * @param host the server's host
     * @param port the server's UDP port
     * @return a new builder
     * @throws PeerUnavailableException when the binary cannot be installed
     */
    public static Builder builder(String host, int port) {
        return new Builder(install(), host, port);
    }

    /**
     * The command line.
     *
     * @param name the name of the log files
     * @return the command
     */
    public PeerCommand command(String name) {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        Ngtcp2Args.addCommon(argv, quiet, dumps, idleTimeout);
        switch (exitWhen) {
            case IDLE_TIMEOUT -> {
            }
            case FIRST_STREAM_CLOSED -> argv.add("--exit-on-first-stream-close");
            case ALL_STREAMS_CLOSED -> argv.add("--exit-on-all-streams-close");
        }
        if (qlogFile != null) {
            argv.add("--qlog-file=" + qlogFile);
        }
        if (downloadDir != null) {
            argv.add("--download=" + downloadDir);
        }
        argv.addAll(extraArgs);
        argv.add(host);
        argv.add(Integer.toString(port));
        argv.addAll(uris);
        PeerCommand cmd = new PeerCommand(name, argv, Map.of(), null);
        return Ngtcp2Args.withKeylog(cmd, keylogFile);
    }

    /**
     * Starts the client.
     *
     * @param logDirectory where its output goes
     * @return the running client
     * @throws PeerException when it cannot start
     */
    public Ngtcp2Process start(Path logDirectory) {
        return new Ngtcp2Process(PeerProcess.start(command("gtlsclient"), logDirectory), quiet);
    }

    /**
     * Runs the client until it exits by itself.
     *
     * @param logDirectory where its output goes
     * @param timeout the longest it may run; then it is killed and this throws
     * @return the ended client, whose log can be read
     * @throws PeerException when it does not end in time, with its output
     */
    public Ngtcp2Process run(Path logDirectory, Duration timeout) {
        return new Ngtcp2Process(PeerProcess.run(command("gtlsclient"), logDirectory, timeout), quiet);
    }

    /** Builds an {@link Ngtcp2Client}. */
    public static final class Builder {
        private final Path executable;
        private final String host;
        private final int port;
        private final List<String> uris = new ArrayList<>();
        private ExitWhen exitWhen = ExitWhen.IDLE_TIMEOUT;
        private Path keylogFile;
        private Path qlogFile;
        private Path downloadDir;
        private boolean quiet;
        private boolean dumps;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path executable, String host, int port) {
            this.executable = executable;
            this.host = host;
            this.port = port;
        }

        /**
         * Adds URIs to request, such as {@code https://localhost:4433/index.html}.
         *
         * @param uris the URIs
         * @return this builder
         */
        public Builder uris(String... uris) {
            this.uris.addAll(List.of(uris));
            return this;
        }

        /**
         * Sets when the client exits by itself (default {@link ExitWhen#IDLE_TIMEOUT}).
         *
         * @param when the condition
         * @return this builder
         */
        public Builder exitWhen(ExitWhen when) {
            this.exitWhen = when;
            return this;
        }

        /**
         * Writes the TLS secrets in NSS key log format into {@code file}, through {@code SSLKEYLOGFILE}.
         *
         * @param file the key log file
         * @return this builder
         */
        public Builder keylogFile(Path file) {
            this.keylogFile = file;
            return this;
        }

        /**
         * Writes a qlog into {@code file} (default none).
         *
         * @param file the qlog file
         * @return this builder
         */
        public Builder qlogFile(Path file) {
            this.qlogFile = file;
            return this;
        }

        /**
         * Saves response bodies into {@code dir} (default: not saved).
         *
         * @param dir an existing directory
         * @return this builder
         */
        public Builder downloadDir(Path dir) {
            this.downloadDir = dir;
            return this;
        }

        /**
         * Sets {@code --quiet} (default off). A quiet client prints nothing, so
         * {@link Ngtcp2Process#handshakeCompleted()} cannot tell.
         *
         * @param quiet whether to suppress the log
         * @return this builder
         */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /**
         * Prints STREAM/CRYPTO data and HTTP bodies in the log (default off).
         *
         * @param dumps whether to dump data
         * @return this builder
         */
        public Builder dumps(boolean dumps) {
            this.dumps = dumps;
            return this;
        }

        /**
         * Sets the idle timeout (default 30 s).
         *
         * @param timeout at least 1 ms
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Adds options from {@code gtlsclient --help}, such as {@code --key-update=1s} or {@code -v v2draft}.
         *
         * @param args the options
         * @return this builder
         */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /**
         * Builds the command description.
         *
         * @return the client
         */
        public Ngtcp2Client build() {
            return new Ngtcp2Client(executable, host, port, uris, exitWhen, keylogFile, qlogFile, downloadDir, quiet,
                    dumps, idleTimeout, extraArgs);
        }
    }
}
