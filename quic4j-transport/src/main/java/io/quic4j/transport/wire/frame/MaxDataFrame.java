package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * MAX_DATA: the connection-level flow control limit (RFC 9000 §19.9).
 *
 * @param maximumData the most bytes the peer may send on all streams together
 */
public record MaxDataFrame(long maximumData) implements Frame {
    /**
     * @param maximumData 0..2^62-1
     */
    public MaxDataFrame {
        checkVarint("maximumData", maximumData);
    }

    @Override
    public long type() {
        return FrameType.MAX_DATA;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(maximumData);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.MAX_DATA);
        VarInt.write(out, maximumData);
    }
}
