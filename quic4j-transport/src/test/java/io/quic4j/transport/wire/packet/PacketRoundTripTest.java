package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Write then parse gives back the same packet, for every header form in both versions, at any offset
 * in the datagram.
 */
class PacketRoundTripTest {

    @Provide
    Arbitrary<PacketType> lengthTypes() {
        return Arbitraries.of(PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE);
    }

    @Provide
    Arbitrary<Integer> lengthSizes() {
        return Arbitraries.of(1, 2, 4, 8);
    }

    /** RFC 9369 §3.2: v2 rotates the long packet type codes; the same bits mean different types. */
    @org.junit.jupiter.api.Test
    void longPacketTypeCodesFollowTheVersion() {
        int[][] expected = {
                // type, v1 first byte, v2 first byte (1-byte packet number, reserved bits 0)
                {0, 0xc0, 0xd0}, {1, 0xd0, 0xe0}, {2, 0xe0, 0xf0}};
        PacketType[] types = {PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE};
        for (int[] row : expected) {
            PacketType type = types[row[0]];
            for (QuicVersion version : QuicVersion.values()) {
                ByteBuffer out = ByteBuffer.allocate(64);
                int pnOffset = LongHeaderPacket.write(out, type, version, ConnectionId.EMPTY, ConnectionId.EMPTY,
                        LongHeaderPacket.NO_TOKEN, 0, 1);
                out.put((byte) 0);
                LongHeaderPacket.fillLength(out, pnOffset, out.position());
                assertThat(out.get(0) & 0xff).isEqualTo(version == QuicVersion.V1 ? row[1] : row[2]);
                assertThat(((LongHeaderPacket) PacketParser.parse(out.flip(), 0, 0)).type()).isEqualTo(type);
            }
        }
        ByteBuffer retry = ByteBuffer.allocate(64);
        RetryPacket.write(retry, 0, QuicVersion.V2, ConnectionId.EMPTY, ConnectionId.EMPTY,
                ByteBuffer.wrap(new byte[1]),
                ByteBuffer.allocate(16));
        assertThat(retry.get(0) & 0xff).isEqualTo(0xc0);
        assertThat(PacketParser.parse(retry.flip(), 0, 0)).isInstanceOf(RetryPacket.class);
    }

    @Property
    void longHeaderPacketsRoundTrip(
            @ForAll("lengthTypes") PacketType type,
            @ForAll QuicVersion version,
            @ForAll @Size(max = 20) byte[] dcid,
            @ForAll @Size(max = 20) byte[] scid,
            @ForAll @Size(max = 100) byte[] token,
            @ForAll("lengthSizes") int lengthSize,
            @ForAll @LongRange(min = 0, max = PacketNumber.MAX) long packetNumber,
            @ForAll @IntRange(min = 1, max = 4) int pnLength,
            @ForAll @IntRange(min = 1, max = 300) int payloadLength,
            @ForAll @IntRange(min = 0, max = 10) int prefix) {
        ByteBuffer tokenBuf = type == PacketType.INITIAL ? ByteBuffer.wrap(token) : LongHeaderPacket.NO_TOKEN;
        int size = Math.max(lengthSize, VarInt.size(pnLength + payloadLength));
        ByteBuffer out = ByteBuffer.allocate(prefix + 500).position(prefix);
        int pnOffset = LongHeaderPacket.write(out, type, version, ConnectionId.of(dcid), ConnectionId.of(scid),
                tokenBuf,
                size, packetNumber, pnLength);
        assertThat(out.position() - prefix).isEqualTo(LongHeaderPacket.headerLength(type, dcid.length, scid.length,
                tokenBuf.remaining(), size, pnLength));
        assertThat(tokenBuf.position()).isZero();
        out.position(out.position() + payloadLength);
        int end = out.position();
        LongHeaderPacket.fillLength(out, pnOffset, size, end);
        out.limit(end + 7); // bytes of a following coalesced packet

        Packet parsed = PacketParser.parse(out, prefix, 0);
        assertThat(parsed).isEqualTo(new LongHeaderPacket(type, version, ConnectionId.of(dcid), ConnectionId.of(scid),
                tokenBuf, prefix, pnOffset, end));
        UnmaskedHeader u = ((LongHeaderPacket) parsed).unmask(out.get(prefix), out);
        assertThat(u.packetNumberLength()).isEqualTo(pnLength);
        assertThat(u.truncatedPacketNumber()).isEqualTo(PacketNumber.truncate(packetNumber, pnLength));
        assertThat(u.packetNumber(packetNumber - 1)).isEqualTo(packetNumber);
        assertThat(u.payloadOffset()).isEqualTo(pnOffset + pnLength);
        assertThat(u.reservedBits()).isZero();
        assertThat(u.keyPhase()).isFalse();
    }

    @Property
    void shortHeaderPacketsRoundTrip(
            @ForAll @Size(max = 20) byte[] dcid,
            @ForAll boolean spin,
            @ForAll boolean keyPhase,
            @ForAll @LongRange(min = 0, max = PacketNumber.MAX) long packetNumber,
            @ForAll @IntRange(min = 1, max = 4) int pnLength,
            @ForAll @IntRange(min = 1, max = 300) int payloadLength,
            @ForAll @IntRange(min = 0, max = 10) int prefix) {
        ByteBuffer out = ByteBuffer.allocate(prefix + 400).position(prefix);
        int pnOffset = ShortHeaderPacket.write(out, ConnectionId.of(dcid), spin, keyPhase, packetNumber, pnLength);
        assertThat(out.position() - prefix).isEqualTo(ShortHeaderPacket.headerLength(dcid.length, pnLength));
        out.limit(out.position() + payloadLength);

        Packet parsed = PacketParser.parse(out, prefix, dcid.length);
        assertThat(parsed).isEqualTo(new ShortHeaderPacket(spin, ConnectionId.of(dcid), prefix, pnOffset, out.limit()));
        UnmaskedHeader u = ((ShortHeaderPacket) parsed).unmask(out.get(prefix), out);
        assertThat(u.packetNumberLength()).isEqualTo(pnLength);
        assertThat(u.keyPhase()).isEqualTo(keyPhase);
        assertThat(u.reservedBits()).isZero();
        assertThat(u.packetNumber(packetNumber - 1)).isEqualTo(packetNumber);
    }

    @Property
    void retryPacketsRoundTrip(
            @ForAll @IntRange(min = 0, max = 15) int unusedBits,
            @ForAll QuicVersion version,
            @ForAll @Size(max = 20) byte[] dcid,
            @ForAll @Size(max = 20) byte[] scid,
            @ForAll @Size(min = 1, max = 200) byte[] token,
            @ForAll @Size(value = 16) byte[] tag,
            @ForAll @IntRange(min = 0, max = 10) int prefix) {
        ByteBuffer out = ByteBuffer.allocate(prefix + 300).position(prefix);
        int start = RetryPacket.write(out, unusedBits, version, ConnectionId.of(dcid), ConnectionId.of(scid),
                ByteBuffer.wrap(token), ByteBuffer.wrap(tag));
        assertThat(start).isEqualTo(prefix);
        out.limit(out.position());

        Packet parsed = PacketParser.parse(out, prefix, 0);
        assertThat(parsed).isEqualTo(new RetryPacket(unusedBits, version, ConnectionId.of(dcid), ConnectionId.of(scid),
                ByteBuffer.wrap(token), ByteBuffer.wrap(tag), prefix, out.limit()));
        assertThat(((RetryPacket) parsed).tagOffset()).isEqualTo(out.limit() - 16);
    }

    @Property
    void versionNegotiationPacketsRoundTrip(
            @ForAll @IntRange(min = 0, max = 127) int unusedBits,
            @ForAll @Size(max = 255) byte[] dcid,
            @ForAll @Size(max = 255) byte[] scid,
            @ForAll @Size(min = 1, max = 10) List<Integer> versions,
            @ForAll @IntRange(min = 0, max = 10) int prefix) {
        int[] list = versions.stream().mapToInt(Integer::intValue).toArray();
        ByteBuffer out = ByteBuffer.allocate(prefix + 600).position(prefix);
        VersionNegotiationPacket.write(out, unusedBits, ByteBuffer.wrap(dcid), ByteBuffer.wrap(scid), list);
        out.limit(out.position());

        ByteBuffer versionBytes = ByteBuffer.allocate(4 * list.length);
        for (int v : list) {
            versionBytes.putInt(v);
        }
        Packet parsed = PacketParser.parse(out, prefix, 0);
        assertThat(parsed).isEqualTo(new VersionNegotiationPacket(unusedBits, ByteBuffer.wrap(dcid),
                ByteBuffer.wrap(scid), versionBytes.flip(), prefix, out.limit()));
        VersionNegotiationPacket vn = (VersionNegotiationPacket) parsed;
        assertThat(vn.versionCount()).isEqualTo(list.length);
        for (int i = 0; i < list.length; i++) {
            assertThat(vn.version(i)).isEqualTo(list[i]);
            assertThat(vn.supports(list[i])).isTrue();
        }
    }
}
