package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * RETIRE_CONNECTION_ID: the sender will no longer use the peer's connection ID with this sequence number (RFC 9000 §19.16).
 *
 * @param sequenceNumber the sequence number of the connection ID being retired
 */
public record RetireConnectionIdFrame(long sequenceNumber) implements Frame {
    /**
     * @param sequenceNumber 0..2^62-1
     */
    public RetireConnectionIdFrame {
        checkVarint("sequenceNumber", sequenceNumber);
    }

    @Override
    public long type() {
        return FrameType.RETIRE_CONNECTION_ID;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(sequenceNumber);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.RETIRE_CONNECTION_ID);
        VarInt.write(out, sequenceNumber);
    }
}
