package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.engine.TimerHeap.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The heap against a model: a sorted map from deadline to the owners scheduled at it. */
class TimerHeapPropertiesTest {
    /** The model: which entries are scheduled, at which deadline. */
    private static final class Model {
        final NavigableMap<Long, Set<Integer>> byDeadline = new TreeMap<>();
        final Map<Integer, Long> deadlineOf = new HashMap<>();

        void schedule(int owner, long deadline) {
            cancel(owner);
            if (deadline != Long.MAX_VALUE) {
                deadlineOf.put(owner, deadline);
                byDeadline.computeIfAbsent(deadline, d -> new HashSet<>()).add(owner);
            }
        }

        void cancel(int owner) {
            Long old = deadlineOf.remove(owner);
            if (old != null) {
                Set<Integer> owners = byDeadline.get(old);
                owners.remove(owner);
                if (owners.isEmpty()) {
                    byDeadline.remove(old);
                }
            }
        }

        long earliest() {
            return byDeadline.isEmpty() ? Long.MAX_VALUE : byDeadline.firstKey();
        }
    }

    /**
     * Thousands of random schedules, reschedules, cancels and drains over a few hundred entries. After each
     * operation the heap property holds and size, earliest and isScheduled agree with the model; every
     * drain returns exactly the entries due, in non-decreasing deadline order.
     */
    @Property(tries = 200)
    void agreesWithASortedMapModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int owners,
            @ForAll @IntRange(min = 1, max = 1_000_000) int deadlineSpread) {
        SplittableRandom random = new SplittableRandom(seed);
        TimerHeap<Integer> heap = new TimerHeap<>();
        List<Entry<Integer>> entries = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            entries.add(heap.entry(i));
        }
        Model model = new Model();
        long now = 0;
        for (int op = 0; op < 3_000; op++) {
            int owner = random.nextInt(owners);
            Entry<Integer> e = entries.get(owner);
            int kind = random.nextInt(10);
            if (kind < 5) {
                // schedule or move; sometimes into the past, sometimes to "no timer"
                long deadline = random.nextInt(20) == 0
                        ? Long.MAX_VALUE
                        : now - deadlineSpread / 4 + random.nextInt(deadlineSpread);
                heap.schedule(e, deadline);
                model.schedule(owner, deadline);
            } else if (kind < 8) {
                heap.cancel(e);
                model.cancel(owner);
            } else {
                now += random.nextInt(deadlineSpread / 2 + 1);
                Set<Integer> expected = new HashSet<>();
                model.byDeadline.headMap(now, true).values().forEach(expected::addAll);
                Set<Integer> polled = new HashSet<>();
                long last = Long.MIN_VALUE;
                for (Integer o; (o = heap.pollDue(now)) != null;) {
                    long d = model.deadlineOf.get(o);
                    assertThat(d).isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(last)
                            .isEqualTo(model.earliest());
                    assertThat(heap.isScheduled(entries.get(o))).isFalse();
                    last = d;
                    polled.add(o);
                    model.cancel(o);
                }
                assertThat(polled).isEqualTo(expected);
            }
            assertThat(heap.isConsistent()).isTrue();
            assertThat(heap.size()).isEqualTo(model.deadlineOf.size());
            assertThat(heap.earliest()).isEqualTo(model.earliest());
            assertThat(heap.isScheduled(e)).isEqualTo(model.deadlineOf.containsKey(owner));
            assertThat(e.deadline()).isEqualTo(model.deadlineOf.getOrDefault(owner, Long.MAX_VALUE));
        }
    }
}
