package io.quic4j.transport.wire.packet;

import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A 1-RTT packet (RFC 9000 §17.3.1): the short header. It has no Length field and no connection ID
 * length, so it always runs to the end of the datagram, and the receiver must know the length of the
 * connection IDs it issued.
 *
 * <p>The spin bit (0x20) is not under header protection and is read here; the key phase, reserved
 * bits and Packet Number Length are, and come from {@link #unmask}.
 *
 * @param spin the latency spin bit (RFC 9000 §17.4)
 * @param destination Destination Connection ID
 * @param start index of the first byte in the datagram
 * @param pnOffset index of the (protected) Packet Number field
 * @param end index past the last byte: the datagram's limit
 */
public record ShortHeaderPacket(boolean spin, ConnectionId destination, int start, int pnOffset, int end)
        implements
            Packet {

    /** Bits of the first byte under header protection (RFC 9001 §5.4.1): reserved, key phase, PN length. */
    static final int PROTECTED_BITS = 0x1f;

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if {@code destination} is null
     */
    public ShortHeaderPacket {
        Objects.requireNonNull(destination, "destination");
    }

    /**
     * Stage 2: reads the key phase and Packet Number once header protection is removed.
     *
     * @param unmaskedFirstByte the first byte with the header protection mask removed
     * @param datagram the datagram this packet was parsed from, with the Packet Number bytes unmasked
     * @return the packet number field and protected bits
     * @throws io.quic4j.transport.QuicTransportException PROTOCOL_VIOLATION if the Packet Number would
     *         leave no payload; drop the packet
     */
    public UnmaskedHeader unmask(int unmaskedFirstByte, ByteBuffer datagram) {
        HeaderBytes.checkUnprotectedBits(datagram, start, unmaskedFirstByte, PROTECTED_BITS);
        return UnmaskedHeader.read(false, unmaskedFirstByte, datagram, pnOffset, end);
    }

    /**
     * @param destinationLength Destination Connection ID length
     * @param packetNumberLength 1 to 4
     * @return bytes from the first byte to the end of the Packet Number field
     */
    public static int headerLength(int destinationLength, int packetNumberLength) {
        return 1 + destinationLength + packetNumberLength;
    }

    /**
     * Writes a short header with reserved bits 0 and the Packet Number Length bits set.
     *
     * @param out advanced past the Packet Number field
     * @param destination Destination Connection ID
     * @param spin the latency spin bit
     * @param keyPhase the key phase bit
     * @param packetNumber the full packet number; its low {@code packetNumberLength} bytes are written
     * @param packetNumberLength 1 to 4, from {@link PacketNumber#encodedLength}
     * @return the index of the Packet Number field
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static int write(ByteBuffer out, ConnectionId destination, boolean spin, boolean keyPhase,
            long packetNumber, int packetNumberLength) {
        LongHeaderPacket.checkPacketNumberLength(packetNumberLength);
        out.put((byte) (0x40 | (spin ? 0x20 : 0) | (keyPhase ? 0x04 : 0) | (packetNumberLength - 1)));
        destination.writeTo(out);
        int pnOffset = out.position();
        PacketNumber.write(out, packetNumber, packetNumberLength);
        return pnOffset;
    }
}
