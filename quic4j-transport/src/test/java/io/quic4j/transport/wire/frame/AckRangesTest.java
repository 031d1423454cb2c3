package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ACK ranges as loss recovery will use them (RFC 9000 §19.3.1). */
class AckRangesTest {

    @Test
    void exposesRangesHighestFirstByIndexAndIteration() {
        AckRanges ranges = AckRanges.builder().add(8, 10).add(3, 5).add(0, 0).build();
        assertThat(ranges.size()).isEqualTo(3);
        assertThat(ranges.largest()).isEqualTo(10);
        assertThat(ranges.smallest()).isZero();
        assertThat(ranges.smallest(1)).isEqualTo(3);
        assertThat(ranges.largest(1)).isEqualTo(5);
        List<AckRange> list = new ArrayList<>();
        ranges.forEach(list::add);
        assertThat(list).containsExactly(new AckRange(8, 10), new AckRange(3, 5), new AckRange(0, 0));
        assertThat(ranges.toArray()).containsExactly(8, 10, 3, 5, 0, 0);
        assertThat(ranges).isEqualTo(AckRanges.of(8, 10, 3, 5, 0, 0));
        assertThat(ranges.toString()).isEqualTo("[8-10, 3-5, 0-0]");
    }

    @Test
    void rejectsRangesThatAreAscendingOverlappingOrAdjacent() {
        assertThatThrownBy(() -> AckRanges.of(3, 5, 8, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descending");
        assertThatThrownBy(() -> AckRanges.of(8, 10, 5, 8)).isInstanceOf(IllegalArgumentException.class);
        // 6-7 directly below 8-10 leaves no gap: it has to be merged into 6-10
        assertThatThrownBy(() -> AckRanges.builder().add(8, 10).add(6, 7)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of(5, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smallest");
        assertThatThrownBy(() -> AckRanges.of(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of(1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    /** Any set of packet numbers, turned into ranges, is acknowledged exactly: contains() agrees with the set. */
    @Property
    void containsExactlyThePacketsOfTheRanges(
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 200) Long> packets) {
        TreeSet<Long> set = new TreeSet<>(packets);
        AckRanges.Builder builder = AckRanges.builder();
        Long high = null;
        Long low = null;
        for (long pn : set.descendingSet()) {
            if (high == null) {
                high = pn;
            } else if (pn != low - 1) {
                builder.add(low, high);
                high = pn;
            }
            low = pn;
        }
        builder.add(low, high);
        AckRanges ranges = builder.build();
        for (long pn = -1; pn <= 201; pn++) {
            assertThat(ranges.contains(pn)).as("packet %d", pn).isEqualTo(set.contains(pn));
        }
        long total = 0;
        for (AckRange range : ranges) {
            total += range.count();
        }
        assertThat(total).isEqualTo(set.size());
        assertThat(ranges.largest()).isEqualTo(set.last());
        assertThat(ranges.smallest()).isEqualTo(set.first());
    }
}
