package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Packets that beat their keys are kept within a count and a byte bound (DESIGN.md §5). */
class EarlyPacketsTest {

    @Test
    void keepsAtMostSixteenPackets() {
        EarlyPackets e = new EarlyPackets();
        ByteBuffer d = ByteBuffer.allocate(100);
        for (int i = 0; i < EarlyPackets.MAX_PACKETS; i++) {
            assertThat(e.add(d, 0, 100)).isTrue();
        }
        assertThat(e.add(d, 0, 100)).isFalse();
        assertThat(e.takeAll()).hasSize(EarlyPackets.MAX_PACKETS);
        assertThat(e.isEmpty()).isTrue();
    }

    @Test
    void keepsAtMostTheByteBound() {
        EarlyPackets e = new EarlyPackets();
        ByteBuffer big = ByteBuffer.allocate(20_000);
        assertThat(e.add(big, 0, 20_000)).isTrue();
        assertThat(e.add(big, 0, 20_000)).as("a peer cannot park megabytes before authenticating").isFalse();
        assertThat(e.add(big, 0, 1000)).isTrue();
    }

    @Test
    void keepsCopiesNotViews() {
        EarlyPackets e = new EarlyPackets();
        ByteBuffer d = ByteBuffer.wrap(new byte[]{1, 2, 3, 4});
        e.add(d, 1, 3);
        d.put(1, (byte) 9);
        ByteBuffer kept = e.takeAll()[0];
        assertThat(kept.remaining()).isEqualTo(2);
        assertThat(kept.get(0)).isEqualTo((byte) 2);
    }
}
