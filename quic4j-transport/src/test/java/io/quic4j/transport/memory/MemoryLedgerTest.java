package io.quic4j.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The per-loop ledger behind the buffer ceiling: sums, admission, shedding order, closing owners. */
class MemoryLedgerTest {

    @Test
    void keepsTheSumOfTheOwnersLatestFigures() {
        MemoryLedger<String> l = new MemoryLedger<>(1_000, 0.5);
        l.update("a", 300);
        l.update("b", 100);
        l.update("a", 200);
        assertThat(l.used()).isEqualTo(300);
        assertThat(l.charge("a")).isEqualTo(200);
        l.remove("a");
        assertThat(l.used()).isEqualTo(100);
        l.update("b", 0);
        assertThat(l.used()).isZero();
        assertThat(l.peak()).isEqualTo(400);
    }

    @Test
    void refusesNewOwnersFromTheAdmissionLimitAndShedsPastTheCeiling() {
        MemoryLedger<String> l = new MemoryLedger<>(1_000, 0.5);
        l.update("a", 499);
        assertThat(l.admits()).isTrue();
        l.update("b", 1);
        assertThat(l.admits()).isFalse();
        assertThat(l.isOver()).isFalse();
        l.update("b", 502);
        assertThat(l.isOver()).isTrue();
        assertThat(l.largest(o -> true)).isEqualTo("b");
        assertThat(l.largest(o -> !o.equals("b"))).isEqualTo("a");
        assertThat(l.shed()).isEqualTo(2);
    }

    @Test
    void aClosingOwnerNoLongerCountsTowardsTheCeilingButStillForAdmission() {
        MemoryLedger<String> l = new MemoryLedger<>(1_000, 0.875);
        l.update("a", 800);
        l.update("b", 300);
        assertThat(l.isOver()).isTrue();
        l.markReleasing("a");
        assertThat(l.isOver()).isFalse();
        assertThat(l.admits()).isFalse();
        assertThat(l.largest(o -> true)).as("closing owners are not chosen again").isEqualTo("b");
        l.update("a", 100); // what it holds shrinks while it closes
        assertThat(l.releasing()).isEqualTo(100);
        assertThat(l.peakHeld()).isEqualTo(1_100);
        l.remove("a");
        assertThat(l.releasing()).isZero();
        assertThat(l.used()).isEqualTo(300);
        assertThat(l.admits()).isTrue();
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> new MemoryLedger<String>(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryLedger<String>(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryLedger<String>(10, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
