package io.quic4j.http3.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ResetWindow}: a ring of time buckets, memory fixed by the bucket count. */
class ResetWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countsWithinTheWindowAndDropsWhatSlidesOut() {
        ResetWindow w = new ResetWindow(S, 10, 0);
        w.add(0, 10, 1);
        w.add(5 * S, 10, 3);

        assertThat(w.ended()).isEqualTo(20);
        assertThat(w.resets()).isEqualTo(4);
        assertThat(w.rate()).isEqualTo(0.2);
        w.advance(10 * S); // bucket 0 leaves
        assertThat(w.ended()).isEqualTo(10);
        assertThat(w.resets()).isEqualTo(3);
        w.advance(15 * S);
        assertThat(w.ended()).isZero();
        assertThat(w.rate()).isZero();
    }

    @Test
    void aLongGapClearsEverything() {
        ResetWindow w = new ResetWindow(S, 4, -3 * S);
        w.add(-3 * S, 7, 7);

        w.advance(1_000 * S);

        assertThat(w.ended()).isZero();
        w.add(1_000 * S, 1, 0);
        assertThat(w.ended()).isEqualTo(1);
    }

    @Test
    void manyStreamsStayInTheSameFixedBuckets() {
        ResetWindow w = new ResetWindow(S, 10, 0);
        for (long t = 0; t < 100 * S; t += S / 1000) {
            w.add(t, 1, t % 3 == 0 ? 1 : 0);
        }
        // the last 10 buckets: 10,000 streams
        assertThat(w.ended()).isEqualTo(10_000);
    }

    @Test
    void rejectsMoreResetsThanStreams() {
        ResetWindow w = new ResetWindow(S, 10, 0);

        assertThatThrownBy(() -> w.add(0, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resets <= ended");
    }

    @Test
    void clearForgets() {
        ResetWindow w = new ResetWindow(S, 10, 0);
        w.add(0, 5, 5);

        w.clear();

        assertThat(w.ended()).isZero();
        assertThat(w.resets()).isZero();
    }
}
