package io.quic4j.transport.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuicVersionTest {

    /** RFC 9369 §3.2: the v2 long packet type codes. */
    @Test
    void v2RotatesLongPacketTypes() {
        assertThat(QuicVersion.V2.longTypeBits(PacketType.INITIAL)).isEqualTo(0b01);
        assertThat(QuicVersion.V2.longTypeBits(PacketType.ZERO_RTT)).isEqualTo(0b10);
        assertThat(QuicVersion.V2.longTypeBits(PacketType.HANDSHAKE)).isEqualTo(0b11);
        assertThat(QuicVersion.V2.longTypeBits(PacketType.RETRY)).isEqualTo(0b00);
    }

    @Test
    void longTypeBitsRoundTripInBothVersions() {
        for (QuicVersion v : QuicVersion.values()) {
            for (int bits = 0; bits < 4; bits++) {
                assertThat(v.longTypeBits(v.longType(bits))).isEqualTo(bits);
            }
        }
        assertThat(QuicVersion.V1.longType(0)).isEqualTo(PacketType.INITIAL);
        assertThat(QuicVersion.fromWire(0x6b3343cf)).contains(QuicVersion.V2);
        assertThat(QuicVersion.fromWire(0xff00001d)).isEmpty();
    }
}
