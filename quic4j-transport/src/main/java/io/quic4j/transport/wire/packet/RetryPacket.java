package io.quic4j.transport.wire.packet;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A Retry packet (RFC 9000 §17.2.5): a long header, the Retry Token, and the 16-byte Retry Integrity
 * Tag (RFC 9001 §5.8, RFC 9369 §3.3.3). No Length, no packet number, no protection; it fills the rest
 * of the datagram.
 *
 * <p>The tag is computed and checked by the crypto layer over a pseudo-packet: the original
 * Destination Connection ID followed by this packet's bytes from {@link #start()} up to
 * {@link #tagOffset()}. To send, {@link #writeWithoutTag} writes those bytes and the caller appends
 * the tag, or {@link #write} takes a tag already computed.
 *
 * @param unusedBits the four low bits of the first byte, arbitrary (RFC 9000 §17.2.5), 0 to 15
 * @param version the packet's QUIC version
 * @param destination Destination Connection ID
 * @param source Source Connection ID
 * @param token the Retry Token, a read-only view into the datagram, never empty
 * @param integrityTag the 16-byte Retry Integrity Tag, a read-only view into the datagram
 * @param start index of the first byte in the datagram
 * @param end index past the last byte: the datagram's limit
 */
public record RetryPacket(
        int unusedBits,
        QuicVersion version,
        ConnectionId destination,
        ConnectionId source,
        ByteBuffer token,
        ByteBuffer integrityTag,
        int start,
        int end) implements Packet {

    /** Length of the Retry Integrity Tag (RFC 9001 §5.8): a 128-bit AEAD tag. */
    public static final int TAG_LENGTH = 16;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the unused bits exceed 4 bits, the token is empty or the tag
     *         is not 16 bytes
     */
    public RetryPacket {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        checkFields(unusedBits, token, integrityTag);
    }

    /** @return the index where the Retry Integrity Tag starts; the tag covers {@code [start, tagOffset)} */
    public int tagOffset() {
        return end - TAG_LENGTH;
    }

    /**
     * Writes the Retry packet up to the integrity tag, so the caller can compute the tag over it and
     * append it.
     *
     * @param out advanced past the token
     * @param unusedBits four arbitrary bits for the first byte, 0 to 15
     * @param version the QUIC version; chooses the type code (RFC 9369 §3.2)
     * @param destination the client's Source Connection ID
     * @param source the connection ID the server chose; must differ from the client's Destination
     * @param token the Retry Token, non-empty (its remaining bytes; position unchanged)
     * @return the index of the packet's first byte
     * @throws java.nio.BufferOverflowException if {@code out} has too little room
     */
    public static int writeWithoutTag(ByteBuffer out, int unusedBits, QuicVersion version, ConnectionId destination,
            ConnectionId source, ByteBuffer token) {
        checkFields(unusedBits, token, null);
        int start = out.position();
        out.put((byte) (0xc0 | version.longTypeBits(PacketType.RETRY) << 4 | unusedBits));
        out.putInt(version.wire());
        out.put((byte) destination.length());
        destination.writeTo(out);
        out.put((byte) source.length());
        source.writeTo(out);
        HeaderBytes.putAll(out, token);
        return start;
    }

    /**
     * Writes a whole Retry packet with a tag the caller computed.
     *
     * @param out advanced past the tag
     * @param unusedBits four arbitrary bits for the first byte, 0 to 15
     * @param version the QUIC version
     * @param destination the client's Source Connection ID
     * @param source the connection ID the server chose
     * @param token the Retry Token, non-empty
     * @param integrityTag the 16-byte Retry Integrity Tag (its remaining bytes; position unchanged)
     * @return the index of the packet's first byte
     */
    public static int write(ByteBuffer out, int unusedBits, QuicVersion version, ConnectionId destination,
            ConnectionId source, ByteBuffer token, ByteBuffer integrityTag) {
        checkFields(unusedBits, token, integrityTag);
        int start = writeWithoutTag(out, unusedBits, version, destination, source, token);
        HeaderBytes.putAll(out, integrityTag);
        return start;
    }

    private static void checkFields(int unusedBits, ByteBuffer token, ByteBuffer tag) {
        if (unusedBits < 0 || unusedBits > 0x0f) {
            throw new IllegalArgumentException("Retry unused bits are 4 bits, was " + unusedBits);
        }
        // RFC 9000 §17.2.5.2: "A client MUST discard a Retry packet with a zero-length Retry Token field."
        if (!token.hasRemaining()) {
            throw new IllegalArgumentException("a Retry token must not be empty");
        }
        if (tag != null && tag.remaining() != TAG_LENGTH) {
            throw new IllegalArgumentException("Retry Integrity Tag must be 16 bytes, was " + tag.remaining());
        }
    }
}
