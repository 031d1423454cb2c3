package io.quic4j.tls;

/**
 * TLS alert descriptions (RFC 8446 §6). In QUIC an alert is never sent as a record: the connection
 * closes with CRYPTO_ERROR {@code 0x100 + code()} (RFC 9001 §4.8).
 */
public enum TlsAlert {
    /** Orderly close (not an error). */
    CLOSE_NOTIFY(0),
    /** A message arrived that is not allowed in the current state or at this encryption level. */
    UNEXPECTED_MESSAGE(10),
    /** A record failed to decrypt (record layer only). */
    BAD_RECORD_MAC(20),
    /** A record was too long (record layer only). */
    RECORD_OVERFLOW(22),
    /** No acceptable set of security parameters. */
    HANDSHAKE_FAILURE(40),
    /** A certificate was corrupt or its signature did not verify. */
    BAD_CERTIFICATE(42),
    /** A certificate of an unsupported type. */
    UNSUPPORTED_CERTIFICATE(43),
    /** A certificate was revoked. */
    CERTIFICATE_REVOKED(44),
    /** A certificate has expired or is not yet valid. */
    CERTIFICATE_EXPIRED(45),
    /** Some other problem with a certificate, including a host name that does not match. */
    CERTIFICATE_UNKNOWN(46),
    /** A field was out of range or inconsistent with other fields. */
    ILLEGAL_PARAMETER(47),
    /** The chain does not lead to a trusted anchor. */
    UNKNOWN_CA(48),
    /** Access denied. */
    ACCESS_DENIED(49),
    /** A message could not be decoded: wrong length, trailing bytes, a field out of its syntax. */
    DECODE_ERROR(50),
    /** A cryptographic check failed: signature, Finished, PSK binder. */
    DECRYPT_ERROR(51),
    /** The peer's protocol version is not supported (only TLS 1.3 is). */
    PROTOCOL_VERSION(70),
    /** Parameters weaker than required. */
    INSUFFICIENT_SECURITY(71),
    /** A local failure unrelated to the peer. */
    INTERNAL_ERROR(80),
    /** Inappropriate fallback. */
    INAPPROPRIATE_FALLBACK(86),
    /** The user cancelled the handshake. */
    USER_CANCELED(90),
    /** A mandatory extension is missing. */
    MISSING_EXTENSION(109),
    /** An extension in a response that was not offered, or not allowed there. */
    UNSUPPORTED_EXTENSION(110),
    /** The server name is not served here. */
    UNRECOGNIZED_NAME(112),
    /** Bad OCSP response. */
    BAD_CERTIFICATE_STATUS_RESPONSE(113),
    /** No acceptable PSK identity. */
    UNKNOWN_PSK_IDENTITY(115),
    /** A client certificate was required and none was sent. */
    CERTIFICATE_REQUIRED(116),
    /** No application protocol in common (RFC 7301 §3.2; mandatory in QUIC, RFC 9001 §8.1). */
    NO_APPLICATION_PROTOCOL(120);

    private static final TlsAlert[] BY_CODE = new TlsAlert[256];
    static {
        for (TlsAlert alert : values()) {
            BY_CODE[alert.code] = alert;
        }
    }

    private final int code;

    TlsAlert(int code) {
        this.code = code;
    }

    /** @return the alert description byte, 0-255 */
    public int code() {
        return code;
    }

    /** @return the QUIC CRYPTO_ERROR code for this alert, {@code 0x100 + code()} (RFC 9001 §4.8) */
    public long quicErrorCode() {
        return 0x100L + code;
    }

    /**
     * @param code an alert description byte
     * @return the alert, or {@code null} when the code is not one RFC 8446 defines
     */
    public static TlsAlert fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
