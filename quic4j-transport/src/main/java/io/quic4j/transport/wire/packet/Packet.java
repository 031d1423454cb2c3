package io.quic4j.transport.wire.packet;

/**
 * A packet found in a datagram by {@link PacketParser#parse}, before header protection is removed
 * (stage 1). Each form is a record; switch over them:
 *
 * <pre>{@code
 * switch (PacketParser.parse(datagram, offset, localCidLength)) {
 *     case LongHeaderPacket p -> ... // Initial, 0-RTT, Handshake: unprotect at p.pnOffset()
 *     case ShortHeaderPacket p -> ... // 1-RTT
 *     case RetryPacket p -> ...
 *     case VersionNegotiationPacket p -> ...
 *     case UnsupportedVersionPacket p -> ... // a server answers with Version Negotiation
 * }
 * }</pre>
 *
 * <p>{@link #start()} and {@link #end()} are absolute indices into the datagram buffer that was parsed:
 * the packet occupies {@code [start, end)}. Only Initial, 0-RTT and Handshake packets carry a Length
 * field, so only they can be followed by another packet in the same datagram (RFC 9000 §12.2); for
 * every other form {@code end} is the datagram's limit.
 */
public sealed interface Packet
        permits LongHeaderPacket, ShortHeaderPacket, RetryPacket, VersionNegotiationPacket, UnsupportedVersionPacket {

    /** @return index of the packet's first byte in the datagram */
    int start();

    /** @return index just past the packet's last byte; where the next coalesced packet, if any, starts */
    int end();
}
