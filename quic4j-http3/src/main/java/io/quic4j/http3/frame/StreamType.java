package io.quic4j.http3.frame;

import java.nio.ByteBuffer;

/**
 * What a unidirectional stream carries, from the type integer that opens it (RFC 9114 §6.2). Receivers
 * must discard or abort reading {@link #RESERVED} and {@link #UNKNOWN} streams, and must not treat them as
 * a connection error (§6.2: "The recipient MUST NOT consider unknown stream types to be a connection error
 * of any kind").
 */
public enum StreamType {
    /** 0x00: the control stream (§6.2.1). */
    CONTROL(0x00),
    /** 0x01: a push stream (§6.2.2), whose header also carries a push ID. */
    PUSH(0x01),
    /** 0x02: the QPACK encoder stream (RFC 9204 §4.2). */
    QPACK_ENCODER(0x02),
    /** 0x03: the QPACK decoder stream (RFC 9204 §4.2). */
    QPACK_DECODER(0x03),
    /** A reserved type {@code 0x1f * N + 0x21} (§6.2.3): no meaning. */
    RESERVED(-1),
    /** Any other type: an extension this endpoint does not support. */
    UNKNOWN(-1);

    private final long code;

    StreamType(long code) {
        this.code = code;
    }

    /**
     * @param type a stream type from the wire
     * @return its classification
     */
    public static StreamType of(long type) {
        for (StreamType t : values()) {
            if (t.code == type && t.code >= 0) {
                return t;
            }
        }
        return Reserved.isReserved(type) ? RESERVED : UNKNOWN;
    }

    /** @return the type on the wire; defined for the four types with a fixed code */
    public long code() {
        if (code < 0) {
            throw new IllegalStateException(this + " has no single code");
        }
        return code;
    }

    /**
     * @return a new buffer holding the stream header of a control, QPACK encoder or QPACK decoder stream
     *     (push streams: {@link #pushStreamHeader})
     */
    public ByteBuffer streamHeader() {
        if (this == PUSH) {
            throw new IllegalStateException("a push stream header needs a push ID: use pushStreamHeader(pushId)");
        }
        ByteBuffer out = ByteBuffer.allocate(1);
        Http3VarInt.write(out, code());
        return out.flip();
    }

    /**
     * @param pushId the push ID the stream fulfils, 0 to 2^62-1
     * @return a new buffer holding a push stream header (§6.2.2: type 0x01, then the push ID)
     */
    public static ByteBuffer pushStreamHeader(long pushId) {
        ByteBuffer out = ByteBuffer.allocate(1 + Http3VarInt.size(pushId));
        Http3VarInt.write(out, PUSH.code);
        Http3VarInt.write(out, pushId);
        return out.flip();
    }
}
