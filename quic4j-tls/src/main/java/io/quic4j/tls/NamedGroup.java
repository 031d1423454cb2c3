package io.quic4j.tls;

/**
 * Key-exchange groups (RFC 8446 §4.2.7, draft-ietf-tls-ecdhe-mlkem for the hybrid).
 */
public enum NamedGroup {
    /** NIST P-256 ECDHE; shares are uncompressed points (65 bytes). */
    SECP256R1(0x0017, 65, 65),
    /** X25519 (RFC 7748); 32-byte shares. */
    X25519(0x001d, 32, 32),
    /**
     * Hybrid ML-KEM-768 + X25519 (draft-ietf-tls-ecdhe-mlkem, code point 0x11EC). Client share:
     * ML-KEM-768 encapsulation key (1184) || X25519 (32); server share: ML-KEM ciphertext (1088) ||
     * X25519 (32); shared secret: ML-KEM secret || X25519 secret.
     */
    X25519MLKEM768(0x11ec, 1184 + 32, 1088 + 32);

    private final int code;
    private final int clientShareLength;
    private final int serverShareLength;

    NamedGroup(int code, int clientShareLength, int serverShareLength) {
        this.code = code;
        this.clientShareLength = clientShareLength;
        this.serverShareLength = serverShareLength;
    }

    /** @return the two-byte code point on the wire */
    public int code() {
        return code;
    }

    /** @return the exact length of a client's key_exchange for this group */
    public int clientShareLength() {
        return clientShareLength;
    }

    /** @return the exact length of a server's key_exchange for this group */
    public int serverShareLength() {
        return serverShareLength;
    }

    /**
     * @param code a code point
     * @return the group, or {@code null} if it is not one of ours
     */
    public static NamedGroup fromCode(int code) {
        for (NamedGroup group : values()) {
            if (group.code == code) {
                return group;
            }
        }
        return null;
    }
}
