package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The unprotected and protected headers of RFC 9001 Appendix A and RFC 9369 Appendix A. */
class RfcVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ConnectionId CLIENT_DCID = ConnectionId.ofHex("8394c8f03e515708");
    private static final ConnectionId SERVER_SCID = ConnectionId.ofHex("f067a5502a4262b5");

    /** A datagram holding {@code header} followed by filler up to {@code size} bytes. */
    private static ByteBuffer datagram(String header, int size) {
        byte[] h = HEX.parseHex(header);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(h);
        return b.clear();
    }

    /** RFC 9001 A.2 / RFC 9369 A.2: client Initial, DCID 8394c8f03e515708, Length 1182, PN 2 in 4 bytes. */
    @ParameterizedTest
    @CsvSource({
            "V1, c300000001088394c8f03e5157080000449e00000002",
            "V2, d36b3343cf088394c8f03e5157080000449e00000002"})
    void clientInitialHeader(QuicVersion version, String header) {
        ByteBuffer datagram = datagram(header, 18 + 1182);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(datagram, 0, 8);
        assertThat(p.type()).isEqualTo(PacketType.INITIAL);
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.destination()).isEqualTo(CLIENT_DCID);
        assertThat(p.source()).isEqualTo(ConnectionId.EMPTY);
        assertThat(p.token().hasRemaining()).isFalse();
        assertThat(p.pnOffset()).isEqualTo(18);
        assertThat(p.end()).isEqualTo(1200);
        UnmaskedHeader u = p.unmask(datagram.get(0), datagram);
        assertThat(u.packetNumberLength()).isEqualTo(4);
        assertThat(u.packetNumber(PacketNumber.NONE)).isEqualTo(2);
        assertThat(u.payloadOffset()).isEqualTo(22);
        assertThat(u.reservedBits()).isZero();

        ByteBuffer out = ByteBuffer.allocate(1200);
        int pnOffset = LongHeaderPacket.write(out, PacketType.INITIAL, version, CLIENT_DCID, ConnectionId.EMPTY,
                LongHeaderPacket.NO_TOKEN, 2, 2, 4);
        LongHeaderPacket.fillLength(out, pnOffset, 2, pnOffset + 1182);
        assertThat(pnOffset).isEqualTo(18);
        assertThat(HEX.formatHex(out.array(), 0, out.position())).isEqualTo(header);
        assertThat(LongHeaderPacket.headerLength(PacketType.INITIAL, 8, 0, 0, 2, 4)).isEqualTo(22);
    }

    /** RFC 9001 A.3 / RFC 9369 A.3: server Initial, SCID f067a5502a4262b5, Length 117, PN 1 in 2 bytes. */
    @ParameterizedTest
    @CsvSource({
            "V1, c1000000010008f067a5502a4262b50040750001",
            "V2, d16b3343cf0008f067a5502a4262b50040750001"})
    void serverInitialHeader(QuicVersion version, String header) {
        ByteBuffer datagram = datagram(header, 18 + 117);
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(datagram, 0, 8);
        assertThat(p.type()).isEqualTo(PacketType.INITIAL);
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.destination()).isEqualTo(ConnectionId.EMPTY);
        assertThat(p.source()).isEqualTo(SERVER_SCID);
        assertThat(p.pnOffset()).isEqualTo(18);
        assertThat(p.end()).isEqualTo(135);
        UnmaskedHeader u = p.unmask(datagram.get(0), datagram);
        assertThat(u.packetNumberLength()).isEqualTo(2);
        assertThat(u.packetNumber(PacketNumber.NONE)).isEqualTo(1);

        ByteBuffer out = ByteBuffer.allocate(200);
        int pnOffset = LongHeaderPacket.write(out, PacketType.INITIAL, version, ConnectionId.EMPTY, SERVER_SCID,
                LongHeaderPacket.NO_TOKEN, 2, 1, 2);
        LongHeaderPacket.fillLength(out, pnOffset, 2, pnOffset + 117);
        assertThat(HEX.formatHex(out.array(), 0, out.position())).isEqualTo(header);
    }

    /**
     * RFC 9001 A.3 / RFC 9369 A.3: the whole protected server Initial. Stage 1 works on protected bytes;
     * the header after unmasking (the RFCs' mask) reads PN 1.
     */
    @ParameterizedTest
    @CsvSource({
            "V1, cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc42158407dd074ee, 2ec0d8356a",
            "V2, dc6b3343cf0008f067a5502a4262b5004075d92faaf16f05d8a4398c47089698baeea26b91eb761d9b89237bbf87263017915358230035f7fd3945d88965cf17f9af6e16886c61bfc703106fbaf3cb4cfa52382dd16a393e42757507698075b2c984c707f0a0812d8cd5a6881eaf21ceda98f4bd23f6fe1a3e2c43edd9ce7ca84bed8521e2e140, 4dd92e91ea"})
    void protectedServerInitial(QuicVersion version, String packet, String mask) {
        ByteBuffer datagram = ByteBuffer.wrap(HEX.parseHex(packet));
        LongHeaderPacket p = (LongHeaderPacket) PacketParser.parse(datagram, 0, 8);
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.source()).isEqualTo(SERVER_SCID);
        assertThat(p.pnOffset()).isEqualTo(18);
        assertThat(p.end()).isEqualTo(datagram.limit());
        // What the crypto layer does (RFC 9001 §5.4.1), with the RFC's mask.
        byte[] m = HEX.parseHex(mask);
        int first = (datagram.get(0) ^ m[0] & 0x0f) & 0xff;
        UnmaskedHeader u0 = p.unmask(first, datagram);
        for (int i = 0; i < u0.packetNumberLength(); i++) {
            datagram.put(p.pnOffset() + i, (byte) (datagram.get(p.pnOffset() + i) ^ m[1 + i]));
        }
        UnmaskedHeader u = p.unmask(first, datagram);
        assertThat(u.packetNumberLength()).isEqualTo(2);
        assertThat(u.packetNumber(PacketNumber.NONE)).isEqualTo(1);
        u.requireReservedBitsZero();
    }

    /** RFC 9001 A.4 / RFC 9369 A.4: the Retry packet. */
    @ParameterizedTest
    @CsvSource({
            "V1, ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba, 04a265ba2eff4d829058fb3f0f2496ba",
            "V2, cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6, c8646ce8bfe33952d955543665dcc7b6"})
    void retryPacket(QuicVersion version, String packet, String tag) {
        ByteBuffer datagram = ByteBuffer.wrap(HEX.parseHex(packet));
        RetryPacket p = (RetryPacket) PacketParser.parse(datagram, 0, 8);
        assertThat(p.version()).isEqualTo(version);
        assertThat(p.unusedBits()).isEqualTo(0x0f);
        assertThat(p.destination()).isEqualTo(ConnectionId.EMPTY);
        assertThat(p.source()).isEqualTo(SERVER_SCID);
        assertThat(p.token()).isEqualTo(ByteBuffer.wrap("token".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(p.integrityTag()).isEqualTo(ByteBuffer.wrap(HEX.parseHex(tag)));
        assertThat(p.tagOffset()).isEqualTo(datagram.limit() - 16);

        ByteBuffer out = ByteBuffer.allocate(100);
        RetryPacket.write(out, 0x0f, version, ConnectionId.EMPTY, SERVER_SCID, p.token(), p.integrityTag());
        assertThat(HEX.formatHex(out.array(), 0, out.position())).isEqualTo(packet);
    }

    /**
     * RFC 9001 A.5 / RFC 9369 A.5: the ChaCha20 short header packet, empty DCID: unprotected header
     * 4200bff4 (PN 654360564 in 3 bytes), protected packet of 21 bytes.
     */
    @ParameterizedTest
    @CsvSource({
            "4cfe4189655e5cd55c41f69080575d7999c25a5bfb, aefefe7d03",
            "5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba, 97580e32bf"})
    void shortHeaderPacket(String packet, String mask) {
        ByteBuffer datagram = ByteBuffer.wrap(HEX.parseHex(packet));
        ShortHeaderPacket p = (ShortHeaderPacket) PacketParser.parse(datagram, 0, 0);
        assertThat(p.destination()).isEqualTo(ConnectionId.EMPTY);
        assertThat(p.spin()).isFalse();
        assertThat(p.pnOffset()).isEqualTo(1);
        assertThat(p.end()).isEqualTo(21);
        byte[] m = HEX.parseHex(mask);
        int first = (datagram.get(0) ^ m[0] & 0x1f) & 0xff;
        assertThat(first).isEqualTo(0x42);
        for (int i = 0; i < 3; i++) {
            datagram.put(1 + i, (byte) (datagram.get(1 + i) ^ m[1 + i]));
        }
        UnmaskedHeader u = p.unmask(first, datagram);
        assertThat(u.packetNumberLength()).isEqualTo(3);
        assertThat(u.truncatedPacketNumber()).isEqualTo(0xbff4);
        assertThat(u.packetNumber(654360563L)).isEqualTo(654360564L);
        assertThat(u.keyPhase()).isFalse();
        assertThat(u.payloadOffset()).isEqualTo(4);

        ByteBuffer out = ByteBuffer.allocate(4);
        ShortHeaderPacket.write(out, ConnectionId.EMPTY, false, false, 654360564L, 3);
        assertThat(HEX.formatHex(out.array())).isEqualTo("4200bff4");
    }
}
