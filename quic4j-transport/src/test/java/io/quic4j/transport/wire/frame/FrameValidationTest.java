package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Records refuse to be built with values that cannot go on the wire: a programming error, not input. */
class FrameValidationTest {
    private static final StatelessResetToken TOKEN = new StatelessResetToken(1, 2);

    @Test
    void rejectsNegativeAndOversizedVarintFields() {
        assertThatThrownBy(() -> new ResetStreamFrame(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("0..2^62-1");
        assertThatThrownBy(() -> new MaxDataFrame(VarInt.MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StopSendingFrame(0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EcnCounts(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckFrame.of(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsStreamCountsPast2To60() {
        assertThatThrownBy(() -> new MaxStreamsFrame(true, (1L << 60) + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^60");
        assertThatThrownBy(() -> new StreamsBlockedFrame(false, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsStreamAndCryptoDataEndingPast2To62() {
        ByteBuffer two = ByteBuffer.allocate(2);
        assertThatThrownBy(() -> new StreamFrame(0, VarInt.MAX - 1, two, false, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^62-1");
        assertThatThrownBy(() -> new CryptoFrame(VarInt.MAX, two)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamFrame(0, 0, null, false, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyNewToken() {
        assertThatThrownBy(() -> new NewTokenFrame(ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsNewConnectionIdWithEmptyCidOrRetirePriorToAboveSequence() {
        assertThatThrownBy(() -> new NewConnectionIdFrame(1, 0, ConnectionId.EMPTY, TOKEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 20");
        assertThatThrownBy(() -> new NewConnectionIdFrame(1, 2, ConnectionId.ofHex("01"), TOKEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retirePriorTo");
        assertThatThrownBy(() -> new NewConnectionIdFrame(1, 0, ConnectionId.ofHex("01"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsApplicationCloseWithFrameTypeAndPaddingOfZeroBytes() {
        assertThatThrownBy(() -> new ConnectionCloseFrame(true, 0, 6, ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1d");
        assertThatThrownBy(() -> new PaddingFrame(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statelessResetTokenIsSixteenBytesComparedByValue() {
        byte[] bytes = new byte[16];
        bytes[15] = 7;
        StatelessResetToken token = StatelessResetToken.of(bytes);
        assertThat(token).isEqualTo(new StatelessResetToken(0, 7)).hasSameHashCodeAs(new StatelessResetToken(0, 7));
        assertThat(token).isNotEqualTo(new StatelessResetToken(0, 6));
        assertThat(token.toBytes()).isEqualTo(bytes);
        assertThat(token.toString()).isEqualTo("00000000000000000000000000000007");
        assertThatThrownBy(() -> StatelessResetToken.of(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    /** Payloads are views: decoding does not copy, and accessors hand out independent read-only views. */
    @Test
    void decodedPayloadsAreReadOnlyViewsOfThePacket() {
        byte[] packet = {0x0b, 0x00, 0x02, 'h', 'i'};
        StreamFrame frame = (StreamFrame) FrameCodec.decode(ByteBuffer.wrap(packet));
        ByteBuffer data = frame.data();
        assertThat(data.isReadOnly()).isTrue();
        data.get();
        assertThat(frame.data().remaining()).as("reading one view does not move the frame's").isEqualTo(2);
        packet[3] = 'H';
        assertThat(frame.data().get(0)).as("shares the packet's memory").isEqualTo((byte) 'H');
    }
}
