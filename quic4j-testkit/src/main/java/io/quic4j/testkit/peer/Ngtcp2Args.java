package io.quic4j.testkit.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options {@code gtlsserver} and {@code gtlsclient} share: logging, idle timeout, key log. */
final class Ngtcp2Args {
    private Ngtcp2Args() {
    }

    /** {@code --quiet}, the data-dump switches and {@code --timeout}, in that order. */
    static void addCommon(List<String> argv, boolean quiet, boolean dumps, Duration idleTimeout) {
        if (quiet) {
            argv.add("--quiet");
        }
        if (!dumps) {
            argv.add("--no-quic-dump");
            argv.add("--no-http-dump");
        }
        argv.add("--timeout=" + idleTimeout.toMillis() + "ms");
    }

    /** GnuTLS writes the NSS key log named by {@code SSLKEYLOGFILE}; the examples have no option for it. */
    static PeerCommand withKeylog(PeerCommand command, Path keylogFile) {
        return keylogFile == null ? command : command.withEnvironment("SSLKEYLOGFILE", keylogFile.toString());
    }

    /** Checks the idle timeout is one the examples accept (they take whole milliseconds). */
    static void requireIdleTimeout(Duration idleTimeout) {
        if (idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idleTimeout must be at least 1 ms, got " + idleTimeout);
        }
    }
}
