/**
 * The HTTP/3 framing layer, sans-I/O (RFC 9114 §6, §7, §9, §11.2): frames as records behind the sealed
 * {@link io.quic4j.http3.frame.Http3Frame} (§7.2), the streaming {@link io.quic4j.http3.frame.Http3FrameReader}
 * that turns a stream's bytes, split anywhere, into {@link io.quic4j.http3.frame.FrameEvent}s (DATA streamed
 * as views, other frames bounded by {@link io.quic4j.http3.frame.FrameLimits}, unknown types skipped), the
 * {@link io.quic4j.http3.frame.Http3FrameWriter} (with §7.2.8/§7.2.4.1 grease),
 * {@link io.quic4j.http3.frame.Settings} (§7.2.4, RFC 9204 §5, RFC 9220, RFC 9297), the unidirectional
 * stream header ({@link io.quic4j.http3.frame.StreamTypeReader}, §6.2), and the placement and order rules:
 * {@link io.quic4j.http3.frame.FrameRules} (§7 Table 1), {@link io.quic4j.http3.frame.ControlStreamState}
 * (§6.2.1, §5.2, §7.2.4-§7.2.7) and {@link io.quic4j.http3.frame.MessageStreamState} (§4.1). Every malformed
 * input raises {@link io.quic4j.http3.Http3Exception} with its RFC error code. Start with
 * {@code Http3FrameReader}, then the two state classes; {@link io.quic4j.http3.frame.Http3VarInt} is RFC 9000
 * §16 for this module, whose transport codec is internal to the transport.
 */
package io.quic4j.http3.frame;
