package io.quic4j.server.cli;

import io.quic4j.http3.Http3Client;
import io.quic4j.http3.Http3ClientConfig;
import io.quic4j.http3.Http3ClientRequest;
import io.quic4j.http3.Http3ClientResponse;
import io.quic4j.http3.Http3TimeoutException;
import io.quic4j.tls.TlsAlert;
import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.TlsConfig;
import io.quic4j.transport.TransportError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quic4j get URL}: fetches one URL over HTTP/3 with {@link Http3Client}, with curl's option names. The body
 * goes to stdout (as bytes) or, with {@code -o}, to a file that appears only once the download is complete (it is
 * written to a temporary file in the same directory and then moved). The exit status follows curl's codes.
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Fetches a URL over HTTP/3 (ALPN h3), like curl: the body goes to stdout, or to FILE with -o.",
        "A progress bar on a terminal with -o, else a one-line summary on stderr (none with -s)."}, exitCodeListHeading = "%nExit status (curl's codes):%n", exitCodeList = {
                "0:success (also for HTTP 4xx/5xx unless --fail)",
                "2:bad command line",
                "3:malformed or non-https URL",
                "6:could not resolve the host",
                "7:could not connect (the QUIC or TLS handshake failed, or the connection was closed)",
                "22:HTTP status 400 or more with --fail",
                "23:cannot write the output",
                "28:timed out (--max-time, no answer from the server, or no response)",
                "56:the connection or stream failed while receiving",
                "60:the server's certificate is not trusted (see --cacert, --insecure)",
                "77:cannot read the --cacert file"})
final class GetCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int URL_MALFORMED = 3;
    static final int RESOLVE = 6;
    static final int CONNECT = 7;
    static final int HTTP_ERROR = 22;
    static final int WRITE_ERROR = 23;
    static final int TIMEOUT = 28;
    static final int RECEIVE_ERROR = 56;
    static final int PEER_CERTIFICATE = 60;
    static final int CA_CERT = 77;

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The https URL to fetch.")
    private String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the body to FILE instead of stdout.")
    private Path output;

    @Option(names = "--cacert", paramLabel = "PEM", description = "Trust exactly the certificates in PEM (default: the JDK's CAs).")
    private Path cacert;

    @Option(names = {"-k", "--insecure"}, description = "Do not verify the server's certificate chain (its host name"
            + " is still checked). Unsafe.")
    private boolean insecure;

    @Option(names = {"-f", "--fail"}, description = "Exit 22 without output for an HTTP status of 400 or more.")
    private boolean fail;

    @Option(names = {"-i", "--include"}, description = "Write the response's status line and headers before the body.")
    private boolean include;

    @Option(names = {"-s",
            "--silent"}, description = "No progress bar, summary or warnings on stderr; errors still print.")
    private boolean silent;

    @Option(names = "--max-time", paramLabel = "SECONDS", description = "Give up (exit 28) after this many seconds in"
            + " all (default: no limit, but 30 s for the response to start).")
    private double maxTime;

    private final OutputStream stdout;

    /** For picocli: the body goes to {@link System#out}. */
    GetCommand() {
        this(System.out);
    }

    /** @param stdout where the body goes without {@code -o} */
    GetCommand(OutputStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (cacert != null && insecure) {
            return error(err, 2, "--cacert and --insecure exclude each other: give one");
        }
        if (maxTime < 0 || Double.isNaN(maxTime)) {
            return error(err, 2, "--max-time must be 0 (no limit) or more seconds, was " + maxTime);
        }
        URI uri;
        Http3ClientRequest.Builder request;
        try {
            uri = new URI(url);
            request = Http3ClientRequest.newBuilder(uri);
            if (maxTime > 0) {
                request.timeout(maxTimeDuration());
            }
            request.build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return error(err, URL_MALFORMED, "malformed URL '" + url + "': " + e.getMessage());
        }
        TlsConfig.Builder tls = TlsConfig.builder().applicationProtocols("h3");
        if (cacert != null) {
            try {
                tls.trustCertificates(cacert);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                String why = e instanceof UncheckedIOException u ? u.getCause().toString() : e.getMessage();
                return error(err, CA_CERT, "cannot use --cacert " + cacert + ": " + why);
            }
        } else if (insecure) {
            tls.trustManager(new InsecureTrustManager());
            if (!silent) {
                err.println("quic4j get: warning: --insecure: the server's certificate is not verified; anyone on the"
                        + " path can read and change this download");
            }
        }
        Http3ClientConfig.Builder config = Http3ClientConfig.builder(tls.build());
        if (maxTime > 0) {
            config.requestTimeout(maxTimeDuration());
        }
        String origin = uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort());
        try (Http3Client client = Http3Client.create(config.build())) {
            return fetch(client, request.build(), origin, err);
        } finally {
            err.flush();
        }
    }

    private Duration maxTimeDuration() {
        return Duration.ofNanos(Math.max(1, (long) (maxTime * 1e9)));
    }

    /** Sends the request and writes the response; a timer interrupts this thread when --max-time runs out. */
    private int fetch(Http3Client client, Http3ClientRequest request, String origin, PrintWriter err) {
        long start = System.nanoTime();
        AtomicInteger state = new AtomicInteger(RUNNING);
        if (maxTime > 0) {
            Thread worker = Thread.currentThread();
            CompletableFuture.delayedExecutor(maxTimeDuration().toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (state.compareAndSet(RUNNING, TIMED_OUT)) {
                    worker.interrupt();
                }
            });
        }
        int status;
        try {
            status = transfer(client, request, start, err);
        } catch (Failure | IOException | InterruptedException e) {
            // The timer's interrupt surfaces as whatever the interrupted read or write threw.
            if (state.get() == TIMED_OUT) {
                status = error(err, TIMEOUT, "gave up on " + request.uri() + " (" + origin + ") after --max-time "
                        + maxTime + " s");
            } else if (e instanceof Failure f) {
                status = error(err, f.code, f.getMessage());
            } else {
                status = failure(err, e, origin);
            }
        }
        if (!state.compareAndSet(RUNNING, DONE)) {
            Thread.interrupted(); // the timer fired after the transfer ended; forget its interrupt
        }
        return status;
    }

    private int transfer(Http3Client client, Http3ClientRequest request, long start, PrintWriter err)
            throws IOException, InterruptedException, Failure {
        Http3ClientResponse response = client.send(request);
        int code = response.statusCode();
        try (InputStream body = response.body()) {
            if (fail && code >= 400) {
                throw new Failure(HTTP_ERROR, "the requested URL returned error: " + code);
            }
            long length = contentLength(response);
            Progress progress = new Progress(err, output != null && !silent && onTerminal(), length, start);
            if (output == null) {
                writeHead(stdout, response);
                copy(body, stdout, progress);
                stdout.flush();
            } else {
                download(body, response, progress);
            }
            progress.finish(System.nanoTime());
            if (!silent) {
                err.println(Progress.summary(request.uri().toString(), code, progress.bytes(),
                        System.nanoTime() - start));
            }
        }
        return OK;
    }

    /** Writes the body to a temporary file next to {@code -o FILE}, then moves it there: no partial file. */
    private void download(InputStream body, Http3ClientResponse response, Progress progress)
            throws IOException, Failure {
        Path target = output.toAbsolutePath();
        Path temp;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new Failure(WRITE_ERROR, "cannot create a file in " + target.getParent() + ": " + e);
        }
        boolean moved = false;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writeHead(out, response);
                copy(body, out, progress);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void writeHead(OutputStream out, Http3ClientResponse response) throws IOException {
        if (!include) {
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/3 ").append(response.statusCode()).append("\r\n");
        for (Map.Entry<String, String> f : response.headers().fields()) {
            head.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies the body; a failed read is a receive error, a failed write a write error. */
    private static void copy(InputStream body, OutputStream out, Progress progress) throws IOException, Failure {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int n = body.read(buffer);
            if (n < 0) {
                return;
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw new Failure(WRITE_ERROR, "cannot write the body: " + e);
            }
            progress.advance(n, System.nanoTime());
        }
    }

    /**
     * Since JDK 22 {@link System#console()} is not null when the streams are redirected; {@code isTerminal} says
     * whether a person is watching.
     */
    private static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    private static long contentLength(Http3ClientResponse response) {
        String v = response.headers().get("content-length");
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Maps a client failure to curl's exit codes (see the class's exit code list). */
    private static int failure(PrintWriter err, Exception e, String origin) {
        if (e instanceof UnknownHostException) {
            return error(err, RESOLVE, "cannot resolve host '" + origin.substring(0, origin.lastIndexOf(':'))
                    + "' (" + origin + "): " + e.getMessage());
        }
        if (e instanceof Http3TimeoutException) {
            return error(err, TIMEOUT, origin + ": " + e.getMessage());
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException) {
            QuicCloseReason reason = closeReason(e);
            if (reason != null && certificateRejected(reason)) {
                return error(err, PEER_CERTIFICATE, "the certificate of " + origin + " is not trusted: " + message
                        + " (use --cacert PEM for a private CA or self-signed certificate, or --insecure)");
            }
            if (reason != null && (reason.initiator() == QuicCloseReason.Initiator.HANDSHAKE_TIMEOUT
                    || reason.initiator() == QuicCloseReason.Initiator.IDLE_TIMEOUT)) {
                return error(err, TIMEOUT, "no answer from " + origin + " (UDP): " + message);
            }
            return error(err, CONNECT, "cannot connect to " + origin + " over QUIC: " + message);
        }
        return error(err, RECEIVE_ERROR, origin + ": " + message);
    }

    private static QuicCloseReason closeReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof QuicConnectionClosedException closed) {
                return closed.reason();
            }
        }
        return null;
    }

    /**
     * Whether we closed the handshake because of the server's certificate: a CRYPTO_ERROR (RFC 9001 §4.8, 0x100 plus
     * the TLS alert) carrying one of the certificate alerts of RFC 8446 §6.2.
     */
    private static boolean certificateRejected(QuicCloseReason reason) {
        if (reason.initiator() != QuicCloseReason.Initiator.LOCAL || reason.application()
                || TransportError.fromCode(reason.errorCode()) != TransportError.CRYPTO_ERROR) {
            return false;
        }
        return switch (TlsAlert.fromCode((int) (reason.errorCode() & 0xff))) {
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED,
                    CERTIFICATE_UNKNOWN, UNKNOWN_CA ->
                true;
            case null, default -> false;
        };
    }

    private static int error(PrintWriter err, int code, String message) {
        err.println("quic4j get: (" + code + ") " + message);
        err.flush();
        return code;
    }

    /** A failure with its exit code, thrown inside the transfer. */
    private static final class Failure extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
