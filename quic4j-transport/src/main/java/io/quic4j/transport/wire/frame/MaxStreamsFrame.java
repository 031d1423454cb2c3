package io.quic4j.transport.wire.frame;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * MAX_STREAMS (RFC 9000 §19.11): how many streams of one kind the peer may open over the connection's
 * life. The type says which kind: 0x12 bidirectional, 0x13 unidirectional.
 *
 * @param bidirectional true for bidirectional streams, false for unidirectional
 * @param maximumStreams the cumulative stream count, at most 2^60 (stream IDs end at 2^62-1)
 */
public record MaxStreamsFrame(boolean bidirectional, long maximumStreams) implements Frame {
    /** The largest stream count a frame can carry: 2^60. */
    public static final long MAX_COUNT = 1L << 60;

    /**
     * @param bidirectional true for bidirectional streams
     * @param maximumStreams 0..2^60
     */
    public MaxStreamsFrame {
        if (maximumStreams < 0 || maximumStreams > MAX_COUNT) {
            throw new IllegalArgumentException("maximumStreams must be 0..2^60 (stream IDs end at 2^62-1), was "
                    + maximumStreams);
        }
    }

    @Override
    public long type() {
        return bidirectional ? FrameType.MAX_STREAMS_BIDI : FrameType.MAX_STREAMS_UNI;
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
