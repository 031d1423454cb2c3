package io.quic4j.http3.frame;

/**
 * GOAWAY (RFC 9114 §7.2.6, §5.2): starts a graceful shutdown. From a server the ID is a client-initiated
 * bidirectional stream ID; from a client, a push ID. Successive GOAWAYs must not increase it
 * ({@link ControlStreamState} checks).
 *
 * @param id the stream ID or push ID, 0 to 2^62-1
 */
public record GoAwayFrame(long id) implements Http3Frame {
    /** @param id 0 to 2^62-1 */
    public GoAwayFrame {
        Http3VarInt.size(id);
    }

    @Override
    public long type() {
        return FrameType.GOAWAY;
    }
}
