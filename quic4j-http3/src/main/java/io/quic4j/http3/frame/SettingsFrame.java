package io.quic4j.http3.frame;

import java.util.Objects;

/**
 * SETTINGS (RFC 9114 §7.2.4): the sender's configuration, the first frame of its control stream and sent
 * only once.
 *
 * @param settings the identifier/value pairs
 */
public record SettingsFrame(Settings settings) implements Http3Frame {
    /** @param settings the identifier/value pairs */
    public SettingsFrame {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public long type() {
        return FrameType.SETTINGS;
    }
}
