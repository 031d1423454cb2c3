package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.LinkConfig;
import io.quic4j.testkit.RunResult;
import io.quic4j.testkit.SeededTest;
import java.time.Duration;
import java.util.SplittableRandom;

/** Issue 5 acceptance point 3: many concurrent streams through the real stream layer on a bad network. */
class ManyStreamsSimulationTest {
    private static final int STREAMS = 200;
    private static final int MAX_SIZE = 200 * 1024;

    @SeededTest(seeds = 3)
    void twoHundredConcurrentStreamsAtFivePercentLossAndTwentyPercentReorderingArriveIntactAndInOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] sizes = new long[STREAMS];
        long total = 0;
        for (int i = 0; i < STREAMS; i++) {
            sizes[i] = r.nextInt(MAX_SIZE + 1);
            total += sizes[i];
        }
        // All 200 may be open at once: the server's stream limit does not serialise them.
        ConnectionConfig server = SimulationTest.WIDE.toBuilder().initialMaxStreamsBidi(STREAMS).build();
        LinkConfig link = LinkConfig.builder().delay(Duration.ofMillis(10)).bandwidth(100_000_000L).lossRate(0.05)
                .reorder(0.2, Duration.ofMillis(5)).build();
        SimulationTest.World w = new SimulationTest.World(seed, ConnectionConfig.DEFAULTS, server, link, link);
        ManyStreamsApp clientApp = new ManyStreamsApp(true, sizes);
        ManyStreamsApp serverApp = new ManyStreamsApp(false, sizes);
        w.client.many = clientApp;
        w.server.many = serverApp;

        RunResult result = w.runUntil(() -> serverApp.finishedStreams() == STREAMS
                && clientApp.finishedStreams() == STREAMS && w.client.connection.stats().openStreams() == 0
                && w.server.connection.stats().openStreams() == 0, Duration.ofMinutes(10));

        assertThat(result.conditionMet()).as("by %s: server finished %d, client finished %d; %s / %s",
                Duration.ofNanos(result.time()), serverApp.finishedStreams(), clientApp.finishedStreams(),
                w.client.connection.closeReason(), w.server.connection == null
                        ? null
                        : w.server.connection.closeReason())
                .isTrue();
        assertThat(serverApp.corruption).isNull();
        assertThat(clientApp.corruption).isNull();
        long received = 0;
        for (int i = 0; i < STREAMS; i++) {
            long id = 4L * i;
            assertThat(serverApp.progress.get(id)).as("stream %d", id).isEqualTo(sizes[i]);
            received += serverApp.progress.get(id);
        }
        assertThat(received).isEqualTo(total);
        // Every stream finished on both sides and returned its credit: nothing leaked.
        assertThat(w.server.connection.stats().retiredStreams()).isEqualTo(STREAMS);
        assertThat(w.client.connection.stats().retiredStreams()).isEqualTo(STREAMS);
        assertThat(w.client.connection.stats().packetsLost()).isPositive();
        assertThat(w.client.connection.isOpen()).isTrue();
        assertThat(w.server.connection.isOpen()).isTrue();
    }
}
