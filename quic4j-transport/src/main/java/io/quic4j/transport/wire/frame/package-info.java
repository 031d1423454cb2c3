/**
 * QUIC frames (RFC 9000 §12.4 and §19, DATAGRAM from RFC 9221 §4): one immutable record per frame type
 * behind the sealed interface {@link io.quic4j.transport.wire.frame.Frame}, each encoding itself into a
 * {@link java.nio.ByteBuffer}; {@link io.quic4j.transport.wire.frame.FrameCodec} decodes one frame at a
 * time from a packet payload, rejecting malformed input with the RFC error code, and payloads stay views
 * of the packet buffer rather than copies. {@link io.quic4j.transport.wire.frame.FrameRules} holds Table 3:
 * which frames each packet type may carry, and which are ack-eliciting, count toward bytes in flight, or
 * probe. ACK ranges live in {@link io.quic4j.transport.wire.frame.AckRanges}, shaped for loss recovery.
 * Start reading at {@code Frame}, then {@code FrameCodec}.
 */
package io.quic4j.transport.wire.frame;
