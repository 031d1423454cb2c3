package io.quic4j.tls;

/** Whether a server asks for a client certificate (RFC 8446 §4.3.2). */
public enum ClientAuth {
    /** No CertificateRequest. */
    NONE,
    /** Ask; a client without a certificate still completes the handshake. */
    REQUESTED,
    /** Ask, and fail with certificate_required if the client sends none (RFC 8446 §4.4.2.4). */
    REQUIRED
}
