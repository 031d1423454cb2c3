package io.quic4j.transport.pmtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The DPLPMTUD state machine (RFC 8899 §5, RFC 9000 §14.3) driven by a scripted clock and path. */
class PmtuSearchTest {
    private static final long MS = 1_000_000L;
    private static final long PROBE_TIMEOUT = 300 * MS;

    private long now = 1_000 * MS;

    /**
     * Runs the search against a path that carries datagrams up to {@code mtu} bytes: each probe is acknowledged
     * if it fits, else lost. @return the sizes probed, in order
     */
    private List<Integer> runSearch(PmtuSearch search, int mtu) {
        List<Integer> probed = new ArrayList<>();
        for (int size; (size = search.probeSize(now)) != 0;) {
            probed.add(size);
            search.onProbeSent(now, PROBE_TIMEOUT);
            now += 50 * MS;
            if (size <= mtu) {
                search.onProbeAcked(now);
            } else {
                search.onProbeLost(now);
            }
            assertThat(probed).as("search must end").hasSizeLessThan(100);
        }
        return probed;
    }

    @Test
    void usesBasePlpmtuUntilStarted() {
        // RFC 9000 §14.3.1: DPLPMTUD begins when the handshake is complete; before that, 1200 bytes.
        PmtuSearch search = new PmtuSearch(1452);
        assertThat(search.state()).isEqualTo(PmtuState.DISABLED);
        assertThat(search.plpmtu()).isEqualTo(1200);
        assertThat(search.probeSize(now)).isZero();
        assertThat(search.timer()).isEqualTo(PmtuSearch.NEVER);
    }

    @Test
    void firstProbeIsTheUpperBoundAndOneAcknowledgmentCompletesTheSearch() {
        PmtuSearch search = new PmtuSearch(65527);
        search.start(now, 1452);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCHING);
        assertThat(runSearch(search, 1500)).containsExactly(1452);
        assertThat(search.plpmtu()).isEqualTo(1452);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        // Nothing above the upper bound is ever worth a raise timer.
        assertThat(search.timer()).isEqualTo(PmtuSearch.NEVER);
    }

    @Test
    void aSizeFailsOnlyAfterMaxProbesLosses() {
        // RFC 8899 §5.1.2 MAX_PROBES = 3: the same size is probed until three probes of it are lost.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        for (int i = 0; i < PmtuSearch.MAX_PROBES - 1; i++) {
            assertThat(search.probeSize(now)).isEqualTo(1452);
            search.onProbeSent(now, PROBE_TIMEOUT);
            search.onProbeLost(now);
        }
        assertThat(search.probeSize(now)).isEqualTo(1452);
        search.onProbeSent(now, PROBE_TIMEOUT);
        search.onProbeLost(now);
        assertThat(search.probeSize(now)).isEqualTo((1200 + 1452) / 2);
        assertThat(search.probesLost()).isEqualTo(3);
        assertThat(search.plpmtu()).isEqualTo(1200);
    }

    @Test
    void settlesAtTheLargestProbeSizeThatFitsAPathOf1400() {
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        List<Integer> probed = runSearch(search, 1400);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        assertThat(search.plpmtu()).isLessThanOrEqualTo(1400).isGreaterThan(1400 - PmtuSearch.MIN_STEP);
        assertThat(search.plpmtu()).isEqualTo(probed.stream().filter(p -> p <= 1400).mapToInt(p -> p).max()
                .orElseThrow());
        // Each size too large was tried MAX_PROBES times, each that fits once.
        assertThat(probed).containsExactly(1452, 1452, 1452, 1326, 1389, 1420, 1420, 1420, 1404, 1404, 1404);
        assertThat(search.plpmtu()).isEqualTo(1389);
    }

    @Property
    void neverExceedsThePathNorTheUpperBoundAndEndsWithinMinStep(@ForAll @IntRange(min = 1200, max = 9000) int mtu,
            @ForAll @IntRange(min = 1200, max = 9000) int max) {
        PmtuSearch search = new PmtuSearch(65527);
        search.start(now, max);
        runSearch(search, mtu);
        int fits = Math.min(mtu, max);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        assertThat(search.plpmtu()).isLessThanOrEqualTo(fits).isGreaterThan(fits - PmtuSearch.MIN_STEP - 1)
                .isGreaterThanOrEqualTo(1200);
    }

    @Test
    void anUnansweredProbeFailsAtItsDeadline() {
        // RFC 8899 §5.1.1 PROBE_TIMER: a probe neither acknowledged nor declared lost counts as lost when it expires.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        search.onProbeSent(now, PROBE_TIMEOUT);
        assertThat(search.probeSize(now)).as("one probe at a time").isZero();
        assertThat(search.timer()).isEqualTo(now + PROBE_TIMEOUT);
        search.onTimeout(now + PROBE_TIMEOUT - 1);
        assertThat(search.probeOutstanding()).isTrue();
        search.onTimeout(now + PROBE_TIMEOUT);
        assertThat(search.probeOutstanding()).isFalse();
        assertThat(search.probesLost()).isEqualTo(1);
        assertThat(search.probeSize(now)).isEqualTo(1452);
    }

    @Test
    void raiseTimerSearchesAgainAfterTenMinutes() {
        // RFC 8899 §5.1.1 PMTU_RAISE_TIMER = 600 s: a completed search below the upper bound tries again.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        runSearch(search, 1300);
        int found = search.plpmtu();
        long completedAt = now;
        assertThat(search.timer()).isEqualTo(completedAt + PmtuSearch.PMTU_RAISE_TIMER_NANOS);
        search.onTimeout(completedAt + PmtuSearch.PMTU_RAISE_TIMER_NANOS - 1);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        now = completedAt + PmtuSearch.PMTU_RAISE_TIMER_NANOS;
        search.onTimeout(now);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCHING);
        assertThat(search.plpmtu()).as("the size in use stays until a probe proves more").isEqualTo(found);
        // The path grew meanwhile: the first probe of the new search is the upper bound.
        assertThat(runSearch(search, 1500)).containsExactly(1452);
        assertThat(search.plpmtu()).isEqualTo(1452);
    }

    @Test
    void threeLargeLossesWithNoLargeAcknowledgmentAreABlackHole() {
        // RFC 8899 §4.3: black hole detection falls back to BASE_PLPMTU.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        runSearch(search, 1452);
        long sent = now;
        search.onPacketAcked(1452, sent, now);
        now += 100 * MS;
        search.onPacketLost(1452, sent + 1, now);
        search.onPacketLost(1452, sent + 2, now);
        assertThat(search.plpmtu()).isEqualTo(1452);
        search.onPacketLost(1452, sent + 3, now);
        assertThat(search.plpmtu()).isEqualTo(1200);
        assertThat(search.state()).isEqualTo(PmtuState.BASE);
        assertThat(search.blackHoles()).isEqualTo(1);
        assertThat(search.probeSize(now)).isZero();
    }

    @Test
    void lossesOfPacketsSentBeforeALargeAcknowledgedOneAreNotABlackHole() {
        // Congestion and random loss: full-size packets sent later were acknowledged, so the path carries them.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        runSearch(search, 1452);
        search.onPacketAcked(1452, now + 10, now + 20);
        for (int i = 0; i < 10; i++) {
            search.onPacketLost(1452, now + i, now + 20);
        }
        assertThat(search.plpmtu()).isEqualTo(1452);
        assertThat(search.blackHoles()).isZero();
    }

    @Test
    void aLargeAcknowledgmentResetsTheLossCount() {
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        runSearch(search, 1452);
        search.onPacketLost(1452, now + 1, now + 10);
        search.onPacketLost(1452, now + 2, now + 10);
        search.onPacketAcked(1452, now + 3, now + 10);
        search.onPacketLost(1452, now + 4, now + 20);
        search.onPacketLost(1452, now + 5, now + 20);
        assertThat(search.plpmtu()).isEqualTo(1452);
        // Losses of packets of at most 1200 bytes say nothing about the size.
        search.onPacketLost(1200, now + 6, now + 20);
        assertThat(search.plpmtu()).isEqualTo(1452);
    }

    @Test
    void baseIsConfirmedByAnAcknowledgedPacketOf1200SentSinceThenSearchesAgain() {
        // RFC 8899 §5.2: BASE -> SEARCHING once BASE_PLPMTU is confirmed.
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        runSearch(search, 1452);
        long before = now;
        now += 10 * MS;
        search.onPathChanged(now);
        assertThat(search.state()).isEqualTo(PmtuState.BASE);
        assertThat(search.plpmtu()).isEqualTo(1200);
        search.onPacketAcked(1200, before, now + 1);
        assertThat(search.state()).as("sent before the change").isEqualTo(PmtuState.BASE);
        search.onPacketAcked(1000, now, now + 1);
        assertThat(search.state()).as("too small to confirm 1200").isEqualTo(PmtuState.BASE);
        search.onPacketAcked(1200, now, now + 1);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCHING);
        assertThat(runSearch(search, 1350)).first().isEqualTo(1452);
        assertThat(search.plpmtu()).isLessThanOrEqualTo(1350).isGreaterThan(1350 - PmtuSearch.MIN_STEP);
    }

    @Test
    void anOutstandingProbeIsForgottenOnAPathChange() {
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1452);
        search.onProbeSent(now, PROBE_TIMEOUT);
        search.onPathChanged(now);
        search.onProbeAcked(now);
        assertThat(search.plpmtu()).isEqualTo(1200);
        assertThat(search.probeOutstanding()).isFalse();
        assertThat(search.timer()).isEqualTo(PmtuSearch.NEVER);
    }

    @Test
    void nothingToSearchWhenTheUpperBoundIsTheBase() {
        PmtuSearch search = new PmtuSearch(1452);
        search.start(now, 1200);
        assertThat(search.state()).isEqualTo(PmtuState.SEARCH_COMPLETE);
        assertThat(search.probeSize(now)).isZero();
        assertThat(search.timer()).isEqualTo(PmtuSearch.NEVER);
    }

    @Test
    void rejectsAnUpperBoundOutsideUdp() {
        assertThatThrownBy(() -> new PmtuSearch(1199)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1200-65527");
        PmtuSearch search = new PmtuSearch(1452);
        assertThatThrownBy(() -> search.onProbeSent(now, PROBE_TIMEOUT)).isInstanceOf(IllegalStateException.class);
    }
}
