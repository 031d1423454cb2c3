package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * DATA_BLOCKED: the sender has data but is stopped by connection-level flow control (RFC 9000 §19.12).
 *
 * @param maximumData the connection-level limit at which the sender blocked
 */
public record DataBlockedFrame(long maximumData) implements Frame {
    /**
     * @param maximumData 0..2^62-1
     */
    public DataBlockedFrame {
        checkVarint("maximumData", maximumData);
    }

    @Override
    public long type() {
        return FrameType.DATA_BLOCKED;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(maximumData);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.DATA_BLOCKED);
        VarInt.write(out, maximumData);
    }
}
