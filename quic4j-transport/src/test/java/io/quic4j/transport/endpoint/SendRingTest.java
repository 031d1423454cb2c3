package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The endpoint's send order: round-robin that survives removals, O(1) add and remove. */
class SendRingTest {
    /** Compared by identity, like connections. */
    private static final class Item {
        final int id;

        Item(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "#" + id;
        }
    }

    private static List<Item> items(int n) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Item(i));
        }
        return out;
    }

    private static List<Item> take(SendRing<Item> ring, int n) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ring.next());
        }
        return out;
    }

    @Test
    void servesEachInTurnAndNewcomersAfterEveryoneAlreadyThere() {
        List<Item> it = items(5);
        SendRing<Item> ring = new SendRing<>();
        for (int i = 0; i < 4; i++) {
            ring.add(it.get(i));
        }
        assertThat(take(ring, 2)).containsExactly(it.get(0), it.get(1));
        ring.add(it.get(4));
        // The newcomer's first turn comes after the next turn of each already there (0 and 1 included).
        assertThat(take(ring, 5)).containsExactly(it.get(2), it.get(3), it.get(0), it.get(1), it.get(4));
    }

    @Test
    void removalsMidRoundSkipNobodyAndServeNobodyTwice() {
        List<Item> it = items(6);
        SendRing<Item> ring = new SendRing<>();
        it.forEach(ring::add);
        assertThat(take(ring, 2)).containsExactly(it.get(0), it.get(1));
        // Two already served this round close (one of them the one just served), and one still waiting.
        // An index into a list would now point one past the next (2) and skip it.
        ring.remove(it.get(0));
        ring.remove(it.get(1));
        ring.remove(it.get(4));
        assertThat(take(ring, 3)).containsExactly(it.get(2), it.get(3), it.get(5));
        assertThat(take(ring, 3)).as("the next round").containsExactly(it.get(2), it.get(3), it.get(5));
    }

    @Test
    void removingTheOneWhoseTurnItIsHandsTheTurnToItsSuccessor() {
        List<Item> it = items(3);
        SendRing<Item> ring = new SendRing<>();
        it.forEach(ring::add);
        assertThat(ring.next()).isSameAs(it.get(0));
        ring.remove(it.get(1));
        assertThat(take(ring, 3)).containsExactly(it.get(2), it.get(0), it.get(2));
    }

    @Test
    void emptiesAndRefills() {
        List<Item> it = items(2);
        SendRing<Item> ring = new SendRing<>();
        assertThat(ring.next()).isNull();
        ring.add(it.get(0));
        assertThat(ring.add(it.get(0))).as("no duplicates").isFalse();
        assertThat(ring.remove(it.get(0))).isTrue();
        assertThat(ring.remove(it.get(0))).isFalse();
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.next()).isNull();
        assertThat(ring.snapshot()).isEmpty();
        ring.add(it.get(1));
        assertThat(take(ring, 2)).containsExactly(it.get(1), it.get(1));
    }

    @Test
    void snapshotAndWalkStartAtTheNextToServe() {
        List<Item> it = items(4);
        SendRing<Item> ring = new SendRing<>();
        it.forEach(ring::add);
        ring.next();
        assertThat(ring.snapshot()).containsExactly(it.get(1), it.get(2), it.get(3), it.get(0));
        List<Item> walked = new ArrayList<>();
        ring.forEach(walked::add);
        assertThat(walked).isEqualTo(ring.snapshot());
    }

    /**
     * The round-robin law under any mix of turns, additions and removals: between two turns of one element, every
     * other element present all along had exactly one turn.
     */
    @Property(tries = 300)
    void betweenTwoTurnsOfOneEveryoneStayingHadExactlyOneTurn(
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 9) Integer> ops) {
        SendRing<Item> ring = new SendRing<>();
        List<Item> live = new ArrayList<>();
        Map<Item, Integer> added = new IdentityHashMap<>();
        Map<Item, List<Integer>> turns = new IdentityHashMap<>();
        Map<Item, Integer> removed = new IdentityHashMap<>();
        Random pick = new Random(ops.hashCode());
        int nextId = 0;
        for (int t = 0; t < ops.size(); t++) {
            int op = ops.get(t);
            if (op < 3 || live.isEmpty()) {
                Item x = new Item(nextId++);
                assertThat(ring.add(x)).isTrue();
                live.add(x);
                added.put(x, t);
                turns.put(x, new ArrayList<>());
            } else if (op < 5) {
                Item x = live.remove(pick.nextInt(live.size()));
                assertThat(ring.remove(x)).isTrue();
                removed.put(x, t);
            } else {
                Item x = ring.next();
                assertThat(live).contains(x);
                turns.get(x).add(t);
            }
            assertThat(ring.size()).isEqualTo(live.size());
            assertThat(new HashSet<>(ring.snapshot())).isEqualTo(new HashSet<>(live));
        }
        for (Map.Entry<Item, List<Integer>> e : turns.entrySet()) {
            List<Integer> mine = e.getValue();
            for (int k = 1; k < mine.size(); k++) {
                int from = mine.get(k - 1);
                int to = mine.get(k);
                for (Item y : turns.keySet()) {
                    if (y == e.getKey() || added.get(y) > from || removed.getOrDefault(y, Integer.MAX_VALUE) < to) {
                        continue;
                    }
                    long between = turns.get(y).stream().filter(u -> u > from && u < to).count();
                    assertThat(between).as("%s between turns %d and %d of %s", y, from, to, e.getKey())
                            .isEqualTo(1);
                }
            }
        }
    }

    /** Many thousands of additions and removals at random places, the live count bounded: counts stay right. */
    @Test
    void churnOfManyThousandsKeepsCountsConsistent() {
        SendRing<Item> ring = new SendRing<>();
        List<Item> live = new ArrayList<>();
        Set<Item> served = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Random r = new Random(7);
        int added = 0;
        int removedCount = 0;
        for (int i = 0; i < 200_000; i++) {
            int op = r.nextInt(3);
            if (op == 0 && live.size() < 2_000 || live.isEmpty()) {
                Item x = new Item(added++);
                ring.add(x);
                live.add(x);
            } else if (op == 1) {
                int k = r.nextInt(live.size());
                Item x = live.get(k);
                live.set(k, live.getLast());
                live.removeLast();
                assertThat(ring.remove(x)).isTrue();
                removedCount++;
            } else {
                Item x = ring.next();
                assertThat(ring.contains(x)).isTrue();
                served.add(x);
            }
            if (ring.size() != live.size()) {
                throw new AssertionError("size " + ring.size() + " but " + live.size() + " live at step " + i);
            }
        }
        assertThat(added - removedCount).isEqualTo(ring.size());
        assertThat(added).isGreaterThan(50_000);
        assertThat(served).isNotEmpty();
        assertThat(ring.snapshot()).hasSize(live.size()).containsExactlyInAnyOrderElementsOf(live);
        // A full round after the churn serves every live element once.
        assertThat(new HashSet<>(take(ring, ring.size()))).hasSize(live.size());
    }
}
