package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 100 MB echoed on one stream of one connection over real loopback UDP, every byte checked as it comes back
 * (a deterministic pattern, never held in memory), with maxDatagramSize 1452 on both sides; prints the
 * single-connection throughput.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LargeTransferTest {
    private static final long BYTES = 100_000_000L;

    @ParameterizedTest(name = "server event loops {0}")
    @ValueSource(ints = {1, 2})
    void echoes100MegabytesOnOneStreamIntact(int serverLoops) throws Exception {
        Transfers.Result r = LoopbackThroughput.run(BYTES, serverLoops);
        System.out.printf("THROUGHPUT 100MB one stream: %.1f MB/s (server loops %d, maxDatagramSize %d, %.2f s)%n",
                r.megabytesPerSecond(), serverLoops, LoopbackThroughput.MAX_DATAGRAM_SIZE, r.nanos() / 1e9);
        assertThat(r.bytes()).isEqualTo(BYTES);
    }
}
