package io.quic4j.http3.frame;

/**
 * MAX_PUSH_ID (RFC 9114 §7.2.7): the largest push ID a client lets the server use. Sent by clients on the
 * control stream only; it cannot go down ({@link ControlStreamState} checks).
 *
 * @param pushId the maximum push ID, 0 to 2^62-1
 */
public record MaxPushIdFrame(long pushId) implements Http3Frame {
    /** @param pushId 0 to 2^62-1 */
    public MaxPushIdFrame {
        Http3VarInt.size(pushId);
    }

    @Override
    public long type() {
        return FrameType.MAX_PUSH_ID;
    }
}
