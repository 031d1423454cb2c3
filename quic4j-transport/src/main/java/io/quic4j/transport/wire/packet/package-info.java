/**
 * QUIC packet headers for v1 (RFC 9000 §17, RFC 8999 invariants) and v2 (RFC 9369 §3), and packet
 * numbers (RFC 9000 §17.1, Appendix A.2/A.3), read from and written into {@link java.nio.ByteBuffer}s
 * in place: payloads and tokens are never copied, and positions in a received datagram are absolute
 * indices. Start reading at {@link io.quic4j.transport.wire.packet.PacketParser} and the sealed
 * {@link io.quic4j.transport.wire.packet.Packet} it returns; {@link
 * io.quic4j.transport.wire.packet.PacketInvariants} routes a datagram by connection ID before any parsing;
 * {@link io.quic4j.transport.wire.packet.PacketNumber} truncates and rebuilds packet numbers.
 *
 * <p><b>Receiving happens in stages, because header protection (RFC 9001 §5.4) hides part of the
 * header.</b>
 * <ol>
 * <li>{@link io.quic4j.transport.wire.packet.PacketParser#parse} reads what is in the clear: header
 * form, fixed bit, version, connection IDs (a short header's length is the caller's), token, Length.
 * It returns the packet's extent {@code [start, end)}, so coalesced packets (RFC 9000 §12.2) are found
 * one after another, and for protected packets the {@code pnOffset} the crypto layer samples from
 * ({@code pnOffset + 4}, RFC 9001 §5.4.2). <b>A failure here means "drop the packet"</b> (RFC 9000
 * §5.2, §12.2: invalid packets are discarded, not connection errors), and with it the rest of the
 * datagram, whose boundaries are now unknown.</li>
 * <li>Once the crypto layer has removed the header protection mask, the caller passes the unmasked first
 * byte and the datagram, with the Packet Number bytes unmasked in place, to {@code unmask} on
 * {@link io.quic4j.transport.wire.packet.LongHeaderPacket} or {@link
 * io.quic4j.transport.wire.packet.ShortHeaderPacket}. It yields an {@link
 * io.quic4j.transport.wire.packet.UnmaskedHeader}: Packet Number length and value, key phase, where the
 * payload starts. A failure here (a Packet Number longer than the packet) also means drop.</li>
 * <li>After the AEAD has authenticated the payload, {@link
 * io.quic4j.transport.wire.packet.UnmaskedHeader#requireReservedBitsZero()} enforces RFC 9000 §17.2 /
 * §17.3.1. <b>This failure closes the connection with PROTOCOL_VIOLATION.</b> It is deliberately not
 * checked before authentication: RFC 9001 §9.5 warns that acting on the reserved bits earlier exposes
 * the endpoint to attacks.</li>
 * </ol>
 * Every failure is a {@link io.quic4j.transport.QuicTransportException} with PROTOCOL_VIOLATION and a
 * message saying what was wrong; which stage raised it decides between dropping and closing. Nothing
 * else escapes a parser, whatever the bytes.
 *
 * <p><b>Sending:</b> {@code LongHeaderPacket.write} reserves the Length field (2 bytes by default, or a
 * chosen size) and returns the Packet Number's offset, then {@code fillLength} sets Length once the
 * payload is written; {@code ShortHeaderPacket.write}, {@code RetryPacket.write} (the crypto layer
 * computes the Retry Integrity Tag, over what {@code writeWithoutTag} wrote) and {@code
 * VersionNegotiationPacket.write} complete the set. Protected first bytes are written with reserved bits
 * 0 and the Packet Number Length bits set, ready for header protection.
 *
 * <p><b>Allocation:</b> the {@link io.quic4j.transport.wire.packet.PacketNumber} functions and the
 * writers allocate nothing. A parse allocates the record and its {@link
 * io.quic4j.transport.wire.ConnectionId}s (Initial tokens, Retry and Version Negotiation fields are
 * read-only views). Routing need not allocate at all: {@link
 * io.quic4j.transport.wire.packet.PacketInvariants} gives the Destination Connection ID's offset and
 * length and compares it in place. Views hold the datagram's bytes only until its buffer is reused:
 * copy what must outlive it (a Retry token, say) before recycling the buffer.
 */
package io.quic4j.transport.wire.packet;
