package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * STOP_SENDING (RFC 9000 §19.5): the receiver asks the peer to stop sending on a stream.
 *
 * @param streamId the stream
 * @param applicationErrorCode why, in the application protocol's error space
 */
public record StopSendingFrame(long streamId, long applicationErrorCode) implements Frame {
    /**
     * @param streamId the stream, 0..2^62-1
     * @param applicationErrorCode 0..2^62-1
     */
    public StopSendingFrame {
        checkVarint("streamId", streamId);
        checkVarint("applicationErrorCode", applicationErrorCode);
    }

    @Override
    public long type() {
        return FrameType.STOP_SENDING;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(streamId) + VarInt.size(applicationErrorCode);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.STOP_SENDING);
        VarInt.write(out, streamId);
        VarInt.write(out, applicationErrorCode);
    }
}
