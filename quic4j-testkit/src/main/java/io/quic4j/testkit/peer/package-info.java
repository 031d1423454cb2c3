/**
 * Real peers and tools for interoperability tests, installed from Debian packages when missing
 * (DESIGN.md §8: "Real peers from Debian's packages"): ngtcp2's HTTP/3 examples built with GnuTLS, headless
 * Chromium driven over the Chrome DevTools Protocol, packet capture with dumpcap and decoding with tshark, and
 * throwaway certificates made with openssl.
 *
 * <p>Start with {@link io.quic4j.testkit.peer.Ngtcp2Server} and {@link io.quic4j.testkit.peer.Ngtcp2Client}
 * (command lines, started as an {@link io.quic4j.testkit.peer.Ngtcp2Process} that tells from the log whether
 * the handshake completed), {@link io.quic4j.testkit.peer.Chromium} (started as a
 * {@link io.quic4j.testkit.peer.ChromiumBrowser} that navigates, reloads, evaluates JavaScript in the page and
 * reports each request as a {@link io.quic4j.testkit.peer.ChromiumLoad}, over the
 * {@link io.quic4j.testkit.peer.DevTools} WebSocket client), {@link io.quic4j.testkit.peer.Capture} and {@link io.quic4j.testkit.peer.Tshark}
 * (capture, then decrypt with the {@code SSLKEYLOGFILE} key log and list malformed packets), and
 * {@link io.quic4j.testkit.peer.TestCertificates}. Underneath, {@link io.quic4j.testkit.peer.PeerProcess}
 * runs one external process with its output in log files and ends it (and its descendants) by PID only;
 * {@link io.quic4j.testkit.peer.DebianPackages} runs {@code apt-get} when a binary is missing;
 * {@link io.quic4j.testkit.peer.UdpPorts} picks ports and waits until a peer has bound one; and
 * {@link io.quic4j.testkit.peer.RealPeers} fails a test when a tool cannot be installed, or skips it with
 * {@code -Dquic4j.peers.optional=true}.
 *
 * <pre>{@code
 * CertificateFiles cert = TestCertificates.write(dir);
 * int port = UdpPorts.freePort();
 * Path keylog = dir.resolve("keylog.txt");
 * try (Capture capture = Capture.start(dir.resolve("quic.pcapng"), port);
 *         Ngtcp2Process server = Ngtcp2Server.builder(port, cert).build().start(dir, Duration.ofSeconds(10))) {
 *     Ngtcp2Process client = Ngtcp2Client.builder("127.0.0.1", port).uris("https://localhost:" + port + "/")
 *             .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED).keylogFile(keylog).build()
 *             .run(dir, Duration.ofSeconds(20));
 *     assertThat(client.handshakeCompleted()).isTrue();
 *     QuicDecode decoded = Tshark.decode(capture.stop(), keylog, port);
 *     assertThat(decoded.oneRttDecrypted()).isTrue();
 *     assertThat(decoded.problems()).isEmpty();
 * }
 * }</pre>
 */
package io.quic4j.testkit.peer;
