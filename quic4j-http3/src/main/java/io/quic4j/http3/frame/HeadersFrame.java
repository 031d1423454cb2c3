package io.quic4j.http3.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * HEADERS (RFC 9114 §7.2.2): a QPACK-encoded field section (RFC 9204 §4.5), a message's header section or
 * its trailers. The frame layer does not look inside; the QPACK decoder does.
 *
 * <p>The frame holds {@code fieldSection} as a view, not a copy: frames read by {@link Http3FrameReader}
 * may share the bytes of the buffer they were fed, so decode (or copy) before reusing that buffer.
 * {@link #fieldSection()} hands out independent read-only views.
 *
 * @param fieldSection the encoded field section
 */
public record HeadersFrame(ByteBuffer fieldSection) implements Http3Frame {
    /** @param fieldSection the encoded field section (taken as a view, not copied) */
    public HeadersFrame {
        Objects.requireNonNull(fieldSection, "fieldSection");
    }

    @Override
    public long type() {
        return FrameType.HEADERS;
    }

    /** @return a read-only view of the encoded field section, with its own position */
    @Override
    public ByteBuffer fieldSection() {
        return fieldSection.asReadOnlyBuffer();
    }
}
