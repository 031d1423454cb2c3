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
    void isUnderPressureFromThreeQuartersOfTheCeilingUntilBelowFiveEighths() {
        MemoryLedger<String> l = new MemoryLedger<>(1_000, 0.875);
        assertThat(l.pressureLimit()).isEqualTo(750);
        assertThat(l.reliefLimit()).isEqualTo(625);
        l.update("a", 749);
        assertThat(l.underPressure()).isFalse();
        l.update("b", 1);
        assertThat(l.underPressure()).isTrue();
        assertThat(l.admits()).as("admission is a separate, higher level").isTrue();
        l.update("a", 624);
        assertThat(l.used()).isEqualTo(625);
        assertThat(l.underPressure()).as("no flapping just under the level").isTrue();
        l.remove("b");
        assertThat(l.underPressure()).isFalse();
        l.update("a", 750);
        assertThat(l.underPressure()).isTrue();
        assertThat(l.pressureEpisodes()).isEqualTo(2);
    }

    @Test
    void aLedgerWithoutCeilingIsNeverUnderPressure() {
        MemoryLedger<String> l = new MemoryLedger<>(Long.MAX_VALUE, 0.875);
        l.update("a", Long.MAX_VALUE / 2);
        assertThat(l.underPressure()).isFalse();
        assertThat(l.admits()).isTrue();
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> new MemoryLedger<String>(10, 0.9, 0.8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryLedger<String>(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryLedger<String>(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryLedger<String>(10, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
