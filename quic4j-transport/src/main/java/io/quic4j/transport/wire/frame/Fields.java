package io.quic4j.transport.wire.frame;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * Helpers shared by the frame records and the decoder: reading fields with the frame type attached to
 * every error, payload views, and argument checks for records built by our own code.
 */
final class Fields {
    private Fields() {
    }

    /**
     * Reads a varint field of a frame; truncation is FRAME_ENCODING_ERROR (RFC 9000 §12.4) reported
     * against the frame type.
     */
    static long varint(ByteBuffer in, long frameType, String field) {
        if (!in.hasRemaining()) {
            throw truncated(frameType, field);
        }
        int pos = in.position();
        int length = VarInt.encodedLength(in.get(pos));
        if (in.remaining() < length) {
            throw truncated(frameType, field);
        }
        in.position(pos + length);
        return VarInt.get(in, pos);
    }

    /** Reads a length field and checks that that many bytes follow it. */
    static int length(ByteBuffer in, long frameType, String field) {
        long length = varint(in, frameType, field);
        if (length > in.remaining()) {
            throw QuicTransportException.inFrame(TransportError.FRAME_ENCODING_ERROR, frameType,
                    FrameType.name(frameType) + " " + field + " " + length + " exceeds the " + in.remaining()
                            + " bytes left in the packet");
        }
        return (int) length;
    }

    /** Requires {@code n} more bytes for a fixed-size field. */
    static void require(ByteBuffer in, int n, long frameType, String field) {
        if (in.remaining() < n) {
            throw truncated(frameType, field);
        }
    }

    static QuicTransportException truncated(long frameType, String field) {
        return QuicTransportException.inFrame(TransportError.FRAME_ENCODING_ERROR, frameType,
                FrameType.name(frameType) + " frame truncated in " + field);
    }

    static QuicTransportException malformed(long frameType, String message) {
        return QuicTransportException.inFrame(TransportError.FRAME_ENCODING_ERROR, frameType,
                FrameType.name(frameType) + ": " + message);
    }

    /** A view of the next {@code length} bytes, advancing past them. No copy. */
    static ByteBuffer slice(ByteBuffer in, int length) {
        int pos = in.position();
        ByteBuffer view = in.slice(pos, length);
        in.position(pos + length);
        return view;
    }

    /** Copies a payload's remaining bytes into {@code out} without moving the payload's position. */
    static void put(ByteBuffer out, ByteBuffer payload) {
        int pos = out.position();
        int n = payload.remaining();
        out.put(pos, payload, payload.position(), n);
        out.position(pos + n);
    }

    /** Checks a value that goes on the wire as a varint. */
    static long checkVarint(String name, long value) {
        if (value < 0 || value > VarInt.MAX) {
            throw new IllegalArgumentException(name + " must be 0..2^62-1 (a QUIC variable-length integer), was "
                    + value);
        }
        return value;
    }

    static ByteBuffer checkNotNull(String name, ByteBuffer value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null; use an empty buffer for no bytes");
        }
        return value;
    }
}
