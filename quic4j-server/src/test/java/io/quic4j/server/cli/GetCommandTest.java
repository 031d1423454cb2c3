package io.quic4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Server;
import io.quic4j.http3.Http3ServerConfig;
import io.quic4j.server.StaticSite;
import io.quic4j.server.tls.SelfSignedCertificate;
import io.quic4j.testkit.peer.UdpPorts;
import io.quic4j.tls.CertificateCredentials;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quic4j get} run in-process against a real {@link Http3Server} serving a {@link StaticSite} on 127.0.0.1 with
 * a self-signed certificate: downloads arrive intact, exit codes follow curl's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GetCommandTest {
    private static final int LARGE = 10 * 1024 * 1024;

    @TempDir
    static Path dir;
    private static Http3Server server;
    private static Path certPem;
    private static String base;

    /** What one run of the command printed and returned. */
    record Run(int exit, byte[] stdout, String stderr) {
    }

    @BeforeAll
    static void serve() throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.write(root.resolve("small.bin"), content(1024, 1));
        Files.write(root.resolve("large.bin"), content(LARGE, 2));
        Files.writeString(root.resolve("hello.txt"), "hello over h3\n", StandardCharsets.UTF_8);
        SelfSignedCertificate cert = SelfSignedCertificate.generate();
        certPem = dir.resolve("cert.pem");
        cert.writePem(certPem, dir.resolve("key.pem"));
        TlsConfig tls = TlsConfig.builder().applicationProtocols("h3")
                .certificate(CertificateCredentials.fromPem(cert.certificatePem(), cert.privateKeyPem()))
                .keyLogFile(null).build();
        Http3ServerConfig config = Http3ServerConfig.builder()
                .quicConfig(QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(20)).build()).build();
        server = Http3Server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), config, tls,
                StaticSite.of(root));
        base = "https://127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(out);
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toByteArray(), err.toString());
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void writesASmallFileWithOutputAndPrintsTheSummary(@TempDir Path out) throws Exception {
        Path file = out.resolve("small.bin");
        Run r = run("get", "--cacert", certPem.toString(), "-o", file.toString(), base + "/small.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(content(1024, 1)));
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("GET " + base + "/small.bin -> 200, 1024 bytes in ").contains("over h3");
        assertThat(out).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void writesATenMegabyteFileIntact(@TempDir Path out) throws Exception {
        Path file = out.resolve("large.bin");
        Run r = run("get", "--cacert", certPem.toString(), "-s", "-o", file.toString(), base + "/large.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(content(LARGE, 2)));
        assertThat(r.stderr()).as("-s prints nothing").isEmpty();
    }

    @Test
    void writesTheBodyToStdoutWithoutOutput() throws Exception {
        Run r = run("get", "--cacert", certPem.toString(), "-s", base + "/small.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(r.stdout())).as("binary-safe").isEqualTo(sha256(content(1024, 1)));
    }

    @Test
    void includePrintsTheStatusLineAndHeadersBeforeTheBody() {
        Run r = run("get", "--cacert", certPem.toString(), "-s", "-i", base + "/hello.txt");
        assertThat(r.exit()).as(r.stderr()).isZero();
        String text = new String(r.stdout(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/3 200\r\n").contains("content-length: 14\r\n")
                .endsWith("\r\n\r\nhello over h3\n");
    }

    @Test
    void notFoundExitsZeroLikeCurlAndWritesTheBody() {
        Run r = run("get", "--cacert", certPem.toString(), "-i", base + "/missing.txt");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(new String(r.stdout(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/3 404\r\n");
        assertThat(r.stderr()).contains("-> 404");
    }

    @Test
    void notFoundWithFailExits22AndLeavesNoFile(@TempDir Path out) {
        Path file = out.resolve("missing.txt");
        Run r = run("get", "--cacert", certPem.toString(), "-f", "-o", file.toString(), base + "/missing.txt");
        assertThat(r.exit()).isEqualTo(GetCommand.HTTP_ERROR);
        assertThat(r.stderr()).contains("(22)", "404");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void insecureAcceptsTheSelfSignedCertificateWithAWarning() throws Exception {
        Run r = run("get", "--insecure", base + "/small.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(r.stdout())).isEqualTo(sha256(content(1024, 1)));
        assertThat(r.stderr()).contains("warning: --insecure");
    }

    @Test
    void defaultTrustRejectsTheSelfSignedCertificateWithExit60() {
        Run r = run("get", base + "/small.bin");
        assertThat(r.exit()).isEqualTo(GetCommand.PEER_CERTIFICATE);
        assertThat(r.stderr()).contains("127.0.0.1:" + server.localAddress().getPort(), "--cacert", "--insecure");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aMissingCacertFileIsAClearError() {
        Path missing = dir.resolve("no-such-ca.pem");
        Run r = run("get", "--cacert", missing.toString(), base + "/small.bin");
        assertThat(r.exit()).isEqualTo(GetCommand.CA_CERT);
        assertThat(r.stderr()).contains("cannot use --cacert " + missing, "NoSuchFileException");
    }

    @Test
    void cacertAndInsecureExcludeEachOther() {
        Run r = run("get", "--cacert", certPem.toString(), "--insecure", base + "/small.bin");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("exclude each other");
    }

    @Test
    void anUnresolvableHostExits6() {
        Run r = run("get", "--insecure", "-s", "https://no-such-host.invalid:4433/");
        assertThat(r.exit()).isEqualTo(GetCommand.RESOLVE);
        assertThat(r.stderr()).contains("no-such-host.invalid:4433");
    }

    @Test
    void aPortWhereNobodyAnswersTimesOutWith28AtMaxTime() {
        int port = UdpPorts.freePort();
        Run r = run("get", "--insecure", "-s", "--max-time", "1", "https://127.0.0.1:" + port + "/");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(GetCommand.TIMEOUT);
        assertThat(r.stderr()).contains("127.0.0.1:" + port);
    }

    @Test
    void aNonHttpsUrlExits3() {
        Run r = run("get", "http://127.0.0.1/");
        assertThat(r.exit()).isEqualTo(GetCommand.URL_MALFORMED);
        assertThat(r.stderr()).contains("https");
    }

    @Test
    void helpListsTheExitCodes() {
        StringWriter help = new StringWriter();
        CommandLine cli = Main.commandLine(new ByteArrayOutputStream());
        cli.setOut(new PrintWriter(help, true));
        assertThat(cli.execute("get", "--help")).isZero();
        assertThat(help.toString()).contains("--cacert", "--insecure", "--max-time", "22", "28", "60");
    }
}
