package io.quic4j.transport.wire.packet;

import static io.quic4j.transport.wire.packet.HeaderBytes.malformed;
import static io.quic4j.transport.wire.packet.HeaderBytes.require;
import static io.quic4j.transport.wire.packet.HeaderBytes.u32;
import static io.quic4j.transport.wire.packet.HeaderBytes.u8;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * Stage 1 of packet parsing: reads what header protection leaves in the clear and finds where the
 * packet ends, so the caller can remove header protection and move on to the next coalesced packet.
 *
 * <pre>{@code
 * int offset = datagram.position();
 * while (offset < datagram.limit()) {
 *     Packet packet;
 *     try {
 *         packet = PacketParser.parse(datagram, offset, localConnectionIdLength);
 *     } catch (QuicTransportException e) {
 *         break; // RFC 9000 §12.2: drop the rest of the datagram, keep the packets already processed
 *     }
 *     ... handle packet ...
 *     offset = packet.end();
 * }
 * }</pre>
 *
 * <p>A failure here means the bytes are not a valid packet: drop them (RFC 9000 §5.2, §12.2), never
 * close the connection. Allocation: the record, its {@link ConnectionId}s, and read-only views for a
 * token or a Version Negotiation packet's fields; nothing else.
 */
public final class PacketParser {
    private static final QuicVersion[] VERSIONS = QuicVersion.values();

    private PacketParser() {
    }

    /**
     * Parses the packet that starts at {@code offset}. The datagram's position and limit are not
     * changed; the packet must end by {@code datagram.limit()}.
     *
     * @param datagram the received datagram
     * @param offset absolute index of the packet's first byte
     * @param shortDcidLength length of the connection IDs this endpoint issued, 0 to 20: a short header
     *        does not carry it (RFC 9000 §17.3.1)
     * @return the packet, one of the {@link Packet} records
     * @throws QuicTransportException PROTOCOL_VIOLATION if the bytes are not a valid packet; drop them
     * @throws IllegalArgumentException if {@code offset} or {@code shortDcidLength} is out of range
     */
    public static Packet parse(ByteBuffer datagram, int offset, int shortDcidLength) {
        int limit = datagram.limit();
        if (offset < 0 || offset > limit) {
            throw new IllegalArgumentException("offset " + offset + " is outside the datagram (limit " + limit + ")");
        }
        if (shortDcidLength < 0 || shortDcidLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("short header connection ID length must be 0 to 20, was "
                    + shortDcidLength);
        }
        int first = u8(datagram, offset, limit, "first byte");
        if ((first & 0x80) == 0) {
            return shortHeader(datagram, offset, limit, first, shortDcidLength);
        }
        int version = u32(datagram, offset + 1, limit, "version");
        int dcidLengthAt = offset + 5;
        int dcidLength = u8(datagram, dcidLengthAt, limit, "destination connection ID length");
        require(dcidLengthAt + 1, dcidLength, limit, "destination connection ID");
        int scidLengthAt = dcidLengthAt + 1 + dcidLength;
        int scidLength = u8(datagram, scidLengthAt, limit, "source connection ID length");
        require(scidLengthAt + 1, scidLength, limit, "source connection ID");
        int afterCids = scidLengthAt + 1 + scidLength;

        if (version == VersionNegotiationPacket.VERSION) {
            return versionNegotiation(datagram, offset, limit, first, dcidLengthAt, scidLengthAt, afterCids);
        }
        QuicVersion known = known(version);
        if (known == null) {
            // RFC 8999 §5.1: past the connection IDs, an unknown version's packet is opaque.
            return new UnsupportedVersionPacket(version, HeaderBytes.view(datagram, dcidLengthAt + 1, dcidLength),
                    HeaderBytes.view(datagram, scidLengthAt + 1, scidLength), offset, limit);
        }
        // RFC 9000 §17.2: "Packets containing a zero value for this bit are not valid packets in this
        // version and MUST be discarded."
        if ((first & 0x40) == 0) {
            throw malformed(String.format("long header fixed bit is 0 (first byte 0x%02x)", first));
        }
        // RFC 9000 §17.2: "Endpoints that receive a version 1 long header with a value larger than 20
        // MUST drop the packet." RFC 9369 keeps the rule for v2.
        checkConnectionIdLength(dcidLength, "destination");
        checkConnectionIdLength(scidLength, "source");
        ConnectionId destination = ConnectionId.read(datagram, dcidLengthAt + 1, dcidLength);
        ConnectionId source = ConnectionId.read(datagram, scidLengthAt + 1, scidLength);
        PacketType type = known.longType((first >>> 4) & 0x03);
        if (type == PacketType.RETRY) {
            return retry(datagram, offset, limit, first, known, destination, source, afterCids);
        }
        ByteBuffer token = LongHeaderPacket.NO_TOKEN;
        int lengthAt = afterCids;
        if (type == PacketType.INITIAL) {
            int size = HeaderBytes.varIntSize(datagram, afterCids, limit, "Initial token length");
            long tokenLength = VarInt.get(datagram, afterCids);
            int tokenAt = afterCids + size;
            if (tokenLength > limit - tokenAt) {
                throw malformed("Initial token length " + tokenLength + " exceeds the " + (limit - tokenAt)
                        + " bytes left in the datagram");
            }
            if (tokenLength > 0) {
                token = HeaderBytes.view(datagram, tokenAt, (int) tokenLength);
            }
            lengthAt = tokenAt + (int) tokenLength;
        }
        int size = HeaderBytes.varIntSize(datagram, lengthAt, limit, type + " Length");
        long length = VarInt.get(datagram, lengthAt);
        int pnOffset = lengthAt + size;
        // RFC 9000 §17.2: Length covers the Packet Number (1-4 bytes) and a payload of at least 1 byte.
        if (length < 2) {
            throw malformed(type + " Length " + length + " cannot hold a packet number and a payload");
        }
        if (length > limit - pnOffset) {
            throw malformed(type + " Length " + length + " exceeds the " + (limit - pnOffset)
                    + " bytes left in the datagram");
        }
        return new LongHeaderPacket(type, known, destination, source, token, offset, pnOffset,
                pnOffset + (int) length);
    }

    private static ShortHeaderPacket shortHeader(ByteBuffer datagram, int offset, int limit, int first,
            int dcidLength) {
        // RFC 9000 §17.3.1: "Packets containing a zero value for this bit are not valid packets in this
        // version and MUST be discarded."
        if ((first & 0x40) == 0) {
            throw malformed(String.format("short header fixed bit is 0 (first byte 0x%02x)", first));
        }
        require(offset + 1, dcidLength, limit, "destination connection ID");
        int pnOffset = offset + 1 + dcidLength;
        if (limit - pnOffset < 2) {
            throw malformed("1-RTT packet has " + (limit - pnOffset)
                    + " bytes after its connection ID, too few for a packet number and a payload");
        }
        ConnectionId destination = ConnectionId.read(datagram, offset + 1, dcidLength);
        return new ShortHeaderPacket((first & 0x20) != 0, destination, offset, pnOffset, limit);
    }

    private static VersionNegotiationPacket versionNegotiation(ByteBuffer datagram, int offset, int limit, int first,
            int dcidLengthAt, int scidLengthAt, int afterCids) {
        int listLength = limit - afterCids;
        // RFC 8999 §6: "An endpoint MUST ignore a packet that contains no Supported Version fields or
        // contains a truncated Supported Version value."
        if (listLength == 0) {
            throw malformed("Version Negotiation packet lists no versions");
        }
        if (listLength % 4 != 0) {
            throw malformed("Version Negotiation version list is " + listLength + " bytes, not a multiple of 4");
        }
        int dcidLength = datagram.get(dcidLengthAt) & 0xff;
        int scidLength = datagram.get(scidLengthAt) & 0xff;
        return new VersionNegotiationPacket(first & 0x7f, HeaderBytes.view(datagram, dcidLengthAt + 1, dcidLength),
                HeaderBytes.view(datagram, scidLengthAt + 1, scidLength),
                HeaderBytes.view(datagram, afterCids, listLength), offset, limit);
    }

    private static RetryPacket retry(ByteBuffer datagram, int offset, int limit, int first, QuicVersion version,
            ConnectionId destination, ConnectionId source, int afterCids) {
        int rest = limit - afterCids;
        if (rest < RetryPacket.TAG_LENGTH) {
            throw malformed("Retry packet has " + rest + " bytes after its connection IDs, shorter than the "
                    + RetryPacket.TAG_LENGTH + "-byte Retry Integrity Tag");
        }
        // RFC 9000 §17.2.5.2: "A client MUST discard a Retry packet with a zero-length Retry Token field."
        if (rest == RetryPacket.TAG_LENGTH) {
            throw malformed("Retry packet has an empty Retry Token");
        }
        int tokenLength = rest - RetryPacket.TAG_LENGTH;
        return new RetryPacket(first & 0x0f, version, destination, source,
                HeaderBytes.view(datagram, afterCids, tokenLength),
                HeaderBytes.view(datagram, afterCids + tokenLength, RetryPacket.TAG_LENGTH), offset, limit);
    }

    private static void checkConnectionIdLength(int length, String which) {
        if (length > ConnectionId.MAX_LENGTH) {
            throw malformed(which + " connection ID is " + length + " bytes; QUIC v1 and v2 allow at most 20");
        }
    }

    /** The version for a wire value, without the Optional that {@link QuicVersion#fromWire} allocates. */
    static QuicVersion known(int wire) {
        for (QuicVersion v : VERSIONS) {
            if (v.wire() == wire) {
                return v;
            }
        }
        return null;
    }
}
