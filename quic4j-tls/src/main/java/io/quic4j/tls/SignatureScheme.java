package io.quic4j.tls;

/**
 * Signature schemes (RFC 8446 §4.2.3). The engine signs and verifies CertificateVerify with the
 * schemes marked {@link #handshake()}; the {@code rsa_pkcs1_*} schemes are only advertised in
 * signature_algorithms_cert, for signatures inside certificate chains.
 */
public enum SignatureScheme {
    /** ECDSA on P-256 with SHA-256. */
    ECDSA_SECP256R1_SHA256(0x0403, true),
    /** ECDSA on P-384 with SHA-384. */
    ECDSA_SECP384R1_SHA384(0x0503, true),
    /** RSASSA-PSS with an rsaEncryption key, SHA-256. */
    RSA_PSS_RSAE_SHA256(0x0804, true),
    /** RSASSA-PSS with an rsaEncryption key, SHA-384. */
    RSA_PSS_RSAE_SHA384(0x0805, true),
    /** RSASSA-PSS with an rsaEncryption key, SHA-512. */
    RSA_PSS_RSAE_SHA512(0x0806, true),
    /** Ed25519 (RFC 8032). */
    ED25519(0x0807, true),
    /** RSASSA-PKCS1-v1_5 with SHA-256: certificates only. */
    RSA_PKCS1_SHA256(0x0401, false),
    /** RSASSA-PKCS1-v1_5 with SHA-384: certificates only. */
    RSA_PKCS1_SHA384(0x0501, false),
    /** RSASSA-PKCS1-v1_5 with SHA-512: certificates only. */
    RSA_PKCS1_SHA512(0x0601, false);

    private final int code;
    private final boolean handshake;

    SignatureScheme(int code, boolean handshake) {
        this.code = code;
        this.handshake = handshake;
    }

    /** @return the two-byte code point on the wire */
    public int code() {
        return code;
    }

    /** @return whether TLS 1.3 allows this scheme in CertificateVerify */
    public boolean handshake() {
        return handshake;
    }

    /**
     * @param code a code point
     * @return the scheme, or {@code null} if it is not one of ours
     */
    public static SignatureScheme fromCode(int code) {
        for (SignatureScheme scheme : values()) {
            if (scheme.code == code) {
                return scheme;
            }
        }
        return null;
    }
}
