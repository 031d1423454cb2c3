package io.quic4j.testkit.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Throwaway self-signed certificates for tests, made with the {@code openssl} command line: ECDSA P-256,
 * subject {@code CN=localhost}, subject alternative names {@code localhost}, {@code 127.0.0.1} and {@code ::1},
 * valid for 30 days.
 *
 * <pre>{@code
 * CertificateFiles files = TestCertificates.write(tempDir);   // tempDir/cert.pem, tempDir/key.pem
 * }</pre>
 */
public final class TestCertificates {
    /** Where the {@code openssl} binary is expected. */
    public static final String OPENSSL = "/usr/bin/openssl";

    private TestCertificates() {
    }

    /**
     * Writes {@code cert.pem} and {@code key.pem} into {@code directory}, replacing existing files (openssl's
     * output goes to {@code openssl-*.log} files there too).
     *
     * @param directory created if missing
     * @return the two files
     * @throws PeerUnavailableException when openssl is missing and cannot be installed
     * @throws PeerException when openssl fails, with its output
     */
    public static CertificateFiles write(Path directory) {
        Path openssl = DebianPackages.ensure(OPENSSL, "openssl");
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        Path logs = directory; // openssl's output files sit next to the certificate
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        PeerCommand cmd = PeerCommand.of("openssl", openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days",
                "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1");
        try (PeerProcess p = PeerProcess.run(cmd, logs, Duration.ofSeconds(30))) {
            OptionalInt exit = p.waitFor(Duration.ZERO);
            if (exit.orElse(-1) != 0 || !Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
                throw new PeerException("openssl could not make a test certificate: " + p.describe());
            }
        }
        return new CertificateFiles(cert, key);
    }
}
