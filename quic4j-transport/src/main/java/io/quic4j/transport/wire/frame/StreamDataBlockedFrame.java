package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * STREAM_DATA_BLOCKED: the sender has data for a stream but is stopped by its flow control (RFC 9000 §19.13).
 *
 * @param streamId the stream
 * @param maximumStreamData the stream offset at which the sender blocked
 */
public record StreamDataBlockedFrame(long streamId, long maximumStreamData) implements Frame {
    /**
     * @param streamId 0..2^62-1
     * @param maximumStreamData 0..2^62-1
     */
    public StreamDataBlockedFrame {
        checkVarint("streamId", streamId);
        checkVarint("maximumStreamData", maximumStreamData);
    }

    @Override
    public long type() {
        return FrameType.STREAM_DATA_BLOCKED;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(streamId) + VarInt.size(maximumStreamData);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.STREAM_DATA_BLOCKED);
        VarInt.write(out, streamId);
        VarInt.write(out, maximumStreamData);
    }
}
