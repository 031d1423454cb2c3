package io.quic4j.transport.wire.packet;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An Initial, 0-RTT or Handshake packet (RFC 9000 §17.2.2-§17.2.4; RFC 9369 §3.2 for v2's type codes):
 * a long header with a Length field, then the protected Packet Number and payload.
 *
 * <p>Receiving: {@link PacketParser#parse} yields this with the Packet Number field at
 * {@link #pnOffset()} (where header protection samples from, RFC 9001 §5.4.2) and the packet ending at
 * {@link #end()}; after removing header protection, {@link #unmask} reads the packet number.
 *
 * <p>Sending: {@link #write} writes the header with the Length field reserved and returns the Packet
 * Number's offset; once the payload is written, {@link #fillLength} sets Length to cover it and the
 * AEAD tag still to come. Length is part of the header the AEAD authenticates, so it must be filled in
 * before the packet is protected.
 *
 * <pre>{@code
 * int pnOffset = LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V1, dcid, scid,
 *         LongHeaderPacket.NO_TOKEN, pn, pnLength);
 * ... write frames ...
 * int payloadEnd = out.position();
 * LongHeaderPacket.fillLength(out, pnOffset, payloadEnd + AeadSpec.TAG_LENGTH);
 * sealer.protect(out, start, pnOffset, pnLength, pn, payloadEnd);
 * }</pre>
 *
 * @param type {@link PacketType#INITIAL}, {@link PacketType#ZERO_RTT} or {@link PacketType#HANDSHAKE}
 * @param version the packet's QUIC version
 * @param destination Destination Connection ID
 * @param source Source Connection ID
 * @param token the Initial packet's Token, a read-only view into the datagram; empty for other types
 * @param start index of the first byte in the datagram
 * @param pnOffset index of the (protected) Packet Number field
 * @param end index past the packet's last byte, from the Length field
 */
public record LongHeaderPacket(
        PacketType type,
        QuicVersion version,
        ConnectionId destination,
        ConnectionId source,
        ByteBuffer token,
        int start,
        int pnOffset,
        int end) implements Packet {

    /** An empty token, for packets other than Initial and for Initial packets without one. */
    public static final ByteBuffer NO_TOKEN = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /**
     * The default size of the reserved Length field: a 2-byte variable-length integer holds up to
     * 16383, more than any UDP payload on a standard path.
     */
    public static final int DEFAULT_LENGTH_SIZE = 2;

    /** Bits of the first byte under header protection (RFC 9001 §5.4.1): reserved and PN length. */
    static final int PROTECTED_BITS = 0x0f;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException for a type without a Length field, or a token outside Initial
     */
    public LongHeaderPacket {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(token, "token");
        checkType(type, token);
    }

    /**
     * Stage 2: reads the Packet Number field once header protection is removed.
     *
     * @param unmaskedFirstByte the first byte with the header protection mask removed
     * @param datagram the datagram this packet was parsed from, with the Packet Number bytes unmasked
     * @return the packet number field and protected bits
     * @throws io.quic4j.transport.QuicTransportException PROTOCOL_VIOLATION if the Packet Number would
     *         leave no payload within Length; drop the packet
     */
    public UnmaskedHeader unmask(int unmaskedFirstByte, ByteBuffer datagram) {
        HeaderBytes.checkUnprotectedBits(datagram, start, unmaskedFirstByte, PROTECTED_BITS);
        return UnmaskedHeader.read(true, unmaskedFirstByte, datagram, pnOffset, end);
    }

    /**
     * The size of a long header up to and including the Packet Number, for sizing a packet before
     * writing it.
     *
     * @param type {@link PacketType#INITIAL}, {@link PacketType#ZERO_RTT} or {@link PacketType#HANDSHAKE}
     * @param destinationLength Destination Connection ID length
     * @param sourceLength Source Connection ID length
     * @param tokenLength Token length (0 unless Initial)
     * @param lengthSize bytes reserved for the Length field: 1, 2, 4 or 8
     * @param packetNumberLength 1 to 4
     * @return bytes from the first byte to the end of the Packet Number field
     */
    public static int headerLength(PacketType type, int destinationLength, int sourceLength, int tokenLength,
            int lengthSize, int packetNumberLength) {
        int tokenField = type == PacketType.INITIAL ? VarInt.size(tokenLength) + tokenLength : 0;
        return 1 + 4 + 1 + destinationLength + 1 + sourceLength + tokenField + lengthSize + packetNumberLength;
    }

    /**
     * Writes a long header with a {@link #DEFAULT_LENGTH_SIZE 2-byte} Length field to fill in later; see
     * {@link #write(ByteBuffer, PacketType, QuicVersion, ConnectionId, ConnectionId, ByteBuffer, int, long, int)}.
     *
     * @param out advanced past the Packet Number field
     * @param type {@link PacketType#INITIAL}, {@link PacketType#ZERO_RTT} or {@link PacketType#HANDSHAKE}
     * @param version the QUIC version
     * @param destination Destination Connection ID
     * @param source Source Connection ID
     * @param token the Token for Initial packets, else empty
     * @param packetNumber the full packet number
     * @param packetNumberLength 1 to 4
     * @return the index of the Packet Number field
     */
    public static int write(ByteBuffer out, PacketType type, QuicVersion version, ConnectionId destination,
            ConnectionId source, ByteBuffer token, long packetNumber, int packetNumberLength) {
        return write(out, type, version, destination, source, token, DEFAULT_LENGTH_SIZE, packetNumber,
                packetNumberLength);
    }

    /**
     * Sets a {@link #DEFAULT_LENGTH_SIZE 2-byte} Length field reserved by
     * {@link #write(ByteBuffer, PacketType, QuicVersion, ConnectionId, ConnectionId, ByteBuffer, long, int)}.
     *
     * @param out the buffer the header was written into
     * @param pnOffset what {@code write} returned
     * @param packetEnd index past the packet's last byte
     */
    public static void fillLength(ByteBuffer out, int pnOffset, int packetEnd) {
        fillLength(out, pnOffset, DEFAULT_LENGTH_SIZE, packetEnd);
    }

    /**
     * Writes a long header with reserved bits 0, the Packet Number Length bits set, a zero Length field
     * of {@code lengthSize} bytes to fill in later with {@link #fillLength}, and the packet number.
     *
     * @param out advanced past the Packet Number field
     * @param type {@link PacketType#INITIAL}, {@link PacketType#ZERO_RTT} or {@link PacketType#HANDSHAKE}
     * @param version the QUIC version; chooses the type code (RFC 9369 §3.2)
     * @param destination Destination Connection ID
     * @param source Source Connection ID
     * @param token the Token for Initial packets (its remaining bytes; position unchanged), else empty
     * @param lengthSize bytes to reserve for Length: 1, 2, 4 or 8 (2 allows packets up to 16383 bytes)
     * @param packetNumber the full packet number; its low {@code packetNumberLength} bytes are written
     * @param packetNumberLength 1 to 4, from {@link PacketNumber#encodedLength}
     * @return the index of the Packet Number field (the pnOffset header protection needs)
     * @throws IllegalArgumentException for an invalid type, token, or size
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static int write(ByteBuffer out, PacketType type, QuicVersion version, ConnectionId destination,
            ConnectionId source, ByteBuffer token, int lengthSize, long packetNumber, int packetNumberLength) {
        checkType(type, token);
        checkPacketNumberLength(packetNumberLength);
        if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4 && lengthSize != 8) {
            throw new IllegalArgumentException("Length field size must be 1, 2, 4 or 8, was " + lengthSize);
        }
        out.put((byte) (0xc0 | version.longTypeBits(type) << 4 | (packetNumberLength - 1)));
        out.putInt(version.wire());
        out.put((byte) destination.length());
        destination.writeTo(out);
        out.put((byte) source.length());
        source.writeTo(out);
        if (type == PacketType.INITIAL) {
            VarInt.write(out, token.remaining());
            HeaderBytes.putAll(out, token);
        }
        VarInt.write(out, 0, lengthSize);
        int pnOffset = out.position();
        PacketNumber.write(out, packetNumber, packetNumberLength);
        return pnOffset;
    }

    /**
     * Sets the Length field reserved by {@link #write}: the bytes from the Packet Number to the end of
     * the packet, AEAD tag included (RFC 9000 §17.2). Leaves the position alone.
     *
     * @param out the buffer the header was written into
     * @param pnOffset what {@link #write} returned
     * @param lengthSize the size passed to {@link #write}
     * @param packetEnd index past the packet's last byte
     * @throws IllegalArgumentException if the length does not fit in {@code lengthSize} bytes
     */
    public static void fillLength(ByteBuffer out, int pnOffset, int lengthSize, int packetEnd) {
        VarInt.put(out, pnOffset - lengthSize, packetEnd - pnOffset, lengthSize);
    }

    private static void checkType(PacketType type, ByteBuffer token) {
        if (type != PacketType.INITIAL && type != PacketType.ZERO_RTT && type != PacketType.HANDSHAKE) {
            throw new IllegalArgumentException(type + " is not a long-header packet with a Length field");
        }
        if (type != PacketType.INITIAL && token.hasRemaining()) {
            throw new IllegalArgumentException("only Initial packets carry a token, not " + type);
        }
    }

    static void checkPacketNumberLength(int length) {
        if (length < 1 || length > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4 bytes, was " + length);
        }
    }
}
