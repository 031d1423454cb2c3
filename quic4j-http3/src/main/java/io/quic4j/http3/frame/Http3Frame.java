package io.quic4j.http3.frame;

/**
 * An HTTP/3 frame (RFC 9114 §7): {@code Type (i), Length (i), Frame Payload (..)}. Switch over the
 * records with pattern matching; {@link UnknownFrame} stands for every type this package does not
 * interpret, whose payload is skipped (§9).
 */
public sealed interface Http3Frame
        permits DataFrame, HeadersFrame, CancelPushFrame, SettingsFrame, PushPromiseFrame, GoAwayFrame, MaxPushIdFrame,
        UnknownFrame {

    /** @return the frame type on the wire */
    long type();
}
