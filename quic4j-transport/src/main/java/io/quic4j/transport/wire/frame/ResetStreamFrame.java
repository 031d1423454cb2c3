package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * RESET_STREAM (RFC 9000 §19.4): the sender abandons the sending part of a stream.
 *
 * @param streamId the stream
 * @param applicationErrorCode why, in the application protocol's error space
 * @param finalSize the stream's final size in bytes (§4.5)
 */
public record ResetStreamFrame(long streamId, long applicationErrorCode, long finalSize) implements Frame {
    /**
     * @param streamId the stream, 0..2^62-1
     * @param applicationErrorCode 0..2^62-1
     * @param finalSize 0..2^62-1
     */
    public ResetStreamFrame {
        checkVarint("streamId", streamId);
        checkVarint("applicationErrorCode", applicationErrorCode);
        checkVarint("finalSize", finalSize);
    }

    @Override
    public long type() {
        return FrameType.RESET_STREAM;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(streamId) + VarInt.size(applicationErrorCode) + VarInt.size(finalSize);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.RESET_STREAM);
        VarInt.write(out, streamId);
        VarInt.write(out, applicationErrorCode);
        VarInt.write(out, finalSize);
    }
}
