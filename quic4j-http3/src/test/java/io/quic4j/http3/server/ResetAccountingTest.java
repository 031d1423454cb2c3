package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The per-connection accounting behind the rapid-reset defence (DESIGN.md §5): more than {@code max} resets within
 * the window while no more than {@code max} streams completed in it. Driven with a simulated clock; the window is
 * 10 s in buckets of 1 s.
 */
class ResetAccountingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long WINDOW = 10 * SECOND;

    @Test
    void exactlyMaxResetsWithinTheWindowAreAllowed() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        assertThat(a.reset(0)).isFalse();
        assertThat(a.reset(1 * SECOND)).isFalse();
        assertThat(a.reset(2 * SECOND)).isFalse();
        assertThat(a.resets()).isEqualTo(3);
    }

    @Test
    void oneResetMoreThanMaxWithinTheWindowIsOver() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        for (int i = 0; i < 3; i++) {
            a.reset(i * SECOND);
        }
        assertThat(a.reset(3 * SECOND)).isTrue();
    }

    @Test
    void moreThanMaxCompletionsInTheWindowSaveABusyClient() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        for (int i = 0; i < 4; i++) {
            a.completed(0);
        }
        // 4 resets, but 4 completions: more than max completed, so this client cancels a share, it does not flood.
        for (int i = 0; i < 3; i++) {
            assertThat(a.reset(SECOND)).isFalse();
        }
        assertThat(a.reset(SECOND)).isFalse();
        assertThat(a.completions()).isEqualTo(4);
    }

    @Test
    void exactlyMaxCompletionsDoNotSaveAClientOverTheResetBound() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        for (int i = 0; i < 3; i++) {
            a.completed(0);
            a.reset(0);
        }
        assertThat(a.reset(SECOND)).isTrue();
    }

    @Test
    void completionsOutsideTheWindowNoLongerSaveAClient() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        for (int i = 0; i < 100; i++) {
            a.completed(0);
        }
        for (int i = 0; i < 3; i++) {
            a.reset(10 * SECOND);
        }
        // The completions were counted 10 s ago, in a bucket that has left the window.
        assertThat(a.completions()).isZero();
        assertThat(a.reset(10 * SECOND)).isTrue();
    }

    @Test
    void resetsOlderThanTheWindowAgeOut() {
        ResetAccounting a = new ResetAccounting(3, WINDOW, 0);
        a.reset(0);
        a.reset(0);
        a.reset(0);
        // 10 s later the first bucket has left the window: the next three resets are within the bound again.
        assertThat(a.reset(10 * SECOND)).isFalse();
        assertThat(a.reset(10 * SECOND)).isFalse();
        assertThat(a.reset(10 * SECOND)).isFalse();
        assertThat(a.resets()).isEqualTo(3);
        assertThat(a.reset(11 * SECOND)).isTrue();
    }

    @Test
    void aSteadyRateAtTheLimitIsAllowedForever() {
        ResetAccounting a = new ResetAccounting(10, WINDOW, 0);
        for (long t = 0; t < 1000; t++) {
            assertThat(a.reset(t * SECOND)).as("reset at %d s", t).isFalse();
        }
    }

    @Test
    void rejectsANonPositiveBoundOrWindow() {
        assertThatThrownBy(() -> new ResetAccounting(0, SECOND, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxResets");
        assertThatThrownBy(() -> new ResetAccounting(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
