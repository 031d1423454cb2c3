package io.quic4j.transport.wire.frame;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * STREAMS_BLOCKED (RFC 9000 §19.14): the sender wants to open a stream but the peer's limit stops it.
 * The type says which kind: 0x16 bidirectional, 0x17 unidirectional.
 *
 * @param bidirectional true for bidirectional streams, false for unidirectional
 * @param maximumStreams the stream limit when the frame was sent, at most 2^60 (stream IDs end at 2^62-1)
 */
public record StreamsBlockedFrame(boolean bidirectional, long maximumStreams) implements Frame {
    /** The largest stream count a frame can carry: 2^60. */
    public static final long MAX_COUNT = 1L << 60;

    /**
     * @param bidirectional true for bidirectional streams
     * @param maximumStreams 0..2^60
     */
    public StreamsBlockedFrame {
        if (maximumStreams < 0 || maximumStreams > MAX_COUNT) {
            throw new IllegalArgumentException("maximumStreams must be 0..2^60 (stream IDs end at 2^62-1), was "
                    + maximumStreams);
        }
    }

    @Override
    public long type() {
        return bidirectional ? FrameType.STREAMS_BLOCKED_BIDI : FrameType.STREAMS_BLOCKED_UNI;
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.size(maximumStreams);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) type());
        VarInt.write(out, maximumStreams);
    }
}
