package io.quic4j.testkit.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Installs the Debian packages a test needs when their binary is missing, with {@code apt-get} (as root, or
 * through {@code sudo -n} otherwise). On a machine where the binary is already there this is a file check.
 *
 * <pre>{@code
 * Path server = DebianPackages.ensure("/usr/sbin/gtlsserver", "ngtcp2-server");
 * }</pre>
 */
public final class DebianPackages {
    /** The default bound on {@code apt-get update} plus {@code apt-get install}: 10 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private static final Object LOCK = new Object();

    private DebianPackages() {
    }

    /**
     * Returns {@code binaryPath} once it is executable, installing {@code packages} first if it is not.
     *
     * @param binaryPath the absolute path of the binary the test runs
     * @param packages the Debian packages that provide it
     * @return the binary's path
     * @throws PeerUnavailableException when it is missing and cannot be installed, with the installer's output
     */
    public static Path ensure(String binaryPath, String... packages) {
        return ensure(DEFAULT_TIMEOUT, binaryPath, packages);
    }

    /**
     * Returns {@code binaryPath} once it is executable, installing {@code packages} first if it is not.
     *
     * @param timeout the longest {@code apt-get update} and {@code apt-get install} may take together
     * @param binaryPath the absolute path of the binary the test runs
     * @param packages the Debian packages that provide it
     * @return the binary's path
     * @throws PeerUnavailableException when it is missing and cannot be installed, with the installer's output
     */
    public static Path ensure(Duration timeout, String binaryPath, String... packages) {
        Path binary = Path.of(binaryPath);
        if (!binary.isAbsolute()) {
            throw new IllegalArgumentException("binaryPath must be absolute, got " + binaryPath);
        }
        for (String p : packages) {
            if (!p.matches("[a-z0-9][a-z0-9+.-]+")) {
                throw new IllegalArgumentException("not a Debian package name: '" + p + "'");
            }
        }
        if (Files.isExecutable(binary)) {
            return binary;
        }
        if (packages.length == 0) {
            throw new PeerUnavailableException(binaryPath + " is missing and no package to install it was given");
        }
        // One installation at a time: apt holds a lock, and two tests may need the same package.
        synchronized (LOCK) {
            if (Files.isExecutable(binary)) {
                return binary;
            }
            install(timeout, binaryPath, packages);
            if (!Files.isExecutable(binary)) {
                throw new PeerUnavailableException("installed " + String.join(" ", packages) + " but " + binaryPath
                        + " is still missing: the package does not provide it at that path");
            }
            return binary;
        }
    }

    private static void install(Duration timeout, String binaryPath, String... packages) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path logs;
        try {
            logs = Files.createTempDirectory("quic4j-apt-");
        } catch (IOException e) {
            throw new PeerUnavailableException("cannot create a temporary directory for apt-get's output", e);
        }
        String why = binaryPath + " is missing; installing " + String.join(" ", packages);
        // A failed update (offline, a broken mirror) may still leave usable package lists: try the install anyway
        // and report both if it fails too.
        PeerUnavailableException updateFailure = null;
        try {
            aptGet(why, logs, deadline, List.of("update", "-q", "-o", "DPkg::Lock::Timeout=120"));
        } catch (PeerUnavailableException e) {
            updateFailure = e;
        }
        List<String> install = new ArrayList<>(List.of("install", "-y", "-q", "--no-install-recommends", "-o",
                "DPkg::Lock::Timeout=120"));
        install.addAll(List.of(packages));
        try {
            aptGet(why, logs, deadline, install);
        } catch (PeerUnavailableException e) {
            if (updateFailure != null) {
                e.addSuppressed(updateFailure);
            }
            throw e;
        }
    }

    private static void aptGet(String why, Path logs, long deadline, List<String> args) {
        List<String> argv = new ArrayList<>();
        if (!isRoot()) {
            argv.addAll(List.of("sudo", "-n")); // never prompt: fail instead, with sudo's message
        }
        // env, not the process environment: sudo would not pass DEBIAN_FRONTEND through.
        argv.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get"));
        argv.addAll(args);
        PeerCommand cmd = new PeerCommand("apt-get", argv, Map.of(), null);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        PeerProcess p;
        try {
            p = PeerProcess.start(cmd, logs);
        } catch (PeerException e) {
            throw new PeerUnavailableException(why + ": cannot run " + cmd.commandLine()
                    + " (not a Debian system, or sudo missing?)", e);
        }
        try (p) {
            OptionalInt exit = p.waitFor(left);
            if (exit.isEmpty()) {
                throw new PeerUnavailableException(why + ": timed out: " + p.describe());
            }
            if (exit.getAsInt() != 0) {
                throw new PeerUnavailableException(why + ": failed: " + p.describe());
            }
        }
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective user of this process.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
