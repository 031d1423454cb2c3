package io.quic4j.tls.cert;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM (RFC 7468) certificate chains and PKCS#8 private keys with the JDK alone: the PEM body
 * is base64 DER, which {@link CertificateFactory} and {@link KeyFactory} read directly.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "RSASSA-PSS", "Ed448");

    private Pem() {
    }

    /**
     * @param pem text holding one or more CERTIFICATE blocks
     * @return the certificates in file order
     * @throws IllegalArgumentException if there is none or one does not parse
     */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block does not parse: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no -----BEGIN CERTIFICATE----- block found");
        }
        return out;
    }

    /**
     * @param pem text holding a PRIVATE KEY block (PKCS#8, as {@code openssl genpkey} writes)
     * @return the key
     * @throws IllegalArgumentException if there is no usable key; the message says how to convert
     *             a legacy "EC PRIVATE KEY"/"RSA PRIVATE KEY" or an encrypted key
     */
    public static PrivateKey privateKey(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(m.group(2)));
                }
                case "EC PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "\"" + type + "\" keys are not read; convert with "
                                + "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`");
                default -> {
                    // other blocks (certificates, parameters) are skipped
                }
            }
        }
        throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- block found");
    }

    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm: PKCS#8 names its algorithm, but KeyFactory needs it up front
            }
        }
        throw new IllegalArgumentException("PRIVATE KEY is not an EC, RSA or EdDSA PKCS#8 key");
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64", e);
        }
    }
}
