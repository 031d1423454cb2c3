package io.quic4j.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh ECDSA P-256 key and a self-signed X.509 v3 certificate for it (RFC 5280), for serving
 * {@code localhost} over HTTP/3 without a CA: subject and issuer {@code CN=localhost}; subjectAltName
 * {@code DNS:localhost}, {@code IP:127.0.0.1}, {@code IP:::1} and any extra names given; basicConstraints
 * CA:false and keyUsage digitalSignature (both critical); extendedKeyUsage serverAuth; a random
 * 159-bit serial. Browsers accept it without a trust anchor when given its key's hash:
 * {@code chromium --ignore-certificate-errors-spki-list=}{@link #spkiSha256Base64()}.
 *
 * <p>The validity is short (default {@link #DEFAULT_VALIDITY}): the key is for development, and a
 * short-lived certificate is what Chromium asks of certificates it accepts by hash (WebTransport's
 * {@code serverCertificateHashes} requires at most 14 days). The JDK builds the key and signs; BouncyCastle
 * only encodes the certificate and the PEM files, which the JDK has no public API for.
 */
public final class SelfSignedCertificate {
    /** The default validity: 14 days, counted from one hour before generation. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(14);

    /** How far before "now" notBefore is set, so a client whose clock is a little behind accepts it. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final X500Name SUBJECT = new X500Name("CN=localhost");
    private static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1", "::1");
    // RFC 1123 §2.1 host names, with a leading "*." wildcard allowed (RFC 6125 §6.4.3).
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * A certificate for localhost, valid for {@link #DEFAULT_VALIDITY}.
     *
     * @return the key and certificate
     */
    public static SelfSignedCertificate generate() {
        return generate(List.of(), DEFAULT_VALIDITY, Instant.now(), new SecureRandom());
    }

    /**
     * @param extraNames more subjectAltNames: IP address literals become iPAddress entries, anything else
     *        a dNSName (lowercased; must be a valid host name, optionally with a {@code *.} wildcard)
     * @param validity how long it is valid, from one hour before {@code now}; positive
     * @param now the time of generation
     * @param random the source of the key and the serial number
     * @return the key and certificate
     * @throws IllegalArgumentException if a name is neither an IP literal nor a host name, or the
     *         validity is not positive
     */
    public static SelfSignedCertificate generate(List<String> extraNames, Duration validity, Instant now,
            SecureRandom random) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
        }
        GeneralNames names = subjectAltNames(extraNames);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();

            Instant notBefore = now.minus(BACKDATE);
            Instant notAfter = notBefore.plus(validity);
            // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets; 159 random bits plus one fits.
            BigInteger serial = new BigInteger(159, random).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(SUBJECT, serial,
                    Date.from(notBefore), Date.from(notAfter), SUBJECT, keys.getPublic());
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            // RFC 5280 §4.2.1.6: the subject is not empty, so subjectAltName is not critical.
            builder.addExtension(Extension.subjectAlternativeName, false, names);
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils.createSubjectKeyIdentifier(keys.getPublic()));

            // The JDK's provider signs (SHA256withECDSA, RFC 5758 §3.2), so no BouncyCastle provider is installed.
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new SelfSignedCertificate(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed EC P-256 certificate with this JDK", e);
        }
    }

    private static GeneralNames subjectAltNames(List<String> extraNames) {
        Set<String> all = new LinkedHashSet<>(DEFAULT_NAMES);
        for (String name : extraNames) {
            all.add(name.strip().toLowerCase(Locale.ROOT));
        }
        List<GeneralName> names = new ArrayList<>();
        for (String name : all) {
            names.add(generalName(name));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static GeneralName generalName(String name) {
        if (isIpLiteral(name)) {
            // RFC 5280 §4.2.1.6: iPAddress is the address's octets (4 or 16), which BouncyCastle encodes.
            return new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(name).getHostAddress());
        }
        // RFC 3696 §2: a top-level label is never all digits, so "300.1.1.1" is a bad address, not a name.
        if (name.length() > 253 || !DNS_NAME.matcher(name).matches() || name.substring(name.lastIndexOf('.') + 1)
                .chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + name + "' is neither an IP address literal nor a host name");
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static boolean isIpLiteral(String name) {
        try {
            InetAddress.ofLiteral(name); // never a DNS lookup
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the certificate's private key (EC P-256) */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the certificate as one PEM {@code CERTIFICATE} block */
    public String certificatePem() {
        return pem(certificate);
    }

    /** @return the private key as one unencrypted PKCS#8 PEM {@code PRIVATE KEY} block (RFC 7468 §10) */
    public String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(privateKey, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes the certificate and key as PEM. Each file is written next to its destination and moved in
     * place, so a reader never sees half a file; where the file system has POSIX permissions, the key
     * file is readable by its owner only from its creation on.
     *
     * @param certificateFile where the certificate goes (replaced if present)
     * @param keyFile where the private key goes (replaced if present)
     * @throws UncheckedIOException if a file cannot be written
     */
    public void writePem(Path certificateFile, Path keyFile) {
        write(certificateFile, certificatePem(), false);
        write(keyFile, privateKeyPem(), true);
    }

    private static void write(Path file, String text, boolean secret) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        try {
            boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            Path temporary = secret && posix
                    ? Files.createTempFile(directory, ".quic4j-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(directory, ".quic4j-", ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.US_ASCII);
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The value Chromium's {@code --ignore-certificate-errors-spki-list} takes: base64 of the SHA-256 of
     * the certificate's DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), the same hash HPKP pins used
     * (RFC 7469 §2.4).
     *
     * @return the base64 (with padding) of the SPKI's SHA-256
     */
    public String spkiSha256Base64() {
        try {
            byte[] spki = certificate.getPublicKey().getEncoded(); // X.509 encoding = DER SubjectPublicKeyInfo
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * @return the certificate's DER encoding
     */
    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the generated certificate", e);
        }
    }
}
