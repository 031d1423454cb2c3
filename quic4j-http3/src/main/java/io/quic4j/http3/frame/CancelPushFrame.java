package io.quic4j.http3.frame;

/**
 * CANCEL_PUSH (RFC 9114 §7.2.3): asks that a server push be cancelled, or says that the server will not
 * fulfil it. Sent on the control stream only.
 *
 * @param pushId the push ID, 0 to 2^62-1
 */
public record CancelPushFrame(long pushId) implements Http3Frame {
    /** @param pushId 0 to 2^62-1 */
    public CancelPushFrame {
        Http3VarInt.size(pushId);
    }

    @Override
    public long type() {
        return FrameType.CANCEL_PUSH;
    }
}
