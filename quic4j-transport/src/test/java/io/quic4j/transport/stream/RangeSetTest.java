package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The range set behind acknowledged and lost ranges agrees with a bit-per-offset model. */
class RangeSetTest {
    @Property
    void agreesWithABitSetModel(@ForAll long seed) {
        Random r = new Random(seed);
        RangeSet set = new RangeSet();
        BitSet model = new BitSet();
        for (int i = 0; i < 200; i++) {
            int start = r.nextInt(500);
            int end = start + r.nextInt(60);
            switch (r.nextInt(3)) {
                case 0 -> {
                    set.add(start, end);
                    model.set(start, end);
                }
                case 1 -> {
                    set.remove(start, end);
                    model.clear(start, end);
                }
                default -> {
                    RangeSet missing = new RangeSet();
                    set.addMissingTo(missing, start, end);
                    BitSet expected = new BitSet();
                    expected.set(start, end);
                    expected.andNot(model);
                    assertThat(toBits(missing)).isEqualTo(expected);
                }
            }
            assertThat(toBits(set)).isEqualTo(model);
            assertThat(set.size()).isEqualTo(model.cardinality());
        }
    }

    private static BitSet toBits(RangeSet set) {
        BitSet bits = new BitSet();
        long previousEnd = -1;
        RangeSet copy = new RangeSet();
        Map.Entry<Long, Long> e;
        while ((e = set.first()) != null) {
            // Ranges are disjoint and not adjacent: each starts after the previous one's end.
            assertThat(e.getKey()).isGreaterThan(previousEnd);
            bits.set(e.getKey().intValue(), e.getValue().intValue());
            copy.add(e.getKey(), e.getValue());
            previousEnd = e.getValue();
            set.remove(e.getKey(), e.getValue());
        }
        Map.Entry<Long, Long> c;
        while ((c = copy.first()) != null) {
            set.add(c.getKey(), c.getValue());
            copy.remove(c.getKey(), c.getValue());
        }
        return bits;
    }
}
