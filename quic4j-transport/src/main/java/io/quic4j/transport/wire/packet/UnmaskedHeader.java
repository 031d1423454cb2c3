package io.quic4j.transport.wire.packet;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;

/**
 * What header protection hid (stage 2): the Packet Number field and the protected bits of the first
 * byte, read from the unmasked first byte and the unmasked Packet Number bytes (RFC 9001 §5.4.1).
 * Made by {@link LongHeaderPacket#unmask} and {@link ShortHeaderPacket#unmask}.
 *
 * <p>The AEAD's associated data is the header from the packet's start up to {@link #payloadOffset()};
 * its ciphertext runs from there to the packet's end (RFC 9001 §5.3).
 *
 * <p>The reserved bits are only judged by {@link #requireReservedBitsZero()}, which the caller runs
 * after packet protection is removed too: RFC 9000 §17.2 and §17.3.1 make non-zero reserved bits
 * "after removing both packet and header protection" a connection error, and RFC 9001 §9.5 warns
 * that acting on them earlier exposes the endpoint to attacks.
 *
 * @param longHeader whether the packet has a long header (the reserved bits and key phase differ)
 * @param firstByte the unmasked first byte, 0 to 255
 * @param packetNumberLength 1 to 4
 * @param truncatedPacketNumber the Packet Number field's value
 * @param payloadOffset index in the datagram where the protected payload starts
 */
public record UnmaskedHeader(
        boolean longHeader, int firstByte, int packetNumberLength, long truncatedPacketNumber, int payloadOffset) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the first byte or Packet Number length is out of range
     */
    public UnmaskedHeader {
        if (firstByte < 0 || firstByte > 0xff || packetNumberLength < 1 || packetNumberLength > 4) {
            throw new IllegalArgumentException(
                    "first byte " + firstByte + " or packet number length " + packetNumberLength + " out of range");
        }
    }

    /**
     * The key phase bit (RFC 9000 §17.3.1, RFC 9001 §6): which generation of 1-RTT keys protects the
     * packet.
     *
     * @return the bit for a short header; false for a long header, which has none
     */
    public boolean keyPhase() {
        return !longHeader && (firstByte & 0x04) != 0;
    }

    /** @return the two reserved bits (0x0c of a long header, 0x18 of a short header), as 0 to 3 */
    public int reservedBits() {
        return longHeader ? (firstByte & 0x0c) >>> 2 : (firstByte & 0x18) >>> 3;
    }

    /**
     * Enforces RFC 9000 §17.2 / §17.3.1: "An endpoint MUST treat receipt of a packet that has a
     * non-zero value for these bits after removing both packet and header protection as a connection
     * error of type PROTOCOL_VIOLATION." Call once the payload has been authenticated.
     *
     * @throws QuicTransportException PROTOCOL_VIOLATION if a reserved bit is set; close the connection
     */
    public void requireReservedBitsZero() {
        if (reservedBits() != 0) {
            throw QuicTransportException.of(TransportError.PROTOCOL_VIOLATION, String.format(
                    "reserved bits are %s in an authenticated %s-header packet (first byte 0x%02x)",
                    Integer.toBinaryString(reservedBits()), longHeader ? "long" : "short", firstByte));
        }
    }

    /**
     * @param largestReceived the largest packet number processed in this packet number space, or
     *        {@link PacketNumber#NONE}
     * @return the full packet number (RFC 9000 Appendix A.3)
     */
    public long packetNumber(long largestReceived) {
        return PacketNumber.decode(largestReceived, truncatedPacketNumber, packetNumberLength);
    }

    /** Shared stage-2 read for both header forms. */
    static UnmaskedHeader read(boolean longHeader, int unmaskedFirstByte, java.nio.ByteBuffer datagram, int pnOffset,
            int end) {
        int length = PacketNumber.lengthFromFirstByte(unmaskedFirstByte);
        HeaderBytes.require(pnOffset, end - pnOffset, datagram.limit(), "packet");
        // RFC 9000 §17.2: the Packet Payload is at least one byte, so the field must end before the packet does.
        if (length >= end - pnOffset) {
            throw HeaderBytes.malformed("a " + length + "-byte packet number leaves no payload in a packet with "
                    + (end - pnOffset) + " bytes after the header");
        }
        long truncated = PacketNumber.read(datagram, pnOffset, length);
        return new UnmaskedHeader(longHeader, unmaskedFirstByte & 0xff, length, truncated, pnOffset + length);
    }
}
