package io.quic4j.transport;

/**
 * The transport error codes of RFC 9000 §20.1 (and RFC 9368 §10.2), carried in CONNECTION_CLOSE frames of type 0x1c and
 * in {@link QuicTransportException}.
 *
 * <p>{@link #CRYPTO_ERROR} stands for the whole range 0x0100-0x01ff: the low byte is the TLS alert
 * (RFC 9001 §4.8). Use {@link QuicTransportException#code()} for the exact value on the wire.
 *
 * <pre>{@code
 * TransportError e = TransportError.fromCode(0x07); // FRAME_ENCODING_ERROR
 * }</pre>
 */
public enum TransportError {
    /** 0x00: the connection is being closed abruptly in the absence of any error. */
    NO_ERROR(0x00),
    /** 0x01: the endpoint encountered an internal error and cannot continue. */
    INTERNAL_ERROR(0x01),
    /** 0x02: the server refused to accept a new connection. */
    CONNECTION_REFUSED(0x02),
    /** 0x03: the peer sent more data than the advertised flow-control limits permit. */
    FLOW_CONTROL_ERROR(0x03),
    /** 0x04: the peer opened more streams than the advertised stream limits permit. */
    STREAM_LIMIT_ERROR(0x04),
    /** 0x05: a frame was received for a stream that was not in a state that permitted it. */
    STREAM_STATE_ERROR(0x05),
    /** 0x06: a final size was changed, or data was received past it. */
    FINAL_SIZE_ERROR(0x06),
    /** 0x07: a frame was badly formatted. */
    FRAME_ENCODING_ERROR(0x07),
    /** 0x08: transport parameters were badly formatted or contained invalid values. */
    TRANSPORT_PARAMETER_ERROR(0x08),
    /** 0x09: the peer provided more connection IDs than the advertised active_connection_id_limit. */
    CONNECTION_ID_LIMIT_ERROR(0x09),
    /** 0x0a: a protocol compliance error not covered by a more specific code. */
    PROTOCOL_VIOLATION(0x0a),
    /** 0x0b: a Retry or NEW_TOKEN token was invalid. */
    INVALID_TOKEN(0x0b),
    /** 0x0c: the application or application protocol caused the connection to be closed. */
    APPLICATION_ERROR(0x0c),
    /** 0x0d: more data was received in CRYPTO frames than can be buffered. */
    CRYPTO_BUFFER_EXCEEDED(0x0d),
    /** 0x0e: an error in key update. */
    KEY_UPDATE_ERROR(0x0e),
    /** 0x0f: the AEAD confidentiality or integrity limit was reached. */
    AEAD_LIMIT_REACHED(0x0f),
    /** 0x10: no network path is able to support QUIC. */
    NO_VIABLE_PATH(0x10),
    /** 0x11: version negotiation failed or was tampered with (RFC 9368 §10.2). */
    VERSION_NEGOTIATION_ERROR(0x11),
    /** 0x0100-0x01ff: the cryptographic handshake failed; the low byte is the TLS alert. */
    CRYPTO_ERROR(0x100);

    private final int baseCode;

    TransportError(int baseCode) {
        this.baseCode = baseCode;
    }

    /**
     * The code on the wire; for {@link #CRYPTO_ERROR} the start of its range (0x100).
     *
     * @return the RFC 9000 §20.1 value
     */
    public long code() {
        return baseCode;
    }

    /**
     * Maps a wire value to its error. Values 0x100-0x1ff map to {@link #CRYPTO_ERROR}; any other value
     * not defined by RFC 9000 or RFC 9368 maps to {@link #INTERNAL_ERROR}, since RFC 9000 §20.1 has no reserved
     * meaning for them and the peer's exact code stays available on the exception or frame.
     *
     * @param code a transport error code from a CONNECTION_CLOSE frame
     * @return the matching error
     */
    public static TransportError fromCode(long code) {
        if (code >= 0x100 && code <= 0x1ff) {
            return CRYPTO_ERROR;
        }
        if (code >= 0 && code <= 0x11) {
            return values()[(int) code];
        }
        return INTERNAL_ERROR;
    }
}
