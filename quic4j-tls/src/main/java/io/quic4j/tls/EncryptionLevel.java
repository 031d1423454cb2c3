package io.quic4j.tls;

/**
 * The QUIC encryption levels TLS data and keys belong to (RFC 9001 §4.1.4). Handshake bytes flow
 * at {@link #INITIAL}, {@link #HANDSHAKE} and {@link #ONE_RTT}; {@link #ZERO_RTT} only has keys.
 */
public enum EncryptionLevel {
    /** Initial packets: ClientHello, ServerHello, HelloRetryRequest. */
    INITIAL,
    /** 0-RTT packets: early data under the client early traffic secret; no handshake bytes. */
    ZERO_RTT,
    /** Handshake packets: EncryptedExtensions through Finished. */
    HANDSHAKE,
    /** 1-RTT packets: application data and post-handshake messages (NewSessionTicket). */
    ONE_RTT
}
