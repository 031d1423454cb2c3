package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of Debian's headless {@code chromium}, made to speak HTTP/3 to a test server: QUIC forced on
 * for the server's origin (no Alt-Svc discovery over TCP needed) and the server's self-signed certificate accepted
 * by the SHA-256 hash of its public key. It is driven through the Chrome DevTools Protocol (see
 * {@link ChromiumBrowser}).
 *
 * <p>The flags besides those two, and why. Needed on a server or in a container: {@code --headless} (without it the
 * browser exits with "Missing X server or $DISPLAY") and {@code --no-sandbox} (as root it exits with "Running as root
 * without --no-sandbox is not supported"). Needed for driving it: {@code --user-data-dir} in the test's directory (a
 * fresh profile: no cache, no QUIC marked broken by an earlier run, nothing shared
 * with another browser) and {@code --remote-debugging-port=0} (the browser picks a free port and writes it to
 * {@code DevToolsActivePort} in the profile). Defensive: {@code --disable-gpu} (there is no GPU);
 * {@code --disable-dev-shm-usage} (a container's {@code /dev/shm} is often 64 MB, too small for the browser's shared
 * memory; Debian's launcher adds it by itself below 3.8 GB); {@code --no-first-run}, {@code --no-default-browser-check},
 * {@code --disable-background-networking} and {@code --disable-component-update}, so that the browser makes no
 * connections of its own besides the page's.
 *
 * <pre>{@code
 * try (ChromiumBrowser browser = Chromium.builder().forceQuicOn("127.0.0.1:" + port).acceptSpki(spki).build()
 *         .start(dir, Duration.ofSeconds(30))) {
 *     browser.navigate("https://127.0.0.1:" + port + "/", Duration.ofSeconds(30));
 *     JsonNode title = browser.evaluate("document.title", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * @param executable the {@code chromium} launcher
 * @param quicOrigins the {@code HOST:PORT} origins to use QUIC for ({@code --origin-to-force-quic-on})
 * @param spkiHashes the base64 SHA-256 hashes of public keys whose certificates are accepted without validation
 *        ({@code --ignore-certificate-errors-spki-list})
 * @param extraArgs further flags
 */
public record Chromium(Path executable, List<String> quicOrigins, List<String> spkiHashes, List<String> extraArgs) {

    /** Where Debian's {@code chromium} package puts the launcher. */
    public static final String BINARY = "/usr/bin/chromium";

    /** The Debian package providing {@link #BINARY}. */
    public static final String PACKAGE = "chromium";

    /** Validates and copies. */
    public Chromium {
        Objects.requireNonNull(executable, "executable");
        quicOrigins = List.copyOf(quicOrigins);
        spkiHashes = List.copyOf(spkiHashes);
        extraArgs = List.copyOf(extraArgs);
        for (String origin : quicOrigins) {
            if (!origin.matches("[^\\s,/]+:\\d{1,5}")) {
                throw new IllegalArgumentException("a QUIC origin is HOST:PORT, got '" + origin + "'");
            }
        }
        for (String hash : spkiHashes) {
            if (!hash.matches("[A-Za-z0-9+/]{43}=")) {
                throw new IllegalArgumentException("an SPKI hash is 32 bytes in base64, got '" + hash + "'");
            }
        }
    }

    /**
     * Installs {@value #PACKAGE} if {@value #BINARY} is missing.
     *
     * @return the launcher
     * @throws PeerUnavailableException when it cannot be installed
     */
    public static Path install() {
        return DebianPackages.ensure(BINARY, PACKAGE);
    }

    /**
     * A builder with the browser installed if missing.
     *
     * @return a new builder
     * @throws PeerUnavailableException when the browser cannot be installed
     */
    public static Builder builder() {
        return new Builder(install());
    }

    /**
     * The command line.
     *
     * @param profile the user data directory
     * @return the command, named {@code chromium}
     */
    public PeerCommand command(Path profile) {
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update"));
        if (!quicOrigins.isEmpty()) {
            argv.add("--origin-to-force-quic-on=" + String.join(",", quicOrigins));
        }
        if (!spkiHashes.isEmpty()) {
            argv.add("--ignore-certificate-errors-spki-list=" + String.join(",", spkiHashes));
        }
        argv.addAll(extraArgs);
        argv.add("about:blank");
        return new PeerCommand("chromium", argv, Map.of(), null);
    }

    /**
     * Starts the browser with a fresh profile in {@code directory} and connects to it over the DevTools Protocol,
     * with one page open on {@code about:blank}.
     *
     * @param directory where the profile and the browser's output go
     * @param timeout the longest start-up and connection may take
     * @return the running browser
     * @throws PeerException when it does not start in time (the browser is then ended)
     */
    public ChromiumBrowser start(Path directory, Duration timeout) {
        return ChromiumBrowser.start(this, directory, timeout);
    }

    /** Builds a {@link Chromium}. */
    public static final class Builder {
        private final Path executable;
        private final List<String> quicOrigins = new ArrayList<>();
        private final List<String> spkiHashes = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path executable) {
            this.executable = executable;
        }

        /**
         * Makes the browser use QUIC for {@code hostAndPort} from the first request.
         *
         * @param hostAndPort such as {@code 127.0.0.1:4433}
         * @return this builder
         */
        public Builder forceQuicOn(String hostAndPort) {
            quicOrigins.add(hostAndPort);
            return this;
        }

        /**
         * Accepts certificates whose public key has this SHA-256 hash (base64), such as the one {@code quic4j serve}
         * prints for its self-signed certificate.
         *
         * @param spkiSha256Base64 the hash
         * @return this builder
         */
        public Builder acceptSpki(String spkiSha256Base64) {
            spkiHashes.add(spkiSha256Base64);
            return this;
        }

        /**
         * Adds flags, such as {@code --enable-logging=stderr --v=1}.
         *
         * @param args the flags
         * @return this builder
         */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /**
         * Builds the command description.
         *
         * @return the browser's command line
         */
        public Chromium build() {
            return new Chromium(executable, quicOrigins, spkiHashes, extraArgs);
        }
    }
}
