package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/**
 * HANDSHAKE_DONE (RFC 9000 §19.20): the server's signal that the handshake is confirmed. No content;
 * use {@link #INSTANCE}. A server receiving one is a PROTOCOL_VIOLATION, which the connection checks.
 */
public record HandshakeDoneFrame() implements Frame {
    /** The only HANDSHAKE_DONE there is. */
    public static final HandshakeDoneFrame INSTANCE = new HandshakeDoneFrame();

    @Override
    public long type() {
        return FrameType.HANDSHAKE_DONE;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.HANDSHAKE_DONE);
    }
}
