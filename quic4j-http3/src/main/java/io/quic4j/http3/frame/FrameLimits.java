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
    /** Room for an encoded field section's prefix: Required Insert Count and Base, two integers. */
    private static final int PREFIX_ALLOWANCE = 16;

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
     * Limits that follow the SETTINGS_MAX_FIELD_SECTION_SIZE we advertise (RFC 9114 §4.2.2). An encoded field
     * section is no larger than the size it describes (each field counts 32 bytes beyond its name and value,
     * more than a QPACK field line adds, as long as Huffman coding is used only where it shortens a string)
     * apart from the section's prefix (RFC 9204 §4.5.1), for which 16 bytes are allowed. Unlimited means
     * {@link #DEFAULT}'s limit.
     *
     * @param ours the settings we send
     * @return limits with {@link #DEFAULT}'s SETTINGS limit
     */
    public static FrameLimits forSettings(Settings ours) {
        long max = ours.maxFieldSectionSize();
        int fieldSection = max == Settings.UNLIMITED
                ? DEFAULT.maxFieldSectionLength
                : (int) Math.min(max + PREFIX_ALLOWANCE, Integer.MAX_VALUE);
        return new FrameLimits(fieldSection, DEFAULT.maxSettingsLength);
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
