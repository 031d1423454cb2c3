package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/** PING (RFC 9000 §19.2): no content; it only asks for an acknowledgment. Use {@link #INSTANCE}. */
public record PingFrame() implements Frame {
    /** The only PING there is. */
    public static final PingFrame INSTANCE = new PingFrame();

    @Override
    public long type() {
        return FrameType.PING;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.PING);
    }
}
