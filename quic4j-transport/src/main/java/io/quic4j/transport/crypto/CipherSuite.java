package io.quic4j.transport.crypto;

import java.util.Optional;

/**
 * The TLS 1.3 cipher suites QUIC can protect packets with (RFC 9001 §5.3: every TLS 1.3 suite but
 * TLS_AES_128_CCM_8_SHA256), with what packet protection needs to know about each: the AEAD and its
 * key length, the hash of HKDF, and the AEAD usage limits of RFC 9001 §6.6.
 */
public enum CipherSuite {
    /** AEAD_AES_128_GCM with SHA-256; also the suite of Initial packets (RFC 9001 §5.2). */
    TLS_AES_128_GCM_SHA256(0x1301, 16, Hash.SHA256, 1L << 23, 1L << 52),
    /** AEAD_AES_256_GCM with SHA-384. */
    TLS_AES_256_GCM_SHA384(0x1302, 32, Hash.SHA384, 1L << 23, 1L << 52),
    /**
     * AEAD_CHACHA20_POLY1305 with SHA-256. RFC 9001 §6.6: its confidentiality limit is larger than
     * the number of possible packets (2^62), so it is given as 2^62.
     */
    TLS_CHACHA20_POLY1305_SHA256(0x1303, 32, Hash.SHA256, 1L << 62, 1L << 36);

    /** Length of every AEAD nonce and "quic iv" here (RFC 9001 §5.1: max(8, N_MIN) = 12). */
    public static final int IV_LENGTH = 12;

    /** Length of the authentication tag of every suite here (RFC 9001 §5.3). */
    public static final int TAG_LENGTH = 16;

    /** The hash functions of TLS 1.3 cipher suites, as JDK HKDF algorithm names. */
    enum Hash {
        SHA256("HKDF-SHA256", 32), SHA384("HKDF-SHA384", 48);

        final String kdfAlgorithm;
        final int length;

        Hash(String kdfAlgorithm, int length) {
            this.kdfAlgorithm = kdfAlgorithm;
            this.length = length;
        }
    }

    private final int tlsCode;
    private final int keyLength;
    private final Hash hash;
    private final long confidentialityLimit;
    private final long integrityLimit;

    CipherSuite(int tlsCode, int keyLength, Hash hash, long confidentialityLimit, long integrityLimit) {
        this.tlsCode = tlsCode;
        this.keyLength = keyLength;
        this.hash = hash;
        this.confidentialityLimit = confidentialityLimit;
        this.integrityLimit = integrityLimit;
    }

    /** @return the two-byte TLS CipherSuite code (RFC 8446 §B.4) */
    public int tlsCode() {
        return tlsCode;
    }

    /**
     * @param code a TLS CipherSuite code
     * @return the suite, or empty if QUIC cannot use it here
     */
    public static Optional<CipherSuite> fromTlsCode(int code) {
        for (CipherSuite s : values()) {
            if (s.tlsCode == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return AEAD key length in bytes, which is also the header protection key length */
    public int keyLength() {
        return keyLength;
    }

    /** @return the output length of the suite's hash, the length of its traffic secrets */
    public int hashLength() {
        return hash.length;
    }

    Hash hash() {
        return hash;
    }

    /**
     * RFC 9001 §6.6: packets that may be protected with one key before a key update is required.
     *
     * @return the confidentiality limit in packets
     */
    public long confidentialityLimit() {
        return confidentialityLimit;
    }

    /**
     * RFC 9001 §6.6: packets that may fail authentication in a connection, across all keys, before it
     * must be closed with AEAD_LIMIT_REACHED.
     *
     * @return the integrity limit in packets
     */
    public long integrityLimit() {
        return integrityLimit;
    }

    boolean isChaCha() {
        return this == TLS_CHACHA20_POLY1305_SHA256;
    }
}
