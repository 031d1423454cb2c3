package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 8999 §5: routing reads that work for any version, before parsing. */
class PacketInvariantsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readsDestinationConnectionIdOfLongHeader() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("c300000001088394c8f03e5157080000449e00000002"));
        assertThat(PacketInvariants.isLongHeader(b, 0)).isTrue();
        assertThat(PacketInvariants.version(b, 0)).isEqualTo(QuicVersion.V1.wire());
        assertThat(PacketInvariants.destinationConnectionIdOffset(b, 0)).isEqualTo(6);
        assertThat(PacketInvariants.destinationConnectionIdLength(b, 0, 4)).isEqualTo(8);
        assertThat(PacketInvariants.destinationConnectionId(b, 0, 4)).isEqualTo(ConnectionId.ofHex("8394c8f03e515708"));
        assertThat(PacketInvariants.destinationConnectionIdEquals(b, 0, 4, HEX.parseHex("8394c8f03e515708"))).isTrue();
        assertThat(PacketInvariants.destinationConnectionIdEquals(b, 0, 4, HEX.parseHex("8394c8f03e515709"))).isFalse();
        assertThat(PacketInvariants.destinationConnectionIdEquals(b, 0, 4, HEX.parseHex("8394c8f03e5157"))).isFalse();
        assertThat(b.position()).isZero();
    }

    @Test
    void readsDestinationConnectionIdOfShortHeaderWithCallersLength() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("ff" + "41a1a2a3a4" + "00"));
        assertThat(PacketInvariants.isLongHeader(b, 1)).isFalse();
        assertThat(PacketInvariants.destinationConnectionIdOffset(b, 1)).isEqualTo(2);
        assertThat(PacketInvariants.destinationConnectionId(b, 1, 4)).isEqualTo(ConnectionId.ofHex("a1a2a3a4"));
        assertThat(PacketInvariants.destinationConnectionIdEquals(b, 1, 4, HEX.parseHex("a1a2a3a4"))).isTrue();
        assertThatThrownBy(() -> PacketInvariants.version(b, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8999 §5.4: any version is readable, so an unknown one can trigger Version Negotiation. */
    @Test
    void readsUnknownVersionAndLongConnectionIds() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("8aff00001d" + "21" + "00".repeat(33) + "00"));
        assertThat(PacketInvariants.version(b, 0)).isEqualTo(0xff00001d);
        assertThat(PacketInvariants.destinationConnectionIdLength(b, 0, 0)).isEqualTo(33);
        assertThatThrownBy(() -> PacketInvariants.destinationConnectionId(b, 0, 0))
                .isInstanceOf(QuicTransportException.class);
    }

    @Test
    void rejectsTruncatedConnectionId() {
        ByteBuffer b = ByteBuffer.wrap(HEX.parseHex("c00000000108839400"));
        assertThatThrownBy(() -> PacketInvariants.destinationConnectionIdLength(b, 0, 0))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        assertThatThrownBy(() -> PacketInvariants.isLongHeader(ByteBuffer.allocate(0), 0))
                .isInstanceOf(QuicTransportException.class);
        assertThatThrownBy(() -> PacketInvariants.destinationConnectionId(ByteBuffer.wrap(new byte[]{0x40, 1}), 0, 4))
                .isInstanceOf(QuicTransportException.class);
    }
}
