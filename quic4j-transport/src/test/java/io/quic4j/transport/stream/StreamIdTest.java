package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 9000 §2.1: stream ID bits (Table 1). */
class StreamIdTest {
    @Test
    void lowTwoBitsAreInitiatorAndDirectionAsTable1() {
        // 0x00 client bidi, 0x01 server bidi, 0x02 client uni, 0x03 server uni
        assertThat(StreamId.of(0, true, true)).isEqualTo(0);
        assertThat(StreamId.of(0, false, true)).isEqualTo(1);
        assertThat(StreamId.of(0, true, false)).isEqualTo(2);
        assertThat(StreamId.of(0, false, false)).isEqualTo(3);
        assertThat(StreamId.of(5, false, false)).isEqualTo(23);
        assertThat(StreamId.index(23)).isEqualTo(5);
        assertThat(StreamId.isClientInitiated(22)).isTrue();
        assertThat(StreamId.isBidirectional(22)).isFalse();
    }

    @Test
    void directionDecidesWhoMaySendAndReceive() {
        long clientUni = StreamId.of(1, true, false);
        assertThat(StreamId.canSend(clientUni, true)).isTrue();
        assertThat(StreamId.canReceive(clientUni, true)).isFalse();
        assertThat(StreamId.canSend(clientUni, false)).isFalse();
        assertThat(StreamId.canReceive(clientUni, false)).isTrue();
        long serverBidi = StreamId.of(1, false, true);
        assertThat(StreamId.canSend(serverBidi, true)).isTrue();
        assertThat(StreamId.canReceive(serverBidi, true)).isTrue();
        assertThat(StreamId.isLocal(serverBidi, false)).isTrue();
        assertThat(StreamId.isLocal(serverBidi, true)).isFalse();
    }

    @Test
    void rejectsIndexBeyond2To60() {
        assertThatThrownBy(() -> StreamId.of(1L << 60, true, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StreamId.of((1L << 60) - 1, false, false)).isEqualTo(StreamId.MAX);
        assertThat(StreamId.isValid(StreamId.MAX)).isTrue();
        assertThat(StreamId.isValid(StreamId.MAX + 1)).isFalse();
        assertThat(StreamId.isValid(-1)).isFalse();
    }
}
