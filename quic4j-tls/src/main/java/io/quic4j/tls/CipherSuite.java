package io.quic4j.tls;

/**
 * The TLS 1.3 cipher suites QUIC can use (RFC 8446 §B.4; RFC 9001 §5.3 excludes CCM_8). Each names
 * the AEAD and the hash of the key schedule.
 */
public enum CipherSuite {
    /** AES-128-GCM with SHA-256. */
    TLS_AES_128_GCM_SHA256(0x1301, "SHA-256", 32, 16, "AES/GCM/NoPadding"),
    /** AES-256-GCM with SHA-384. */
    TLS_AES_256_GCM_SHA384(0x1302, "SHA-384", 48, 32, "AES/GCM/NoPadding"),
    /** ChaCha20-Poly1305 with SHA-256. */
    TLS_CHACHA20_POLY1305_SHA256(0x1303, "SHA-256", 32, 32, "ChaCha20-Poly1305");

    private final int code;
    private final String hashAlgorithm;
    private final int hashLength;
    private final int keyLength;
    private final String cipherTransformation;

    CipherSuite(int code, String hashAlgorithm, int hashLength, int keyLength, String cipherTransformation) {
        this.code = code;
        this.hashAlgorithm = hashAlgorithm;
        this.hashLength = hashLength;
        this.keyLength = keyLength;
        this.cipherTransformation = cipherTransformation;
    }

    /** @return the two-byte code point on the wire */
    public int code() {
        return code;
    }

    /** @return the JCA name of the key-schedule hash ("SHA-256" or "SHA-384") */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** @return the hash output length in bytes, which is also the length of every traffic secret */
    public int hashLength() {
        return hashLength;
    }

    /** @return the AEAD key length in bytes */
    public int keyLength() {
        return keyLength;
    }

    /** @return the AEAD IV length in bytes (12 for every TLS 1.3 suite, RFC 8446 §5.3) */
    public int ivLength() {
        return 12;
    }

    /** @return the JCA {@code Cipher} transformation of the AEAD */
    public String cipherTransformation() {
        return cipherTransformation;
    }

    /**
     * @param code a code point
     * @return the suite, or {@code null} if it is not one of ours
     */
    public static CipherSuite fromCode(int code) {
        for (CipherSuite suite : values()) {
            if (suite.code == code) {
                return suite;
            }
        }
        return null;
    }
}
