package io.quic4j.transport.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-Extract (RFC 5869 §2.2) and the TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1) on the JDK's
 * {@link KDF}, as RFC 9001 §5.1 uses them. Key derivation happens a few times per connection, so a
 * {@code KDF} is created per call rather than shared (its instances are not thread-safe).
 */
final class Hkdf {
    private static final byte[] TLS13_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private Hkdf() {
    }

    /**
     * @param hash the hash function
     * @param salt the salt (may be empty)
     * @param ikm the input keying material (may be empty: a zero-length connection ID, RFC 9001 §5.2)
     * @return the pseudorandom key, {@code hash.length} bytes
     */
    static byte[] extract(CipherSuite.Hash hash, byte[] salt, byte[] ikm) {
        try {
            KDF kdf = KDF.getInstance(hash.kdfAlgorithm);
            return kdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).extractOnly());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + hash.kdfAlgorithm, e);
        }
    }

    /**
     * HKDF-Expand-Label with a zero-length Context: every use in QUIC (RFC 9001 §5.1).
     *
     * @param hash the hash function
     * @param secret the secret to expand
     * @param label the label without the "tls13 " prefix, in ASCII
     * @param length output length in bytes
     * @return the derived bytes
     */
    static byte[] expandLabel(CipherSuite.Hash hash, byte[] secret, String label, int length) {
        try {
            KDF kdf = KDF.getInstance(hash.kdfAlgorithm);
            return kdf.deriveData(HKDFParameterSpec.expandOnly(new SecretKeySpec(secret, "HKDF-PRK"),
                    hkdfLabel(label, length), length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand failed for label " + label, e);
        }
    }

    /**
     * The HkdfLabel structure of RFC 8446 §7.1 with an empty Context: {@code uint16 length;
     * opaque label<7..255> = "tls13 " + label; opaque context<0..255> = ""}.
     */
    static byte[] hkdfLabel(String label, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        int fullLabelLength = TLS13_PREFIX.length + labelBytes.length;
        if (fullLabelLength > 255 || length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("label or length out of range for HkdfLabel: " + label);
        }
        byte[] info = new byte[2 + 1 + fullLabelLength + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabelLength;
        System.arraycopy(TLS13_PREFIX, 0, info, 3, TLS13_PREFIX.length);
        System.arraycopy(labelBytes, 0, info, 3 + TLS13_PREFIX.length, labelBytes.length);
        // The last byte stays 0: the zero-length Context.
        return info;
    }
}
