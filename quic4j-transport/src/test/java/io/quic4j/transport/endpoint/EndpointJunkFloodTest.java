package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.transport.connection.ConnectionConfig;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "a million junk datagrams before any handshake (no state kept, nothing leaked)", through the
 * sans-I/O {@link ServerEndpoint}: a million datagrams of {@link JunkDatagrams}' seven kinds at a virtual
 * million per second while a well-behaved client completes 1,000 request/response exchanges on the same
 * endpoint.
 */
class EndpointJunkFloodTest {
    private static final int JUNK = 1_000_000;
    private static final int PER_MILLISECOND = 1_000;
    private static final double STATELESS_PER_SECOND = 10_000;

    @Test
    void aMillionJunkDatagramsKeepNoStateAndTheirAnswersStayBoundedAndSmall() throws InterruptedException {
        EndpointLimits limits = EndpointLimits.NONE.withStatelessRates(STATELESS_PER_SECOND, 1_000)
                .withHandshakeRate(500, 1_000);
        EndpointAttackWorld w = new EndpointAttackWorld(1, limits, 1_000, 100, true, ConnectionConfig.DEFAULTS);
        JunkDatagrams junk = new JunkDatagrams(42);
        w.connectGood();
        // Warm-up: every code path of the flood and of the exchanges runs once before the first reading.
        for (int i = 0; i < 20_000; i++) {
            w.server.receive(junk.next(i), junk.sender(i), w.now);
        }
        while (!w.exchange(4, 20)) {
            w.advance(1_000_000);
        }
        w.advance(1_000_000_000L);
        long answersBefore = w.answersToOthers;
        long bytesBefore = w.answerBytesToOthers;
        long before = RetainedHeap.measure();

        long start = w.now;
        long wallStart = System.nanoTime();
        long junkBytes = 0;
        int sent = 0;
        for (int ms = 0; (sent < JUNK || !w.exchange(4, 1_020)) && w.failure == null; ms++) {
            assertThat(ms).as("the good client stalled").isLessThan(100_000);
            for (int k = 0; k < PER_MILLISECOND && sent < JUNK; k++, sent++) {
                ByteBuffer d = junk.next(sent);
                junkBytes += d.remaining();
                w.server.receive(d, junk.sender(sent), w.now);
            }
            w.exchange(4, 1_020);
            w.advance(1_000_000);
        }
        long wall = System.nanoTime() - wallStart;
        double virtualSeconds = (w.now - start) / 1e9;
        long answers = w.answersToOthers - answersBefore;
        long answerBytes = w.answerBytesToOthers - bytesBefore;
        long after = RetainedHeap.measure();
        System.out.printf(Locale.ROOT,
                "EndpointJunkFlood: %d junk datagrams (%d bytes) in %.2f s wall = %.0f datagrams/s, with %d exchanges;"
                        + " %d answers (%d bytes, largest %d) in %.2f virtual s; %d dropped; retained heap before %s,"
                        + " after %s (%+.1f%%)%n",
                sent, junkBytes, wall / 1e9, sent / (wall / 1e9), w.exchangesCompleted - 20, answers, answerBytes,
                w.largestAnswer, virtualSeconds, w.server.datagramsDropped(), RetainedHeap.describe(before),
                RetainedHeap.describe(after), 100 * RetainedHeap.growth(before, after));

        assertThat(w.failure).isNull();
        assertThat(w.exchangesCompleted - 20).isGreaterThanOrEqualTo(1_000);
        // No state for junk: the good client's connection is the only one, the limiter saw only its prefix.
        assertThat(w.server.connections()).containsExactly(w.serverConnectionOfGood());
        assertThat(w.server.trackedPrefixes()).isLessThanOrEqualTo(1);
        assertThat(w.server.handshakesInProgress()).isZero();
        // RFC 9000 §6.1 / §10.3.3: Version Negotiation and stateless resets within the answer rate, and never
        // larger than what triggered them (§10.3: a reset is shorter than its trigger; a VN packet here is
        // 43 bytes for a 1200-byte trigger), so nothing amplifies.
        assertThat((double) answers).isLessThanOrEqualTo(STATELESS_PER_SECOND * virtualSeconds
                + STATELESS_PER_SECOND / 10 + 1);
        assertThat(answers).as("junk that deserves an answer gets some").isPositive();
        assertThat(answerBytes).isLessThan(junkBytes / 3);
        assertThat(w.largestAnswer).isLessThan(1_200);
        assertThat(w.server.statelessSuppressed()).isPositive();
        assertThat(RetainedHeap.growth(before, after)).isLessThan(0.10);
    }
}
