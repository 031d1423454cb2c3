package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;

/**
 * What packet protection adds to a TLS 1.3 cipher suite: the sizes of QUIC's AEAD fields and the AEAD
 * usage limits of RFC 9001 §6.6. QUIC can use every TLS 1.3 suite quic4j negotiates (RFC 9001 §5.3).
 */
public final class AeadSpec {
    /** Length of every AEAD nonce and "quic iv" here (RFC 9001 §5.1: max(8, N_MIN) = 12). */
    public static final int IV_LENGTH = 12;

    /** Length of the authentication tag of every suite here (RFC 9001 §5.3). */
    public static final int TAG_LENGTH = 16;

    /** The suite of Initial packets (RFC 9001 §5.2). */
    public static final CipherSuite INITIAL_SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;

    private AeadSpec() {
    }

    /**
     * RFC 9001 §6.6: packets that may be protected with one key before a key update is required.
     * ChaCha20-Poly1305's limit is above the number of possible packets, so it is given as 2^62.
     *
     * @param suite the negotiated suite
     * @return the confidentiality limit in packets
     */
    public static long confidentialityLimit(CipherSuite suite) {
        return isChaCha(suite) ? 1L << 62 : 1L << 23;
    }

    /**
     * RFC 9001 §6.6: packets that may fail authentication in a connection, across all keys, before it
     * must be closed with AEAD_LIMIT_REACHED.
     *
     * @param suite the negotiated suite
     * @return the integrity limit in packets
     */
    public static long integrityLimit(CipherSuite suite) {
        return isChaCha(suite) ? 1L << 36 : 1L << 52;
    }

    static boolean isChaCha(CipherSuite suite) {
        return suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
    }
}
