package io.quic4j.http3.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What {@link Http3FrameReader#next} yields, in this order for each frame: one {@link Header} as soon as
 * the type and length are read (before any payload is buffered, so placement rules can reject a frame
 * early), then for DATA one or more {@link DataChunk}s, the last with {@code endOfFrame}, and for every
 * other type one {@link Complete} once the payload has been read (or skipped).
 */
public sealed interface FrameEvent {

    /**
     * A frame's header.
     *
     * @param type the frame type
     * @param length the payload length
     */
    record Header(long type, long length) implements FrameEvent {
    }

    /**
     * A piece of a DATA frame's payload: a view of the buffer the reader was fed, valid until that buffer is
     * reused. A zero-length DATA frame yields one empty chunk.
     *
     * @param bytes the payload bytes
     * @param endOfFrame whether this is the frame's last chunk
     */
    record DataChunk(ByteBuffer bytes, boolean endOfFrame) implements FrameEvent {
        /**
         * @param bytes the payload bytes (a view)
         * @param endOfFrame whether this is the frame's last chunk
         */
        public DataChunk {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A whole frame other than DATA.
     *
     * @param frame the frame; HEADERS and PUSH_PROMISE field sections may be views of the fed buffer
     */
    record Complete(Http3Frame frame) implements FrameEvent {
        /** @param frame the frame */
        public Complete {
            Objects.requireNonNull(frame, "frame");
        }
    }
}
