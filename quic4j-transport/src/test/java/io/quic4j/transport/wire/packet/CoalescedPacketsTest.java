package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9000 §12.2: a datagram carrying Initial, Handshake and 1-RTT packets splits by their Length fields. */
class CoalescedPacketsTest {
    private static final ConnectionId DCID = ConnectionId.ofHex("0102030405060708");
    private static final ConnectionId SCID = ConnectionId.ofHex("a1a2a3a4");

    static ByteBuffer coalesced(QuicVersion version) {
        ByteBuffer out = ByteBuffer.allocate(1200);
        int pn = LongHeaderPacket.write(out, PacketType.INITIAL, version, DCID, SCID,
                ByteBuffer.wrap(new byte[]{9, 9, 9}), 2, 0, 1);
        out.put(new byte[300]);
        LongHeaderPacket.fillLength(out, pn, 2, out.position());
        pn = LongHeaderPacket.write(out, PacketType.HANDSHAKE, version, DCID, SCID, LongHeaderPacket.NO_TOKEN, 4, 513,
                2);
        out.put(new byte[200]);
        LongHeaderPacket.fillLength(out, pn, 4, out.position());
        ShortHeaderPacket.write(out, DCID, true, false, 70000, 3);
        out.put(new byte[100]);
        return out.flip();
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void splitsInitialHandshakeAndOneRttPackets(QuicVersion version) {
        ByteBuffer datagram = coalesced(version);
        List<Packet> packets = new ArrayList<>();
        int offset = 0;
        while (offset < datagram.limit()) {
            Packet p = PacketParser.parse(datagram, offset, DCID.length());
            assertThat(p.start()).isEqualTo(offset);
            packets.add(p);
            offset = p.end();
        }
        assertThat(offset).isEqualTo(datagram.limit());
        assertThat(datagram.position()).isZero();
        assertThat(packets).hasSize(3);

        LongHeaderPacket initial = (LongHeaderPacket) packets.get(0);
        assertThat(initial.type()).isEqualTo(PacketType.INITIAL);
        assertThat(initial.token()).isEqualTo(ByteBuffer.wrap(new byte[]{9, 9, 9}));
        assertThat(initial.end() - initial.pnOffset()).isEqualTo(301);
        assertThat(initial.unmask(datagram.get(initial.start()), datagram).packetNumber(PacketNumber.NONE)).isZero();

        LongHeaderPacket handshake = (LongHeaderPacket) packets.get(1);
        assertThat(handshake.type()).isEqualTo(PacketType.HANDSHAKE);
        assertThat(handshake.version()).isEqualTo(version);
        assertThat(handshake.source()).isEqualTo(SCID);
        assertThat(handshake.end() - handshake.pnOffset()).isEqualTo(202);
        assertThat(handshake.unmask(datagram.get(handshake.start()), datagram).packetNumber(512)).isEqualTo(513);

        ShortHeaderPacket oneRtt = (ShortHeaderPacket) packets.get(2);
        assertThat(oneRtt.destination()).isEqualTo(DCID);
        assertThat(oneRtt.spin()).isTrue();
        assertThat(oneRtt.end() - oneRtt.pnOffset()).isEqualTo(103);
        assertThat(oneRtt.unmask(datagram.get(oneRtt.start()), datagram).packetNumber(69990)).isEqualTo(70000);

        // RFC 9000 §12.2: every coalesced packet carries the same Destination Connection ID.
        for (Packet p : packets) {
            assertThat(PacketInvariants.destinationConnectionId(datagram, p.start(), DCID.length())).isEqualTo(DCID);
        }
    }
}
