package io.quic4j.testkit.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * UDP ports for real peers: picking a free one, and waiting until a peer has bound its port. A UDP server
 * prints nothing when it is ready, so readiness is read from the kernel's socket table
 * ({@code /proc/net/udp} and {@code /proc/net/udp6}), which does not disturb the peer.
 *
 * <pre>{@code
 * int port = UdpPorts.freePort();
 * PeerProcess server = PeerProcess.start(...);
 * UdpPorts.awaitBound(port, server, Duration.ofSeconds(10));
 * }</pre>
 */
public final class UdpPorts {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    /** Without a socket table, how long {@link #awaitBound} waits before assuming the port is bound. */
    private static final Duration BLIND_WAIT = Duration.ofMillis(500);

    private UdpPorts() {
    }

    /**
     * A UDP port that was free on the loopback interface a moment ago (bound then released; another process
     * could take it in between, which is unlikely among ephemeral ports).
     *
     * @return the port
     */
    public static int freePort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket on loopback", e);
        }
    }

    /**
     * Whether any UDP socket is bound to {@code port}, according to the kernel's socket tables.
     *
     * @param port the port
     * @return {@code true} if bound
     * @throws UnsupportedOperationException when the tables cannot be read (not Linux)
     */
    public static boolean isBound(int port) {
        String hex = ":" + String.format(Locale.ROOT, "%04X", port);
        boolean readable = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            readable = true;
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                // "sl local_address rem_address st ...": local_address is "ADDRESS:PORT" in hex.
                if (fields.length > 2 && fields[1].endsWith(hex)) {
                    return true;
                }
            }
        }
        if (!readable) {
            throw new UnsupportedOperationException("cannot read " + TABLES);
        }
        return false;
    }

    /**
     * Waits until {@code process} has bound {@code port}.
     *
     * @param port the UDP port the process listens on
     * @param process the process expected to bind it
     * @param timeout the longest to wait
     * @throws PeerException when the process ends first or the timeout passes, with its output
     */
    public static void awaitBound(int port, PeerProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new PeerException("ended before binding UDP port " + port + ": " + process.describe());
            }
            boolean bound;
            try {
                bound = isBound(port);
            } catch (UnsupportedOperationException e) {
                process.waitFor(BLIND_WAIT);
                if (!process.isAlive()) {
                    continue; // reported above
                }
                return;
            }
            if (bound) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new PeerException(
                        "did not bind UDP port " + port + " within " + timeout + ": " + process.describe());
            }
            process.waitFor(Duration.ofMillis(20));
        }
    }
}
