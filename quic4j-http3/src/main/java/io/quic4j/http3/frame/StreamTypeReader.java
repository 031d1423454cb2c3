package io.quic4j.http3.frame;

import java.nio.ByteBuffer;

/**
 * Reads the header of an incoming unidirectional stream (RFC 9114 §6.2) as its bytes arrive: the stream
 * type, and for a push stream the push ID after it (§6.2.2). It never fails: a stream that ends or is reset
 * before its header is complete is simply dropped by the caller (§6.2: "A receiver MUST tolerate
 * unidirectional streams being closed or reset prior to the reception of the unidirectional stream header").
 *
 * <pre>{@code
 * if (header.read(received)) {
 *     switch (header.streamType()) { case CONTROL -> ...; case RESERVED, UNKNOWN -> stopSending(...); ... }
 *     // what is left in received belongs to the stream's body
 * }
 * }</pre>
 */
public final class StreamTypeReader {
    private final PartialVarInt varint = new PartialVarInt();
    private long type = -1;
    private long pushId = -1;

    /** A reader at the start of a stream. */
    public StreamTypeReader() {
    }

    /**
     * Consumes header bytes from {@code in}, and nothing past the header.
     *
     * @param in the stream's next bytes
     * @return whether the header is complete
     */
    public boolean read(ByteBuffer in) {
        if (type < 0) {
            if (!varint.feed(in)) {
                return false;
            }
            type = varint.value();
            varint.reset();
        }
        if (type == StreamType.PUSH.code() && pushId < 0) {
            if (!varint.feed(in)) {
                return false;
            }
            pushId = varint.value();
            varint.reset();
        }
        return true;
    }

    /** @return whether the header is complete */
    public boolean isComplete() {
        return type >= 0 && (type != StreamType.PUSH.code() || pushId >= 0);
    }

    /** @return the stream type on the wire, once read */
    public long type() {
        if (type < 0) {
            throw new IllegalStateException("the stream type has not been read yet");
        }
        return type;
    }

    /** @return the classified stream type, once read */
    public StreamType streamType() {
        return StreamType.of(type());
    }

    /** @return the push ID of a push stream, once the header is complete */
    public long pushId() {
        if (pushId < 0) {
            throw new IllegalStateException("no push ID: not a push stream, or its header is incomplete");
        }
        return pushId;
    }
}
