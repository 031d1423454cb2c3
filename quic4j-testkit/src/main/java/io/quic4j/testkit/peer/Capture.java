package io.quic4j.testkit.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A packet capture of loopback UDP traffic for one port, written by {@code dumpcap} (from Debian's
 * {@code tshark}, through {@code wireshark-common}) into a pcapng file. Capturing needs root, or membership in
 * the {@code wireshark} group with dumpcap's capabilities set.
 *
 * <p>dumpcap reads the kernel's capture ring a block at a time, and a block is handed over only when full or
 * after a timeout (about a second); on SIGTERM it writes what it has read and drops the block in progress.
 * So both ends of the capture are marked: {@link #start} sends a small marker datagram to a second, unused
 * port (also captured) and returns once the marker is in the file, proving the capture is live; {@link #stop()}
 * sends another marker and stops dumpcap only once that one is in the file, so every datagram before it is
 * too. The markers are plain UDP on the marker port and are not dissected as QUIC. The capture also stops by
 * itself after a bound.
 *
 * <pre>{@code
 * try (Capture capture = Capture.start(dir.resolve("quic.pcapng"), port)) {
 *     ... run the peers ...
 *     Path pcap = capture.stop();
 *     QuicDecode decoded = Tshark.decode(pcap, keylog, port);
 * }
 * }</pre>
 */
public final class Capture implements AutoCloseable {
    /** Where Debian puts {@code dumpcap}. */
    public static final String BINARY = "/usr/bin/dumpcap";

    /** The Debian package that brings {@link #BINARY}. */
    public static final String PACKAGE = "tshark";

    /** How long a capture runs at most unless stopped: 2 minutes. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(2);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(10);

    private final PeerProcess process;
    private final Path file;
    private final int markerPort;
    private final String markerId;

    private Capture(PeerProcess process, Path file, int markerPort) {
        this.process = process;
        this.file = file;
        this.markerPort = markerPort;
        this.markerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /**
     * Starts capturing UDP datagrams to or from {@code udpPort} on the loopback interface, for at most
     * {@link #DEFAULT_MAX_DURATION}. Returns once dumpcap has opened the interface and the file.
     *
     * @param pcap the pcapng file to write; its directory must exist
     * @param udpPort the port
     * @return the running capture
     * @throws PeerUnavailableException when dumpcap is missing and cannot be installed
     * @throws PeerException when dumpcap fails to start capturing, with its output
     */
    public static Capture start(Path pcap, int udpPort) {
        return start(pcap, udpPort, DEFAULT_MAX_DURATION);
    }

    /**
     * Starts capturing UDP datagrams to or from {@code udpPort} on the loopback interface.
     *
     * @param pcap the pcapng file to write; its directory must exist
     * @param udpPort the port
     * @param maxDuration when dumpcap stops by itself (at least 1 s)
     * @return the running capture
     * @throws PeerUnavailableException when dumpcap is missing and cannot be installed
     * @throws PeerException when dumpcap fails to start capturing, with its output
     */
    public static Capture start(Path pcap, int udpPort, Duration maxDuration) {
        if (udpPort < 1 || udpPort > 65535) {
            throw new IllegalArgumentException("udpPort must be in [1, 65535], got " + udpPort);
        }
        long seconds = Math.max(1, maxDuration.toSeconds());
        Path dumpcap = DebianPackages.ensure(BINARY, PACKAGE);
        Path absolute = pcap.toAbsolutePath();
        try {
            Files.deleteIfExists(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + absolute, e);
        }
        int markerPort = UdpPorts.freePort();
        PeerCommand cmd = PeerCommand.of("dumpcap", dumpcap.toString(), "-i", "lo", "-f",
                "udp port " + udpPort + " or udp dst port " + markerPort, "-w", absolute.toString(), "-a",
                "duration:" + seconds);
        PeerProcess p = PeerProcess.start(cmd, absolute.getParent());
        Capture capture = new Capture(p, absolute, markerPort);
        // dumpcap reports "File: <name>" once the interface, its filter and the output file are open.
        if (!p.awaitOutput("File: ", START_TIMEOUT) || !capture.mark("start")) {
            p.close();
            throw new PeerException("dumpcap did not start capturing within " + START_TIMEOUT + ": " + p.describe());
        }
        return capture;
    }

    /**
     * The pcapng file being written.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * The dumpcap process.
     *
     * @return the process
     */
    public PeerProcess process() {
        return process;
    }

    /**
     * Stops the capture (SIGTERM to dumpcap's PID) and waits until dumpcap has closed the file.
     *
     * @return the pcapng file, complete
     * @throws PeerException when dumpcap failed or left no file
     */
    public Path stop() {
        boolean marked = !process.isAlive() || mark("stop");
        process.close();
        if (!marked) {
            throw new PeerException("dumpcap did not write the stop marker within " + MARKER_TIMEOUT
                    + ", the capture may be incomplete: " + process.describe());
        }
        int exit = process.waitFor(Duration.ZERO).orElse(-1);
        // SIGTERM is a normal stop for dumpcap (exit 0); a kill after the grace period is not.
        if (exit != 0 || !Files.exists(file)) {
            throw new PeerException("dumpcap did not end cleanly (exit " + exit + "): " + process.describe());
        }
        return file;
    }

    /**
     * The port the start and stop markers are sent to (captured, not QUIC).
     *
     * @return the marker port
     */
    public int markerPort() {
        return markerPort;
    }

    /** Sends a marker datagram and waits until dumpcap has written it into the file. */
    private boolean mark(String what) {
        byte[] marker = ("quic4j-capture-" + what + "-" + markerId).getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress target = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), markerPort);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            s.send(new DatagramPacket(marker, marker.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send the capture marker to " + target, e);
        }
        String needle = new String(marker, StandardCharsets.ISO_8859_1);
        long deadline = System.nanoTime() + MARKER_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            try {
                if (Files.exists(file)
                        && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(needle)) {
                    return true;
                }
            } catch (IOException e) {
                // the file is being written; look again
            }
            process.waitFor(Duration.ofMillis(20));
        }
        return false;
    }

    /** Stops the capture if still running, without checking the result. Idempotent. */
    @Override
    public void close() {
        process.close();
    }
}
