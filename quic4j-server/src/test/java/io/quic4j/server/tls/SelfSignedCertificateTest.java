package io.quic4j.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quic4j.tls.CertificateCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated key and certificate (RFC 5280 §4.1, §4.2.1) and their PEM files (RFC 7468). */
class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static SelfSignedCertificate generated;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        generated = SelfSignedCertificate.generate(List.of("example.test", "*.dev.test", "192.0.2.7", "2001:db8::1"),
                Duration.ofDays(14), NOW, new SecureRandom());
    }

    private static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void pemFilesLoadAsQuic4jCredentials() {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        generated.writePem(cert, key);
        CertificateCredentials credentials = CertificateCredentials.fromPemFiles(cert, key);
        assertThat(credentials.chain()).containsExactly(generated.certificate());
        assertThat(credentials.privateKey().getEncoded()).isEqualTo(generated.privateKey().getEncoded());
    }

    @Test
    void pemCertificateLoadsWithTheJdk() throws Exception {
        Path cert = dir.resolve("cert.pem");
        generated.writePem(cert, dir.resolve("key.pem"));
        try (var in = Files.newInputStream(cert)) {
            X509Certificate loaded = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            assertThat(loaded).isEqualTo(generated.certificate());
        }
    }

    @Test
    void pemBlocksHaveTheRfc7468Labels() {
        assertThat(generated.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----")
                .contains("-----END CERTIFICATE-----");
        // PKCS#8, not SEC1's "EC PRIVATE KEY": what CertificateCredentials and most servers read.
        assertThat(generated.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----")
                .contains("-----END PRIVATE KEY-----");
    }

    @Test
    void keyIsEcdsaP256AndSignsTheCertificate() throws Exception {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(generated.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        cert.verify(cert.getPublicKey()); // self-signed: throws if the signature is wrong
    }

    @Test
    void isAVersion3CertificateForLocalhost() {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    }

    // RFC 5280 §4.2.1.6: dNSName and iPAddress entries; the IPv6 literal is compared as an address.
    @Test
    void subjectAltNamesHoldLocalhostLoopbacksAndExtraNames() throws Exception {
        Collection<List<?>> names = generated.certificate().getSubjectAlternativeNames();
        assertThat(names).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"),
                List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "example.test"), List.of(2, "*.dev.test"),
                List.of(7, "192.0.2.7"), List.of(7, "2001:db8:0:0:0:0:0:1"));
        assertThat(generated.certificate().getNonCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void extraNamesAreLowercasedAndDeduplicated() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(List.of("LocalHost", "::1", " Example.TEST "),
                Duration.ofDays(1), NOW, new SecureRandom());
        assertThat(cert.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "example.test"));
    }

    // RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12: an end entity that signs TLS handshakes, nothing else.
    @Test
    void isAServerEndEntityThatOnlySigns() throws Exception {
        X509Certificate cert = generated.certificate();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // CA:false
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        for (int i = 1; i < keyUsage.length; i++) {
            assertThat(keyUsage[i]).as("key usage bit %d", i).isFalse();
        }
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // id-kp-serverAuth
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(cert.getExtensionValue("2.5.29.14")).as("subjectKeyIdentifier").isNotNull();
    }

    @Test
    void validityStartsAnHourBackAndLastsAsConfigured() {
        X509Certificate cert = generated.certificate();
        Instant notBefore = cert.getNotBefore().toInstant();
        assertThat(notBefore).isEqualTo(NOW.minus(SelfSignedCertificate.BACKDATE));
        assertThat(Duration.between(notBefore, cert.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void defaultValidityIsFourteenDays() {
        X509Certificate cert = SelfSignedCertificate.generate().certificate();
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(SelfSignedCertificate.DEFAULT_VALIDITY).isEqualTo(Duration.ofDays(14));
    }

    // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets, unique per certificate.
    @Test
    void serialIsPositiveRandomAndAtMostTwentyOctets() {
        BigInteger serial = generated.certificate().getSerialNumber();
        assertThat(serial.signum()).isEqualTo(1);
        assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
        BigInteger other = SelfSignedCertificate.generate().certificate().getSerialNumber();
        assertThat(other).isNotEqualTo(serial);
    }

    @Test
    void sameRandomGivesTheSameSerialAndKey() {
        SelfSignedCertificate a = SelfSignedCertificate.generate(List.of(), Duration.ofDays(1), NOW, seeded());
        SelfSignedCertificate b = SelfSignedCertificate.generate(List.of(), Duration.ofDays(1), NOW, seeded());
        assertThat(a.certificate().getSerialNumber()).isEqualTo(b.certificate().getSerialNumber());
    }

    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            return random;
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void spkiHashIsTheSha256OfTheDerPublicKey() throws Exception {
        byte[] spki = parse(generated.certificateDer()).getPublicKey().getEncoded();
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        assertThat(generated.spkiSha256Base64()).isEqualTo(expected).hasSize(44).endsWith("=");
    }

    @Test
    void spkiHashDiffersBetweenKeys() {
        assertThat(SelfSignedCertificate.generate().spkiSha256Base64()).isNotEqualTo(generated.spkiSha256Base64());
    }

    @Test
    void keyFileIsReadableByItsOwnerOnly() throws IOException {
        Path key = dir.resolve("key.pem");
        generated.writePem(dir.resolve("cert.pem"), key);
        assumeTrue(Files.getFileStore(key).supportsFileAttributeView("posix"));
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void writingReplacesExistingFilesAndLeavesNoTemporaryFiles() throws IOException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "old");
        Files.writeString(key, "old");
        generated.writePem(cert, key);
        assertThat(Files.readString(cert)).isEqualTo(generated.certificatePem());
        assertThat(Files.readString(key)).isEqualTo(generated.privateKeyPem());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.test", "-bad.test", "bad-.test", "a..b", "under_score.test", "*.*.test",
            "a.*.test", "300.1.1.1", "10.0.0.256", "http://x"})
    void rejectsNamesThatAreNeitherHostsNorAddresses(String name) {
        assertThatThrownBy(
                () -> SelfSignedCertificate.generate(List.of(name), Duration.ofDays(1), NOW, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
    }

    @Test
    void rejectsANonPositiveValidity() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(List.of(), Duration.ZERO, NOW, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(
                () -> SelfSignedCertificate.generate(List.of(), Duration.ofDays(-1), NOW, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensslParsesTheCertificateAndKey() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        generated.writePem(cert, key);
        String text = openssl("x509", "-noout", "-text", "-in", cert.toString());
        assertThat(text).contains("Version: 3").containsPattern("Subject: CN ?= ?localhost").contains("prime256v1")
                .contains("CA:FALSE").contains("Digital Signature").contains("TLS Web Server Authentication")
                .contains("DNS:localhost").contains("IP Address:127.0.0.1").contains("IP Address:0:0:0:0:0:0:0:1")
                .contains("DNS:example.test");
        assertThat(openssl("pkey", "-noout", "-text", "-in", key.toString())).contains("prime256v1");
    }

    /** Runs openssl, skipping the test where it is not installed. */
    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed");
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
