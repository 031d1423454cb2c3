package io.quic4j.tls.message;

/** Handshake message types (RFC 8446 §4). */
public final class HandshakeType {
    /** client_hello. */
    public static final int CLIENT_HELLO = 1;
    /** server_hello (and hello_retry_request). */
    public static final int SERVER_HELLO = 2;
    /** new_session_ticket. */
    public static final int NEW_SESSION_TICKET = 4;
    /** end_of_early_data (never used in QUIC, RFC 9001 §8.3). */
    public static final int END_OF_EARLY_DATA = 5;
    /** encrypted_extensions. */
    public static final int ENCRYPTED_EXTENSIONS = 8;
    /** certificate. */
    public static final int CERTIFICATE = 11;
    /** certificate_request. */
    public static final int CERTIFICATE_REQUEST = 13;
    /** certificate_verify. */
    public static final int CERTIFICATE_VERIFY = 15;
    /** finished. */
    public static final int FINISHED = 20;
    /** key_update (forbidden in QUIC, RFC 9001 §6). */
    public static final int KEY_UPDATE = 24;
    /** message_hash: the synthetic transcript entry after a HelloRetryRequest (RFC 8446 §4.4.1). */
    public static final int MESSAGE_HASH = 254;

    private HandshakeType() {
    }
}
