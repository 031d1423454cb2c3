package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.engine.TimerHeap.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerHeapTest {
    private final TimerHeap<String> heap = new TimerHeap<>();

    private List<String> drain(long now) {
        List<String> out = new ArrayList<>();
        for (String s; (s = heap.pollDue(now)) != null;) {
            out.add(s);
        }
        return out;
    }

    @Test
    void emptyHeapHasNoEarliestAndNothingDue() {
        assertThat(heap.earliest()).isEqualTo(Long.MAX_VALUE);
        assertThat(heap.pollDue(Long.MAX_VALUE)).isNull();
        assertThat(heap.size()).isZero();
    }

    @Test
    void newEntryIsUnscheduled() {
        Entry<String> a = heap.entry("a");
        assertThat(heap.isScheduled(a)).isFalse();
        assertThat(a.deadline()).isEqualTo(TimerHeap.NONE);
        assertThat(a.owner()).isEqualTo("a");
    }

    @Test
    void pollDueReturnsOwnersInDeadlineOrderUpToNow() {
        heap.schedule(heap.entry("c"), 30);
        heap.schedule(heap.entry("a"), 10);
        heap.schedule(heap.entry("b"), 20);
        heap.schedule(heap.entry("d"), 40);
        assertThat(heap.earliest()).isEqualTo(10);
        assertThat(drain(30)).containsExactly("a", "b", "c");
        assertThat(heap.size()).isEqualTo(1);
        assertThat(heap.earliest()).isEqualTo(40);
    }

    @Test
    void nothingIsDueBeforeTheEarliestDeadline() {
        heap.schedule(heap.entry("a"), 100);
        assertThat(heap.pollDue(99)).isNull();
        assertThat(heap.pollDue(100)).isEqualTo("a");
    }

    @Test
    void polledEntryIsUnscheduledAndCanBeScheduledAgain() {
        Entry<String> a = heap.entry("a");
        heap.schedule(a, 5);
        assertThat(heap.pollDue(5)).isEqualTo("a");
        assertThat(heap.isScheduled(a)).isFalse();
        assertThat(a.deadline()).isEqualTo(TimerHeap.NONE);
        heap.schedule(a, 7);
        assertThat(heap.earliest()).isEqualTo(7);
    }

    @Test
    void reschedulingEarlierMovesTheEntryToTheFront() {
        Entry<String> a = heap.entry("a");
        heap.schedule(heap.entry("b"), 20);
        heap.schedule(a, 50);
        heap.schedule(a, 10);
        assertThat(heap.size()).isEqualTo(2);
        assertThat(drain(100)).containsExactly("a", "b");
    }

    @Test
    void reschedulingLaterMovesTheEntryBack() {
        Entry<String> a = heap.entry("a");
        heap.schedule(a, 10);
        heap.schedule(heap.entry("b"), 20);
        heap.schedule(a, 30);
        assertThat(heap.earliest()).isEqualTo(20);
        assertThat(drain(100)).containsExactly("b", "a");
    }

    @Test
    void schedulingAtMaxValueRemovesTheEntry() {
        Entry<String> a = heap.entry("a");
        heap.schedule(a, 10);
        heap.schedule(a, Long.MAX_VALUE);
        assertThat(heap.isScheduled(a)).isFalse();
        assertThat(heap.size()).isZero();
        heap.schedule(heap.entry("b"), Long.MAX_VALUE);
        assertThat(heap.size()).isZero();
    }

    @Test
    void cancelIsIdempotent() {
        Entry<String> a = heap.entry("a");
        heap.schedule(a, 10);
        heap.schedule(heap.entry("b"), 20);
        heap.cancel(a);
        heap.cancel(a);
        heap.cancel(heap.entry("never scheduled"));
        assertThat(heap.size()).isEqualTo(1);
        assertThat(heap.isConsistent()).isTrue();
        assertThat(drain(100)).containsExactly("b");
    }

    @Test
    void cancelFromTheMiddleKeepsTheHeapOrdered() {
        List<Entry<String>> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Entry<String> e = heap.entry("e" + i);
            entries.add(e);
            heap.schedule(e, (i * 37L) % 101);
        }
        for (int i = 0; i < 100; i += 3) {
            heap.cancel(entries.get(i));
        }
        assertThat(heap.isConsistent()).isTrue();
        assertThat(heap.size()).isEqualTo(66);
        long last = Long.MIN_VALUE;
        for (String s; (s = heap.pollDue(Long.MAX_VALUE - 1)) != null;) {
            long d = (Integer.parseInt(s.substring(1)) * 37L) % 101;
            assertThat(d).isGreaterThanOrEqualTo(last);
            last = d;
        }
        assertThat(heap.size()).isZero();
    }

    @Test
    void growsPastItsInitialCapacity() {
        for (int i = 10_000; i > 0; i--) {
            heap.schedule(heap.entry("e" + i), i);
        }
        assertThat(heap.size()).isEqualTo(10_000);
        assertThat(heap.isConsistent()).isTrue();
        assertThat(heap.pollDue(1)).isEqualTo("e1");
    }

    @Test
    void negativeDeadlinesOrderBeforePositiveOnes() {
        // System.nanoTime() may be negative; only differences matter, and Long.MIN_VALUE is a valid time.
        heap.schedule(heap.entry("b"), 0);
        heap.schedule(heap.entry("a"), Long.MIN_VALUE);
        assertThat(drain(0)).containsExactly("a", "b");
    }

    @Test
    void rejectsAnEntryOfAnotherHeap() {
        Entry<String> foreign = new TimerHeap<String>().entry("x");
        assertThatThrownBy(() -> heap.schedule(foreign, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another TimerHeap");
        assertThatThrownBy(() -> heap.cancel(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> heap.isScheduled(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsANullOwner() {
        assertThatThrownBy(() -> heap.entry(null)).isInstanceOf(NullPointerException.class);
    }
}
