package io.quic4j.http3.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DATA (RFC 9114 §7.2.1): request or response content. {@link Http3FrameReader} streams DATA payloads as
 * {@link FrameEvent.DataChunk}s and never builds this record; it is what {@link Http3FrameWriter} encodes
 * when a caller has the whole payload at hand.
 *
 * <p>The frame holds {@code payload} as a view (its bytes from position to limit), not a copy: do not move
 * or change that buffer afterwards. {@link #payload()} hands out independent read-only views.
 *
 * @param payload the content bytes
 */
public record DataFrame(ByteBuffer payload) implements Http3Frame {
    /** @param payload the content bytes (taken as a view, not copied) */
    public DataFrame {
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public long type() {
        return FrameType.DATA;
    }

    /** @return a read-only view of the payload, with its own position */
    @Override
    public ByteBuffer payload() {
        return payload.asReadOnlyBuffer();
    }
}
