package io.quic4j.testkit.peer;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running ngtcp2 example ({@code gtlsserver} or {@code gtlsclient}) and what its log says about the
 * handshake. Both print, on standard error and unless started quiet, {@value #HANDSHAKE_COMPLETED} when the
 * TLS handshake completes, then {@code Negotiated ALPN is h3}; the client also prints
 * {@value #HANDSHAKE_CONFIRMED} when it receives HANDSHAKE_DONE (RFC 9001 §4.1.2). The exit code says nothing:
 * the client exits 0 even when no server answers.
 *
 * <pre>{@code
 * try (Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port).build().start(logDir)) {
 *     assertThat(client.awaitHandshake(Duration.ofSeconds(10))).isTrue();
 * }
 * }</pre>
 */
public final class Ngtcp2Process implements AutoCloseable {
    /** The line both peers print when the handshake completes. */
    public static final String HANDSHAKE_COMPLETED = "QUIC handshake has completed";

    /** The line the client prints when the server confirms the handshake (HANDSHAKE_DONE). */
    public static final String HANDSHAKE_CONFIRMED = "QUIC handshake has been confirmed";

    private static final Pattern ALPN = Pattern.compile("Negotiated ALPN is (\\S+)");

    private final PeerProcess process;
    private final boolean quiet;

    Ngtcp2Process(PeerProcess process, boolean quiet) {
        this.process = process;
        this.quiet = quiet;
    }

    /**
     * The underlying process: PID, output files, exit code.
     *
     * @return the process
     */
    public PeerProcess process() {
        return process;
    }

    /**
     * Whether the log so far shows the handshake completed.
     *
     * @return {@code true} once {@value #HANDSHAKE_COMPLETED} was printed
     * @throws IllegalStateException when started quiet: nothing is printed to tell
     */
    public boolean handshakeCompleted() {
        return logContains(HANDSHAKE_COMPLETED);
    }

    /**
     * Whether the log so far shows the handshake confirmed (client only: it received HANDSHAKE_DONE).
     *
     * @return {@code true} once {@value #HANDSHAKE_CONFIRMED} was printed
     * @throws IllegalStateException when started quiet
     */
    public boolean handshakeConfirmed() {
        return logContains(HANDSHAKE_CONFIRMED);
    }

    /**
     * The ALPN protocol the log says was negotiated.
     *
     * @return the protocol, such as {@code h3}, or empty before the handshake
     * @throws IllegalStateException when started quiet
     */
    public Optional<String> negotiatedAlpn() {
        requireLog();
        Matcher m = ALPN.matcher(process.stderr());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Waits until the handshake completes, the process ends, or the timeout passes.
     *
     * @param timeout the longest to wait
     * @return whether the handshake completed
     * @throws IllegalStateException when started quiet
     */
    public boolean awaitHandshake(Duration timeout) {
        requireLog();
        return process.awaitOutput(HANDSHAKE_COMPLETED, timeout);
    }

    /** Ends the process (SIGTERM, then SIGKILL), by its PID. Idempotent. */
    @Override
    public void close() {
        process.close();
    }

    private boolean logContains(String line) {
        requireLog();
        return process.output().contains(line);
    }

    private void requireLog() {
        if (quiet) {
            throw new IllegalStateException(process.command().name() + " was started with quiet(true) and prints "
                    + "nothing to detect the handshake from; start it without quiet");
        }
    }
}
