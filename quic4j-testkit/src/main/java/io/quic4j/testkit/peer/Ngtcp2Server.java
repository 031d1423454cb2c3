package io.quic4j.testkit.peer;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of ngtcp2's example HTTP/3 server built with GnuTLS, {@code gtlsserver} from Debian's
 * {@code ngtcp2-server} package (ALPN h3). It serves files from its document root. Usage:
 * {@code gtlsserver [OPTIONS] <ADDR> <PORT> <PRIVATE_KEY_FILE> <CERTIFICATE_FILE>}.
 *
 * <pre>{@code
 * CertificateFiles cert = TestCertificates.write(dir);
 * int port = UdpPorts.freePort();
 * try (Ngtcp2Process server = Ngtcp2Server.builder(port, cert).documentRoot(docs).build()
 *         .start(logDir, Duration.ofSeconds(10))) {
 *     ...
 * }
 * }</pre>
 *
 * @param executable the {@code gtlsserver} binary
 * @param address the address to listen on
 * @param port the UDP port
 * @param certificate the certificate and key
 * @param documentRoot the directory served, or {@code null} for the working directory
 * @param qlogDir where a qlog file per connection goes, or {@code null} for none
 * @param keylogFile where the TLS secrets go (through {@code SSLKEYLOGFILE}, honoured by GnuTLS), or
 *        {@code null}
 * @param quiet {@code --quiet}: no log at all, so the handshake cannot be detected
 * @param dumps whether to print STREAM/CRYPTO data and HTTP bodies (off: {@code --no-quic-dump
 *        --no-http-dump})
 * @param idleTimeout {@code --timeout}, the idle timeout
 * @param extraArgs further options, placed before the positional arguments
 */
public record Ngtcp2Server(Path executable, InetAddress address, int port, CertificateFiles certificate,
        Path documentRoot, Path qlogDir, Path keylogFile, boolean quiet, boolean dumps, Duration idleTimeout,
        List<String> extraArgs) {

    /** Where Debian's {@code ngtcp2-server} package puts the binary. */
    public static final String BINARY = "/usr/sbin/gtlsserver";

    /** The Debian package providing {@link #BINARY}. */
    public static final String PACKAGE = "ngtcp2-server";

    /** Validates and copies. */
    public Ngtcp2Server {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
        }
        Ngtcp2Args.requireIdleTimeout(idleTimeout);
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
     * A builder listening on 127.0.0.1, with the binary installed if missing, logging without data dumps.
     *
     * @param port the UDP port
     * @param certificate the certificate and key
     * @return a new builder
     * @throws PeerUnavailableException when the binary cannot be installed
     */
    public static Builder builder(int port, CertificateFiles certificate) {
        return new Builder(install(), port, certificate);
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
        if (documentRoot != null) {
            argv.add("--htdocs=" + documentRoot);
        }
        if (qlogDir != null) {
            argv.add("--qlog-dir=" + qlogDir);
        }
        argv.addAll(extraArgs);
        argv.add(address.getHostAddress());
        argv.add(Integer.toString(port));
        argv.add(certificate.privateKey().toString());
        argv.add(certificate.certificate().toString());
        PeerCommand cmd = new PeerCommand(name, argv, Map.of(), null);
        return Ngtcp2Args.withKeylog(cmd, keylogFile);
    }

    /**
     * Starts the server and waits until its UDP port is bound.
     *
     * @param logDirectory where its output goes
     * @param readyTimeout the longest to wait for the port
     * @return the running server
     * @throws PeerException when it ends or does not bind the port in time (a used port, a bad key), with its
     *         output
     */
    public Ngtcp2Process start(Path logDirectory, Duration readyTimeout) {
        PeerProcess p = PeerProcess.start(command("gtlsserver"), logDirectory);
        try {
            UdpPorts.awaitBound(port, p, readyTimeout);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new Ngtcp2Process(p, quiet);
    }

    /** Builds an {@link Ngtcp2Server}. */
    public static final class Builder {
        private final Path executable;
        private final int port;
        private final CertificateFiles certificate;
        private InetAddress address = InetAddress.ofLiteral("127.0.0.1");
        private Path documentRoot;
        private Path qlogDir;
        private Path keylogFile;
        private boolean quiet;
        private boolean dumps;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path executable, int port, CertificateFiles certificate) {
            this.executable = executable;
            this.port = port;
            this.certificate = certificate;
        }

        /**
         * Sets the address to listen on (default 127.0.0.1).
         *
         * @param address a numeric address
         * @return this builder
         */
        public Builder address(InetAddress address) {
            this.address = address;
            return this;
        }

        /**
         * Sets the directory served (default the working directory).
         *
         * @param dir the document root
         * @return this builder
         */
        public Builder documentRoot(Path dir) {
            this.documentRoot = dir;
            return this;
        }

        /**
         * Writes a qlog file per connection into {@code dir} (default none).
         *
         * @param dir an existing directory
         * @return this builder
         */
        public Builder qlogDir(Path dir) {
            this.qlogDir = dir;
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
         * Sets {@code --quiet} (default off). A quiet server prints nothing, so
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
         * Adds options from {@code gtlsserver --help}, such as {@code --validate-addr} or {@code --cc=bbr}.
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
         * @return the server
         */
        public Ngtcp2Server build() {
            return new Ngtcp2Server(executable, address, port, certificate, documentRoot, qlogDir, keylogFile, quiet,
                    dumps, idleTimeout, extraArgs);
        }
    }
}
