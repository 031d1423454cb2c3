package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Impairment;
import io.quic4j.testkit.LossyUdpProxy;
import io.quic4j.testkit.ProxyStats;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transfers through a {@link LossyUdpProxy} that loses 5% of the datagrams each way, and reorders and
 * duplicates some (fixed seed): 5 MB echoed on one stream, then 300 small streams, all intact.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LossyProxyTransferTest {
    private static final long SEED = 0x6c6f7373L;
    private static final int SMALL_STREAMS = 300;

    @Test
    void transfersIntactThroughFivePercentLossReorderingAndDuplication() throws Exception {
        QuicConfig config = QuicConfig.builder().eventLoops(1).maxIdleTimeout(Duration.ofSeconds(60)).build();
        Impairment impairment = Impairment.builder().loss(0.05).duplicate(0.02)
                .reorder(0.05, Duration.ofMillis(20), 3).build();
        try (Loopback net = new Loopback(config, config);
                LossyUdpProxy proxy = LossyUdpProxy.start(net.server.localAddress(), impairment, SEED)) {
            Thread.startVirtualThread(() -> {
                try {
                    Transfers.echoStreams(net.server.accept().join());
                } catch (RuntimeException e) {
                    // server closed before a connection came
                }
            });
            QuicConnection c = net.client.connect(proxy.localAddress(), "localhost").get(30, TimeUnit.SECONDS);
            try {
                Transfers.Result big = Transfers.echo(c, 5_000_000L, 17);
                System.out.printf("Lossy: 5 MB echoed in %.2f s (%.2f MB/s)%n", big.nanos() / 1e9,
                        big.megabytesPerSecond());

                long start = System.nanoTime();
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int i = 0; i < SMALL_STREAMS; i++) {
                    byte[] data = Transfers.pattern(100 + (i * 37) % 4000, i);
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    done.add(f);
                    Thread.startVirtualThread(() -> {
                        try {
                            Transfers.sendAndCheckEcho(c, data);
                            f.complete(null);
                        } catch (Throwable e) {
                            f.completeExceptionally(e);
                        }
                    });
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                System.out.printf("Lossy: %d small streams echoed in %.2f s%n", SMALL_STREAMS,
                        (System.nanoTime() - start) / 1e9);
                System.out.println("Lossy: client " + c.stats().get(10, TimeUnit.SECONDS));
            } finally {
                ProxyStats stats = proxy.stats();
                System.out.println("Lossy: proxy " + stats);
                assertThat(proxy.failure()).isEmpty();
                assertThat(stats.clientToServer().dropped()).isPositive();
                assertThat(stats.serverToClient().dropped()).isPositive();
                c.close();
            }
        }
    }
}
