package io.quic4j.transport.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Writers refuse to produce packets the RFCs forbid; these are caller bugs, not network input. */
class WriterArgumentsTest {
    private static final ConnectionId CID = ConnectionId.ofHex("0102");
    private static final ByteBuffer TOKEN = ByteBuffer.wrap(new byte[]{1});

    @Test
    void longHeaderWriterRefusesInvalidArguments() {
        ByteBuffer out = ByteBuffer.allocate(100);
        assertThatThrownBy(() -> LongHeaderPacket.write(out, PacketType.RETRY, QuicVersion.V1, CID, CID,
                LongHeaderPacket.NO_TOKEN, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V1, CID, CID, TOKEN, 0,
                1)).hasMessageContaining("only Initial packets carry a token");
        assertThatThrownBy(() -> LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V1, CID, CID,
                LongHeaderPacket.NO_TOKEN, 0, 5)).hasMessageContaining("1 to 4");
        assertThatThrownBy(() -> LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V1, CID, CID,
                LongHeaderPacket.NO_TOKEN, 3, 0, 1)).hasMessageContaining("1, 2, 4 or 8");
        assertThat(out.position()).as("nothing written on refusal").isZero();
    }

    /** RFC 9000 §16: a 1-byte Length holds at most 63. */
    @Test
    void fillLengthRefusesLengthsTheReservedFieldCannotHold() {
        ByteBuffer out = ByteBuffer.allocate(200);
        int pnOffset = LongHeaderPacket.write(out, PacketType.HANDSHAKE, QuicVersion.V1, CID, CID,
                LongHeaderPacket.NO_TOKEN, 1, 0, 1);
        LongHeaderPacket.fillLength(out, pnOffset, 1, pnOffset + 63);
        assertThatThrownBy(() -> LongHeaderPacket.fillLength(out, pnOffset, 1, pnOffset + 64))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAndVersionNegotiationWritersRefuseInvalidArguments() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        assertThatThrownBy(() -> RetryPacket.write(out, 0, QuicVersion.V2, CID, CID, LongHeaderPacket.NO_TOKEN,
                ByteBuffer.allocate(16))).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> RetryPacket.write(out, 0, QuicVersion.V2, CID, CID, TOKEN, ByteBuffer.allocate(15)))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> RetryPacket.write(out, 16, QuicVersion.V2, CID, CID, TOKEN, ByteBuffer.allocate(16)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionNegotiationPacket.write(out, 0, ByteBuffer.allocate(0), ByteBuffer.allocate(0)))
                .hasMessageContaining("at least one version");
        assertThatThrownBy(() -> VersionNegotiationPacket.write(out, 0, ByteBuffer.allocate(256),
                ByteBuffer.allocate(0), 1)).hasMessageContaining("at most 255");
        assertThatThrownBy(() -> VersionNegotiationPacket.write(out, 128, ByteBuffer.allocate(0),
                ByteBuffer.allocate(0), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void parserRefusesOutOfRangeArguments() {
        ByteBuffer b = ByteBuffer.allocate(10);
        assertThatThrownBy(() -> PacketParser.parse(b, 11, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketParser.parse(b, 0, 21)).isInstanceOf(IllegalArgumentException.class);
    }
}
