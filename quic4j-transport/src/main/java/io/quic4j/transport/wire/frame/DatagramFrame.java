package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkNotNull;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * DATAGRAM (RFC 9221 §4): one unreliable application datagram. Type 0x31 carries a Length field,
 * 0x30 does not and runs to the end of the packet (so it must be the last frame). Empty datagrams
 * are allowed.
 *
 * <p>The frame holds {@code data} as a view (its bytes from position to limit), not a copy: do not move
 * or change that buffer afterwards. {@link #data()} hands out independent read-only views.
 *
 * @param data the datagram
 * @param explicitLength whether the frame carries a Length field
 */
public record DatagramFrame(ByteBuffer data, boolean explicitLength) implements Frame {
    /**
     * @param data the datagram (taken as a view, not copied)
     * @param explicitLength whether to encode a Length field (false only for the last frame of a packet)
     */
    public DatagramFrame {
        checkNotNull("data", data);
    }

    /** @return a read-only view of the datagram, with its own position */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer();
    }

    /** @return the number of bytes, without creating a view */
    public int dataLength() {
        return data.remaining();
    }

    @Override
    public long type() {
        return explicitLength ? FrameType.DATAGRAM_LEN : FrameType.DATAGRAM;
    }

    @Override
    public int encodedLength() {
        int n = data.remaining();
        return 1 + (explicitLength ? VarInt.size(n) : 0) + n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) type());
        if (explicitLength) {
            VarInt.write(out, data.remaining());
        }
        Fields.put(out, data);
    }

    @Override
    public String toString() {
        return "DatagramFrame[length=" + data.remaining() + ", explicitLength=" + explicitLength + "]";
    }
}
