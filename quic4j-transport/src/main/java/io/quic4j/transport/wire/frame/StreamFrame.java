package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkNotNull;
import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * STREAM (RFC 9000 §19.8): stream data at an offset, possibly ending the stream. The type's low bits
 * say which fields are present: OFF (0x04) when the offset is not 0, LEN (0x02) when
 * {@code explicitLength}, FIN (0x01) when {@code fin}.
 *
 * <p>{@link #type()} is the type this record encodes to. A peer may set OFF with an offset of 0; such a
 * frame decodes to the same record as one without OFF, and re-encodes one byte shorter.
 *
 * <p>Without a Length field the data runs to the end of the packet, so such a frame must be the last in
 * its packet; {@code explicitLength = false} is how the packet builder saves those bytes.
 *
 * <p>The frame holds {@code data} as a view (its bytes from position to limit), not a copy: do not move
 * or change that buffer afterwards. {@link #data()} hands out independent read-only views.
 *
 * @param streamId the stream
 * @param offset the stream offset of the first byte of {@code data}
 * @param data the bytes, possibly none
 * @param fin whether this frame ends the stream (final size = offset + data length)
 * @param explicitLength whether the frame carries a Length field
 */
public record StreamFrame(long streamId, long offset, ByteBuffer data, boolean fin, boolean explicitLength)
        implements
            Frame {
    /**
     * @param streamId 0..2^62-1
     * @param offset 0..2^62-1, with {@code offset + data.remaining() <= 2^62-1}
     * @param data the bytes (taken as a view, not copied)
     * @param fin whether the frame ends the stream
     * @param explicitLength whether to encode a Length field (false only for the last frame of a packet)
     */
    public StreamFrame {
        checkVarint("streamId", streamId);
        checkVarint("offset", offset);
        checkNotNull("data", data);
        if (offset + data.remaining() > VarInt.MAX) {
            throw new IllegalArgumentException("offset + data length must be at most 2^62-1 (RFC 9000 §19.8), was "
                    + offset + " + " + data.remaining());
        }
    }

    /** @return a read-only view of the bytes, with its own position */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer();
    }

    /** @return the number of bytes, without creating a view */
    public int dataLength() {
        return data.remaining();
    }

    /** @return the stream offset just past this frame's data (the final size if {@link #fin()}) */
    public long endOffset() {
        return offset + data.remaining();
    }

    @Override
    public long type() {
        long type = FrameType.STREAM;
        if (offset != 0) {
            type |= FrameType.STREAM_OFF;
        }
        if (explicitLength) {
            type |= FrameType.STREAM_LEN;
        }
        if (fin) {
            type |= FrameType.STREAM_FIN;
        }
        return type;
    }

    @Override
    public int encodedLength() {
        int n = data.remaining();
        return 1 + VarInt.size(streamId) + (offset != 0 ? VarInt.size(offset) : 0)
                + (explicitLength ? VarInt.size(n) : 0) + n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) type());
        VarInt.write(out, streamId);
        if (offset != 0) {
            VarInt.write(out, offset);
        }
        if (explicitLength) {
            VarInt.write(out, data.remaining());
        }
        Fields.put(out, data);
    }

    @Override
    public String toString() {
        return "StreamFrame[streamId=" + streamId + ", offset=" + offset + ", length=" + data.remaining()
                + ", fin=" + fin + ", explicitLength=" + explicitLength + "]";
    }
}
