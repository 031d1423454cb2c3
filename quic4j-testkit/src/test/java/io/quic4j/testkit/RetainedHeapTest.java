package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedHeapTest {
    @Test
    void seesReachableMemoryAndNotGarbage() throws Exception {
        long before = RetainedHeap.measure();
        List<byte[]> held = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            held.add(new byte[1 << 20]);
        }
        long holding = RetainedHeap.measure();
        assertThat(holding - before).as("64 MiB held").isGreaterThan(60L << 20);

        held.clear();
        for (int i = 0; i < 64; i++) {
            byte[] garbage = new byte[1 << 20];
            garbage[0] = 1;
        }
        long after = RetainedHeap.measure();
        assertThat(after - before).as("the same heap once released: " + RetainedHeap.describe(after))
                .isLessThan(4L << 20);
    }

    @Test
    void growthIsAFractionOfTheFirstReading() {
        assertThat(RetainedHeap.growth(100, 110)).isEqualTo(0.10);
        assertThat(RetainedHeap.growth(100, 90)).isEqualTo(-0.10);
        assertThatThrownBy(() -> RetainedHeap.growth(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
