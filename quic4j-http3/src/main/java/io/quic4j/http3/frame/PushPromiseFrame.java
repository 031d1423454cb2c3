package io.quic4j.http3.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * PUSH_PROMISE (RFC 9114 §7.2.5): a push ID and the QPACK-encoded header section of the promised request.
 * Like {@link HeadersFrame}, it holds the field section as a view, not a copy.
 *
 * @param pushId the push ID, 0 to 2^62-1
 * @param fieldSection the encoded field section
 */
public record PushPromiseFrame(long pushId, ByteBuffer fieldSection) implements Http3Frame {
    /**
     * @param pushId 0 to 2^62-1
     * @param fieldSection the encoded field section (taken as a view, not copied)
     */
    public PushPromiseFrame {
        Http3VarInt.size(pushId);
        Objects.requireNonNull(fieldSection, "fieldSection");
    }

    @Override
    public long type() {
        return FrameType.PUSH_PROMISE;
    }

    /** @return a read-only view of the encoded field section, with its own position */
    @Override
    public ByteBuffer fieldSection() {
        return fieldSection.asReadOnlyBuffer();
    }
}
