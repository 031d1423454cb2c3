package io.quic4j.http3.frame;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/** Drives a reader and a stream-state checker together over encoded frames, as the connection will. */
final class StreamStates {
    private StreamStates() {
    }

    static void run(Consumer<FrameEvent> rules, Http3Frame... frames) {
        ByteBuffer in = FrameSupport.encode(List.of(frames));
        Http3FrameReader reader = new Http3FrameReader(FrameLimits.DEFAULT);
        FrameEvent event;
        while ((event = reader.next(in)) != null) {
            rules.accept(event);
        }
    }

    static Http3Frame settings() {
        return new SettingsFrame(Settings.EMPTY);
    }

    static Http3Frame headers() {
        return new HeadersFrame(FrameSupport.bytes(0, 0));
    }

    static Http3Frame data() {
        return new DataFrame(FrameSupport.bytes(1, 2));
    }
}
