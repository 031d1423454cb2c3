package io.quic4j.server.cli;

import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.server.DemoSite;
import io.quic4j.server.StaticSite;
import io.quic4j.server.tls.SelfSignedCertificate;
import io.quic4j.tls.CertificateCredentials;
import io.quic4j.transport.TlsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quic4j serve}: serves a directory (or the {@link DemoSite}) over HTTP/3 until SIGTERM or SIGINT, which start
 * a graceful shutdown (DESIGN.md §4: GOAWAY, requests in flight finish within the grace) after which the process
 * exits 0. Without {@code --cert}/{@code --key} it generates a self-signed certificate and prints the Chromium flags
 * that accept it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Serves static files over HTTP/3 until SIGTERM or Ctrl-C.",
        "Without --root it serves a demo page; without --cert/--key it generates a self-signed certificate"
                + " for localhost and prints the Chromium flags that accept it."})
final class ServeCommand implements Callable<Integer> {
    /** The line printed once the server is ready, followed by its URL. */
    static final String READY = "Serving at ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "The directory to serve (default: a demo page).")
    private Path root;

    // 0.0.0.0: reachable from other machines too, as a web server is expected to be; the printed URL says
    // localhost. Pass --listen 127.0.0.1:4433 to keep it on this machine.
    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.class, defaultValue = "0.0.0.0:4433", description = {
            "The UDP address to listen on (default: ${DEFAULT-VALUE},"
                    + " every IPv4 interface).",
            "IPv6 in brackets: [::]:4433. Port 0 picks a free port."})
    private InetSocketAddress listen;

    @Option(names = "--cert", paramLabel = "PEM", description = "The certificate chain, PEM (with --key).")
    private Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "The certificate's private key, PEM (with --cert).")
    private Path key;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10", description = "How long requests in flight may take after SIGTERM (default: ${DEFAULT-VALUE}).")
    private long graceSeconds;

    ServeCommand() {
    }

    @Override
    public Integer call() throws Exception {
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together: give both or neither");
        }
        if (graceSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--grace must be 0 or more seconds, was " + graceSeconds);
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new ParameterException(spec.commandLine(), "--root " + root + " is not a directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path demo = root == null ? DemoSite.writeToTemporaryDirectory() : null;
        StaticSite site = StaticSite.of(root != null ? root : demo);

        TlsConfig.Builder tls = TlsConfig.builder().applicationProtocols("h3");
        SelfSignedCertificate generated = null;
        if (cert != null) {
            try {
                tls.certificate(cert, key);
            } catch (RuntimeException e) {
                // Unreadable files or PEM that is not a certificate chain and a PKCS#8 key.
                throw new ParameterException(spec.commandLine(), "cannot use --cert " + cert + " --key " + key + ": "
                        + e.getMessage());
            }
        } else {
            generated = SelfSignedCertificate.generate();
            tls.certificate(CertificateCredentials.fromPem(generated.certificatePem(), generated.privateKeyPem()));
        }
        Http3Server server;
        try {
            server = Http3Server.bind(listen, Http3ServerConfig.defaults(), tls.build(), site);
        } catch (IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("quic4j serve: cannot listen on UDP " + describe(listen) + ": "
                    + e.getMessage() + " (is another server using it? choose another with --listen HOST:PORT)");
            if (demo != null) {
                DemoSite.delete(demo);
            }
            return 1;
        }
        Duration grace = Duration.ofSeconds(graceSeconds);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("quic4j-shutdown").unstarted(
                () -> stop(server, grace, demo, out, stopped)));

        String origin = origin(server.localAddress());
        out.println("quic4j serve: HTTP/3 over UDP on " + describe(server.localAddress()) + ", files from "
                + (demo != null ? "the demo site (no --root given)" : site.root()));
        if (generated != null) {
            String spki = generated.spkiSha256Base64();
            out.println("Certificate: self-signed for localhost, 127.0.0.1 and ::1, valid until "
                    + generated.certificate().getNotAfter().toInstant() + "; its SPKI sha256 (base64): " + spki);
            out.println("Open it in Chromium with:");
            out.println("  chromium --origin-to-force-quic-on=" + origin + " --ignore-certificate-errors-spki-list="
                    + spki + " https://" + origin + "/");
        } else {
            out.println("Certificate: " + cert.toAbsolutePath());
        }
        out.println("Stop with Ctrl-C or SIGTERM (grace " + graceSeconds + " s).");
        out.println(READY + "https://" + origin + "/");
        out.flush();
        stopped.await(); // the shutdown hook ends the process
        return 0;
    }

    /**
     * Runs in the shutdown hook: a graceful shutdown bounded by the grace, then the exit status. The JVM would exit
     * with 128 + the signal's number after a SIGTERM; a clean shutdown is a success, so the hook halts with 0.
     */
    private static void stop(Http3Server server, Duration grace, Path demo, PrintWriter out, CountDownLatch stopped) {
        out.println("quic4j serve: shutting down, letting requests in flight finish (grace " + grace.toSeconds()
                + " s)");
        out.flush();
        int status = 0;
        try {
            // The server closes its connections shortly before the grace ends; the margin covers closing sockets.
            server.shutdown(grace).get(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
            out.println("quic4j serve: stopped");
        } catch (Exception e) {
            out.println("quic4j serve: shutdown did not complete cleanly: " + e);
            server.close();
            status = 1;
        }
        if (demo != null) {
            DemoSite.delete(demo);
        }
        out.flush();
        stopped.countDown();
        Runtime.getRuntime().halt(status);
    }

    /** The {@code host:port} for URLs: localhost for a wildcard address, brackets around IPv6. */
    static String origin(InetSocketAddress address) {
        String host;
        if (address.getAddress().isAnyLocalAddress()) {
            host = "localhost";
        } else if (address.getAddress() instanceof Inet6Address) {
            host = "[" + address.getAddress().getHostAddress() + "]";
        } else {
            host = address.getAddress().getHostAddress();
        }
        return host + ":" + address.getPort();
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() instanceof Inet6Address
                ? "[" + address.getAddress().getHostAddress() + "]"
                : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }
}
