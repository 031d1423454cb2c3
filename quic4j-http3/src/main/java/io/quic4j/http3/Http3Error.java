package io.quic4j.http3;

/**
 * The HTTP/3 error codes of RFC 9114 §8.1 and the QPACK error codes of RFC 9204 §6, carried in
 * CONNECTION_CLOSE (application), RESET_STREAM and STOP_SENDING frames.
 *
 * <pre>{@code
 * throw new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED, "DATA before HEADERS");
 * }</pre>
 */
public enum Http3Error {
    /** 0x0100: no error; used when closing a connection or stream with no error to signal. */
    H3_NO_ERROR(0x0100),
    /** 0x0101: the peer violated protocol requirements in a way that has no more specific code. */
    H3_GENERAL_PROTOCOL_ERROR(0x0101),
    /** 0x0102: an internal error in the HTTP stack. */
    H3_INTERNAL_ERROR(0x0102),
    /** 0x0103: the peer created a stream that will not be accepted. */
    H3_STREAM_CREATION_ERROR(0x0103),
    /** 0x0104: a stream required by the HTTP/3 connection was closed or reset. */
    H3_CLOSED_CRITICAL_STREAM(0x0104),
    /** 0x0105: a frame was received that is not permitted in the current state or on the current stream. */
    H3_FRAME_UNEXPECTED(0x0105),
    /** 0x0106: a frame that fails to satisfy layout requirements or with an invalid size. */
    H3_FRAME_ERROR(0x0106),
    /** 0x0107: the peer is generating excessive load. */
    H3_EXCESSIVE_LOAD(0x0107),
    /** 0x0108: a stream ID or push ID was used incorrectly. */
    H3_ID_ERROR(0x0108),
    /** 0x0109: an error in the payload of a SETTINGS frame. */
    H3_SETTINGS_ERROR(0x0109),
    /** 0x010a: no SETTINGS frame at the beginning of the control stream. */
    H3_MISSING_SETTINGS(0x010a),
    /** 0x010b: a server rejected a request without performing any application processing. */
    H3_REQUEST_REJECTED(0x010b),
    /** 0x010c: the request or its response (including pushed response) is cancelled. */
    H3_REQUEST_CANCELLED(0x010c),
    /** 0x010d: the client's stream terminated without containing a fully formed request. */
    H3_REQUEST_INCOMPLETE(0x010d),
    /** 0x010e: an HTTP message was malformed and cannot be processed. */
    H3_MESSAGE_ERROR(0x010e),
    /** 0x010f: the TCP connection established in response to a CONNECT request was reset or abnormally closed. */
    H3_CONNECT_ERROR(0x010f),
    /** 0x0110: the requested operation cannot be served over HTTP/3; the peer should retry over HTTP/1.1. */
    H3_VERSION_FALLBACK(0x0110),
    /** 0x0200: the decoder failed to interpret an encoded field section (RFC 9204 §6). */
    QPACK_DECOMPRESSION_FAILED(0x0200),
    /** 0x0201: the decoder failed to interpret an encoder instruction on the encoder stream. */
    QPACK_ENCODER_STREAM_ERROR(0x0201),
    /** 0x0202: the encoder failed to interpret a decoder instruction on the decoder stream. */
    QPACK_DECODER_STREAM_ERROR(0x0202);

    private final long code;

    Http3Error(long code) {
        this.code = code;
    }

    /** @return the code on the wire */
    public long code() {
        return code;
    }

    /**
     * @param code a code from the wire
     * @return the matching error, or {@code null} for a code this enum does not name (unknown codes, including
     *     the reserved 0x1f * N + 0x21 ones of RFC 9114 §8.1, are treated as H3_NO_ERROR's peers: not errors
     *     to act on)
     */
    public static Http3Error fromCode(long code) {
        for (Http3Error e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
