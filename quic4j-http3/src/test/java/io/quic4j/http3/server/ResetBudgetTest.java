package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The per-connection reset budget behind the rapid-reset defence, driven with a simulated clock. */
class ResetBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsMaxResetsWithinTheWindowAndRefusesOneMore() {
        ResetBudget budget = new ResetBudget(3, 10 * SECOND);
        assertThat(budget.record(0)).isTrue();
        assertThat(budget.record(1 * SECOND)).isTrue();
        assertThat(budget.record(2 * SECOND)).isTrue();
        assertThat(budget.record(3 * SECOND)).isFalse();
    }

    @Test
    void resetsOlderThanTheWindowNoLongerCount() {
        ResetBudget budget = new ResetBudget(3, 10 * SECOND);
        budget.record(0);
        budget.record(1 * SECOND);
        budget.record(2 * SECOND);
        // The first reset is 10 s old now: three within the window, not four.
        assertThat(budget.record(10 * SECOND)).isTrue();
        assertThat(budget.record(11 * SECOND)).isTrue();
        assertThat(budget.record(11 * SECOND + 1)).isFalse();
    }

    @Test
    void aSteadyRateAtTheLimitIsAllowedForever() {
        ResetBudget budget = new ResetBudget(10, 10 * SECOND);
        for (long t = 0; t < 1000; t++) {
            assertThat(budget.record(t * SECOND)).as("reset at %d s", t).isTrue();
        }
        assertThat(budget.count()).isEqualTo(1000);
    }

    @Test
    void rejectsANonPositiveBoundOrWindow() {
        assertThatThrownBy(() -> new ResetBudget(0, SECOND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResetBudget(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
