package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * MAX_STREAM_DATA: a stream's flow control limit (RFC 9000 §19.10).
 *
 * @param streamId the stream
 * @param maximumStreamData the most bytes the peer may send on the stream (its largest offset)
 */
public record MaxStreamDataFrame(long streamId, long maximumStreamData) implements Frame {
    /**
     * @param streamId 0..2^62-1
     * @param maximumStreamData 0..2^62-1
     */
    public MaxStreamDataFrame {
        checkVarint("streamId", streamId);
        checkVarint("maximumStreamData", maximumStreamData);
    }

    @Override
    public long type() {
        return FrameType.MAX_STREAM_DATA;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(streamId) + VarInt.size(maximumStreamData);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.MAX_STREAM_DATA);
        VarInt.write(out, streamId);
        VarInt.write(out, maximumStreamData);
    }
}
