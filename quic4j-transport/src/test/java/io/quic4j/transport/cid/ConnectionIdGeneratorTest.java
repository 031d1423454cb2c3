package io.quic4j.transport.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectionIdGeneratorTest {

    @Test
    void randomIdsHaveTheConfiguredLength() {
        for (int length = 8; length <= 20; length++) {
            ConnectionIdGenerator generator = ConnectionIdGenerator.random(length, new SplittableRandom(length));
            assertThat(generator.length()).isEqualTo(length);
            assertThat(generator.generate().length()).isEqualTo(length);
        }
    }

    /** RFC 9000 §8.1: at least 64 bits of entropy; §17.2: at most 20 bytes. */
    @Test
    void rejectsLengthsOutside8To20() {
        assertThatThrownBy(() -> ConnectionIdGenerator.random(7, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 to 20");
        assertThatThrownBy(() -> ConnectionIdGenerator.random(21, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 to 20");
    }

    /** The simulator replays a run from its seed: the same seed gives the same IDs. */
    @Test
    void sameSeedGivesSameIds() {
        ConnectionIdGenerator a = ConnectionIdGenerator.random(12, new SplittableRandom(42));
        ConnectionIdGenerator b = ConnectionIdGenerator.random(12, new SplittableRandom(42));
        for (int i = 0; i < 10; i++) {
            assertThat(a.generate()).isEqualTo(b.generate());
        }
    }

    /** RFC 9000 §5.1: "the same connection ID MUST NOT be issued more than once on the same connection". */
    @Test
    void randomIdsDoNotRepeat() {
        ConnectionIdGenerator generator = ConnectionIdGenerator.random(8, new SplittableRandom(3));
        Set<ConnectionId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(generator.generate())).isTrue();
        }
    }

    @Test
    void zeroLengthGeneratorAlwaysGivesTheEmptyId() {
        assertThat(ConnectionIdGenerator.zeroLength().length()).isZero();
        assertThat(ConnectionIdGenerator.zeroLength().generate()).isSameAs(ConnectionId.EMPTY);
    }
}
