package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per malformed-input rule of RFC 9000 §17 / RFC 8999; each raises PROTOCOL_VIOLATION. */
class MalformedPacketTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ConnectionId DCID = ConnectionId.ofHex("8394c8f03e515708");
    private static final ConnectionId SCID = ConnectionId.ofHex("f067a5502a4262b5");

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes, int shortDcidLength,
            String messagePart) {
        return assertThatThrownBy(() -> PacketParser.parse(ByteBuffer.wrap(bytes), 0, shortDcidLength))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION))
                .hasMessageContaining(messagePart);
    }

    private static byte[] handshake(QuicVersion version, int payload) {
        ByteBuffer out = ByteBuffer.allocate(64 + payload);
        int pnOffset = LongHeaderPacket.write(out, PacketType.HANDSHAKE, version, DCID, SCID, LongHeaderPacket.NO_TOKEN,
                2, 7, 1);
        out.position(out.position() + payload);
        LongHeaderPacket.fillLength(out, pnOffset, 2, out.position());
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** RFC 9000 §17.3.1: a short header with a zero fixed bit MUST be discarded. */
    @Test
    void rejectsShortHeaderWithFixedBitZero() {
        assertRejected(HEX.parseHex("0200bff40101"), 0, "fixed bit is 0");
    }

    /** RFC 9000 §17.2: a v1/v2 long header with a zero fixed bit MUST be discarded. */
    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void rejectsLongHeaderWithFixedBitZero(QuicVersion version) {
        byte[] packet = handshake(version, 20);
        packet[0] &= (byte) ~0x40;
        assertRejected(packet, 0, "fixed bit is 0");
    }

    /** RFC 9000 §17.2: a Destination Connection ID longer than 20 bytes in v1/v2 MUST be dropped. */
    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void rejectsDestinationConnectionIdOver20Bytes(QuicVersion version) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.put((byte) (0xc0 | version.longTypeBits(PacketType.HANDSHAKE) << 4)).putInt(version.wire());
        b.put((byte) 21).put(new byte[21]).put((byte) 0).put((byte) 0x05).put(new byte[5]);
        assertRejected(java.util.Arrays.copyOf(b.array(), b.position()), 0, "destination connection ID is 21 bytes");
    }

    /** RFC 9000 §17.2: likewise for the Source Connection ID. */
    @Test
    void rejectsSourceConnectionIdOver20Bytes() {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.put((byte) 0xe0).putInt(1).put((byte) 0).put((byte) 21).put(new byte[21]).put((byte) 0x05).put(new byte[5]);
        assertRejected(java.util.Arrays.copyOf(b.array(), b.position()), 0, "source connection ID is 21 bytes");
    }

    /** RFC 8999 §5.1 / §6: Version Negotiation carries connection IDs of up to 255 bytes; they parse. */
    @Test
    void acceptsLongConnectionIdsInVersionNegotiation() {
        ByteBuffer out = ByteBuffer.allocate(600);
        VersionNegotiationPacket.write(out, 0x40, ByteBuffer.allocate(255), ByteBuffer.allocate(200), 1);
        VersionNegotiationPacket p = (VersionNegotiationPacket) PacketParser.parse(out.flip(), 0, 0);
        assertThat(p.destination().remaining()).isEqualTo(255);
        assertThat(p.source().remaining()).isEqualTo(200);
        assertThat(p.supports(1)).isTrue();
    }

    /** RFC 9000 §17.2: Length covers the Packet Number (at least 1 byte) and a payload (at least 1 byte). */
    @Test
    void rejectsLengthTooSmallForPacketNumberAndPayload() {
        byte[] packet = handshake(QuicVersion.V1, 10);
        ByteBuffer b = ByteBuffer.wrap(packet);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(b, 0, 0);
        LongHeaderPacket.fillLength(b, p.pnOffset(), 2, p.pnOffset() + 1);
        assertRejected(packet, 0, "Length 1 cannot hold a packet number and a payload");
        LongHeaderPacket.fillLength(b, p.pnOffset(), 2, p.pnOffset());
        assertRejected(packet, 0, "Length 0 cannot hold");
    }

    /** RFC 9000 §12.2 / §17.2: Length must not run past the datagram. */
    @Test
    void rejectsLengthBeyondDatagram() {
        byte[] packet = handshake(QuicVersion.V2, 10);
        ByteBuffer b = ByteBuffer.wrap(packet);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(b, 0, 0);
        LongHeaderPacket.fillLength(b, p.pnOffset(), 2, packet.length + 1);
        assertRejected(packet, 0, "Length 12 exceeds the 11 bytes left");
    }

    /** RFC 9000 §17.2.2: the Token must fit in the datagram. */
    @Test
    void rejectsInitialTokenLongerThanDatagram() {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.put((byte) 0xc0).putInt(1).put((byte) 0).put((byte) 0);
        b.put((byte) 0x40).put((byte) 50).put(new byte[20]); // token length 50, 20 bytes left
        assertRejected(java.util.Arrays.copyOf(b.array(), b.position()), 0,
                "Initial token length 50 exceeds the 20 bytes left");
        // A token length near 2^62 must not overflow into a negative int.
        ByteBuffer huge = ByteBuffer.allocate(100);
        huge.put((byte) 0xc0).putInt(1).put((byte) 0).put((byte) 0).putLong(0xffff_ffff_ffff_fff0L).put(new byte[9]);
        assertRejected(java.util.Arrays.copyOf(huge.array(), huge.position()), 0, "Initial token length");
    }

    /** RFC 9000 §17.2.5: a Retry ends with a 16-byte Retry Integrity Tag. */
    @Test
    void rejectsRetryShorterThanIntegrityTag() {
        assertRejected(HEX.parseHex("f0000000010008f067a5502a4262b5" + "00".repeat(15)), 0,
                "shorter than the 16-byte Retry Integrity Tag");
    }

    /** RFC 9000 §17.2.5.2: "A client MUST discard a Retry packet with a zero-length Retry Token field." */
    @Test
    void rejectsRetryWithEmptyToken() {
        assertRejected(HEX.parseHex("f0000000010008f067a5502a4262b5" + "00".repeat(16)), 0, "empty Retry Token");
    }

    /** RFC 8999 §6: a truncated Supported Version makes the packet ignored. */
    @Test
    void rejectsVersionListNotMultipleOfFour() {
        assertRejected(HEX.parseHex("c0000000000000" + "00000001" + "6b33"), 0, "not a multiple of 4");
    }

    /** RFC 8999 §6: a Version Negotiation packet without Supported Version fields is ignored. */
    @Test
    void rejectsVersionNegotiationWithoutVersions() {
        assertRejected(HEX.parseHex("c0000000000000"), 0, "lists no versions");
    }

    /** Truncation inside any header field of any form is rejected, never an IndexOutOfBounds. */
    @Test
    void rejectsTruncationInEveryHeaderField() {
        ByteBuffer out = ByteBuffer.allocate(200);
        int pnOffset = LongHeaderPacket.write(out, PacketType.INITIAL, QuicVersion.V1, DCID, SCID,
                ByteBuffer.wrap(new byte[]{1, 2, 3}), 2, 0, 4);
        out.put(new byte[20]);
        LongHeaderPacket.fillLength(out, pnOffset, 2, out.position());
        byte[] initial = java.util.Arrays.copyOf(out.array(), out.position());
        for (int cut = 0; cut < initial.length; cut++) {
            assertRejected(java.util.Arrays.copyOf(initial, cut), 0, "");
        }
        byte[] shortHeader = HEX.parseHex("41" + "8394c8f03e515708" + "0001");
        for (int cut = 0; cut < shortHeader.length; cut++) {
            assertRejected(java.util.Arrays.copyOf(shortHeader, cut), 8, "");
        }
        byte[] retry = HEX.parseHex("ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba");
        for (int cut = 0; cut < 15 + 17; cut++) {
            assertRejected(java.util.Arrays.copyOf(retry, cut), 0, "");
        }
        byte[] vn = HEX.parseHex("c0000000000408394c8f0400000001");
        for (int cut = 0; cut < vn.length; cut++) {
            assertRejected(java.util.Arrays.copyOf(vn, cut), 0, "");
        }
    }

    /** RFC 9000 §17.3.1: the short header's DCID, whose length the receiver knows, must be present. */
    @Test
    void rejectsShortHeaderCutInsideConnectionId() {
        assertRejected(HEX.parseHex("418394c8"), 8, "truncated in destination connection ID");
    }

    /** Stage 2: the unmasked Packet Number Length must leave at least a byte of payload inside Length. */
    @Test
    void rejectsPacketNumberLengthLeavingNoPayload() {
        byte[] packet = handshake(QuicVersion.V1, 2); // PN (1 byte) + 2 payload bytes: Length 3
        ByteBuffer b = ByteBuffer.wrap(packet);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(b, 0, 0);
        assertThat(p.unmask(packet[0] & 0xf0 | 0x01, b).packetNumberLength()).isEqualTo(2);
        assertThatThrownBy(() -> p.unmask(packet[0] & 0xf0 | 0x02, b))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION))
                .hasMessageContaining("3-byte packet number leaves no payload");
    }

    /** RFC 9000 §17.2: non-zero long-header reserved bits after removing protection: PROTOCOL_VIOLATION. */
    @Test
    void rejectsLongHeaderReservedBitsAfterUnprotection() {
        byte[] packet = handshake(QuicVersion.V2, 20);
        ByteBuffer b = ByteBuffer.wrap(packet);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(b, 0, 0);
        for (int reserved : new int[]{0x04, 0x08, 0x0c}) {
            UnmaskedHeader u = p.unmask(packet[0] | reserved, b);
            assertThat(u.packetNumberLength()).isEqualTo(1);
            assertThatThrownBy(u::requireReservedBitsZero)
                    .isInstanceOfSatisfying(QuicTransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION))
                    .hasMessageContaining("reserved bits");
        }
        p.unmask(packet[0], b).requireReservedBitsZero();
    }

    /** RFC 9000 §17.3.1: non-zero short-header reserved bits after removing protection: PROTOCOL_VIOLATION. */
    @Test
    void rejectsShortHeaderReservedBitsAfterUnprotection() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("40" + "8394c8f03e515708" + "07" + "0000"));
        ShortHeaderPacket p = (ShortHeaderPacket) PacketParser.parse(b, 0, 8);
        for (int reserved : new int[]{0x08, 0x10, 0x18}) {
            UnmaskedHeader u = p.unmask(0x44 | reserved, b);
            assertThat(u.keyPhase()).isTrue();
            assertThatThrownBy(u::requireReservedBitsZero)
                    .isInstanceOfSatisfying(QuicTransportException.class,
                            e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        }
        p.unmask(0x44, b).requireReservedBitsZero();
    }

    /** The caller's unmasked first byte must only differ in the bits header protection covers. */
    @Test
    void refusesUnmaskedFirstByteThatChangesUnprotectedBits() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("40" + "07" + "0000"));
        ShortHeaderPacket p = (ShortHeaderPacket) PacketParser.parse(b, 0, 0);
        assertThatThrownBy(() -> p.unmask(0x60, b)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8999 §5.1: an unknown version parses as far as the invariants, fixed bit or not. */
    @Test
    void parsesUnknownVersionByInvariantsOnly() {
        ByteBuffer b = ByteBuffer
                .wrap(HEX.parseHex("80" + "1a2a3a4a" + "19" + "00".repeat(25) + "02" + "abcd" + "ffff"));
        UnsupportedVersionPacket p = (UnsupportedVersionPacket) PacketParser.parse(b, 0, 0);
        assertThat(p.version()).isEqualTo(0x1a2a3a4a);
        assertThat(p.destination().remaining()).isEqualTo(25);
        assertThat(p.source()).isEqualTo(ByteBuffer.wrap(HEX.parseHex("abcd")));
        assertThat(p.end()).isEqualTo(b.limit());
        assertThat(PacketInvariants.version(b, 0)).isEqualTo(0x1a2a3a4a);
    }
}
