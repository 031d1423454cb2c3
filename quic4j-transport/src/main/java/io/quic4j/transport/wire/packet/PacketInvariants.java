package io.quic4j.transport.wire.packet;

import static io.quic4j.transport.wire.packet.HeaderBytes.malformed;
import static io.quic4j.transport.wire.packet.HeaderBytes.require;
import static io.quic4j.transport.wire.packet.HeaderBytes.u32;
import static io.quic4j.transport.wire.packet.HeaderBytes.u8;

import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;

/**
 * Version-independent reads of a datagram's first packet (RFC 8999 §5), for routing before anything
 * else is parsed: is it a long header, which version, which Destination Connection ID.
 *
 * <p>{@link #destinationConnectionIdOffset} and {@link #destinationConnectionIdLength} locate the
 * connection ID without allocating, so a router can hash or compare the bytes in place;
 * {@link #destinationConnectionIdEquals} compares them against known bytes;
 * {@link #destinationConnectionId} makes a {@link ConnectionId} when a map key is needed (the one
 * allocating call here). None of these check the fixed bit or anything version specific.
 *
 * <p>All methods take the datagram and the absolute index of the packet's first byte, leave the
 * buffer's position alone, and raise {@link io.quic4j.transport.QuicTransportException}
 * (PROTOCOL_VIOLATION, drop the datagram) when the bytes run out.
 */
public final class PacketInvariants {
    private PacketInvariants() {
    }

    /**
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @return whether the Header Form bit (0x80) is set (RFC 8999 §5)
     */
    public static boolean isLongHeader(ByteBuffer datagram, int offset) {
        return (u8(datagram, offset, datagram.limit(), "first byte") & 0x80) != 0;
    }

    /**
     * The Version field of a long header, whatever the version (RFC 8999 §5.4); 0 is Version
     * Negotiation, and a value {@link io.quic4j.transport.wire.QuicVersion#fromWire} does not know
     * calls for one (RFC 9000 §6.1).
     *
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @return the 32-bit version
     * @throws IllegalArgumentException if the packet has a short header, which has no version
     */
    public static int version(ByteBuffer datagram, int offset) {
        if (!isLongHeader(datagram, offset)) {
            throw new IllegalArgumentException("a short header has no version field");
        }
        return u32(datagram, offset + 1, datagram.limit(), "version");
    }

    /**
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @return index of the Destination Connection ID's first byte
     */
    public static int destinationConnectionIdOffset(ByteBuffer datagram, int offset) {
        return isLongHeader(datagram, offset) ? offset + 6 : offset + 1;
    }

    /**
     * The Destination Connection ID's length, checked to lie within the datagram.
     *
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @param shortDcidLength the length to assume for a short header, which does not carry one
     * @return 0 to 255 for a long header (RFC 8999 §5.1), {@code shortDcidLength} for a short one
     */
    public static int destinationConnectionIdLength(ByteBuffer datagram, int offset, int shortDcidLength) {
        int limit = datagram.limit();
        int length;
        int at;
        if (isLongHeader(datagram, offset)) {
            require(offset + 1, 4, limit, "version");
            length = u8(datagram, offset + 5, limit, "destination connection ID length");
            at = offset + 6;
        } else {
            length = shortDcidLength;
            at = offset + 1;
        }
        require(at, length, limit, "destination connection ID");
        return length;
    }

    /**
     * The Destination Connection ID as a value, for looking up a connection.
     *
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @param shortDcidLength the length to assume for a short header
     * @return the connection ID
     * @throws io.quic4j.transport.QuicTransportException if truncated, or longer than 20 bytes (only
     *         possible in a long header of another version; use the offset and length for those)
     */
    public static ConnectionId destinationConnectionId(ByteBuffer datagram, int offset, int shortDcidLength) {
        int length = destinationConnectionIdLength(datagram, offset, shortDcidLength);
        if (length > ConnectionId.MAX_LENGTH) {
            throw malformed("destination connection ID is " + length + " bytes, longer than a QUIC v1/v2 one");
        }
        return ConnectionId.read(datagram, destinationConnectionIdOffset(datagram, offset), length);
    }

    /**
     * Compares the Destination Connection ID with known bytes, without allocating.
     *
     * @param datagram the datagram
     * @param offset index of the packet's first byte
     * @param shortDcidLength the length to assume for a short header
     * @param expected the connection ID bytes to compare with
     * @return whether the packet's Destination Connection ID is exactly {@code expected}
     */
    public static boolean destinationConnectionIdEquals(ByteBuffer datagram, int offset, int shortDcidLength,
            byte[] expected) {
        int length = destinationConnectionIdLength(datagram, offset, shortDcidLength);
        if (length != expected.length) {
            return false;
        }
        int at = destinationConnectionIdOffset(datagram, offset);
        for (int i = 0; i < length; i++) {
            if (datagram.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
