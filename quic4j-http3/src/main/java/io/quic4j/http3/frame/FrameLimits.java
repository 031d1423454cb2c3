package io.quic4j.http3.frame;

/**
 * How large a frame {@link Http3FrameReader} is willing to buffer (RFC 9114 §10.5: "An implementation SHOULD
 * impose a limit on the maximum size of a frame"). DATA payloads and unknown frames are streamed or
 * skipped, never buffered, so they have no limit here; CANCEL_PUSH, GOAWAY and MAX_PUSH_ID hold one integer
 * and may not exceed 8 bytes.
 *
 * @param maxFieldSectionLength the largest HEADERS or PUSH_PROMISE payload; derive it from our
 *     SETTINGS_MAX_FIELD_SECTION_SIZE
 * @param maxSettingsLength the largest SETTINGS payload
 */
public record FrameLimits(int maxFieldSectionLength, int maxSettingsLength) {
    /** 64 KiB of encoded field section, 4 KiB of settings (about 500 settings). */
    public static final FrameLimits DEFAULT = new FrameLimits(64 * 1024, 4 * 1024);

    /**
     * @param maxFieldSectionLength at least 1
     * @param maxSettingsLength at least 1
     */
    public FrameLimits {
        if (maxFieldSectionLength < 1 || maxSettingsLength < 1) {
            throw new IllegalArgumentException("frame limits must be at least 1 byte, were maxFieldSectionLength="
                    + maxFieldSectionLength + ", maxSettingsLength=" + maxSettingsLength);
        }
    }

    /**
     * @param type a known frame type other than DATA
     * @return the largest payload length of that type to buffer
     */
    long maxPayload(long type) {
        if (type == FrameType.HEADERS || type == FrameType.PUSH_PROMISE) {
            return maxFieldSectionLength;
        }
        if (type == FrameType.SETTINGS) {
            return maxSettingsLength;
        }
        return 8;
    }
}
