package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 streams of 10 KB on one connection, all opened at once by the client while the server allows 100 at a
 * time (the default), so most opens wait for stream credit; the server answers each with the SHA-256 of
 * what it read. At the end neither side holds a stream.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManyStreamsTest {
    private static final int STREAMS = 1_000;
    private static final int SIZE = 10 * 1024;

    @Test
    void thousandStreamsOfTenKilobytesArriveIntactAndLeaveNoStreamOpen() throws Exception {
        QuicConfig serverConfig = QuicConfig.builder().eventLoops(1).build();
        assertThat(serverConfig.maxIncomingBidirectionalStreams()).isEqualTo(100);
        try (Loopback net = new Loopback(serverConfig, QuicConfig.builder().eventLoops(1).build())) {
            CompletableFuture<QuicConnection> serverSide = net.server.accept();
            serverSide.thenAccept(Transfers::digestStreams);
            QuicConnection c = net.connect();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < STREAMS; i++) {
                byte[] data = Transfers.pattern(SIZE, i * 7919L);
                CompletableFuture<Void> f = new CompletableFuture<>();
                done.add(f);
                Thread.startVirtualThread(() -> {
                    try {
                        Transfers.sendAndCheckDigest(c, data);
                        f.complete(null);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.printf("ManyStreams: %d streams x %d B in %.2f s%n", STREAMS, SIZE,
                    (System.nanoTime() - start) / 1e9);

            QuicConnection s = serverSide.get(10, TimeUnit.SECONDS);
            QuicConnectionStats client = null;
            QuicConnectionStats server = null;
            for (int attempt = 0; attempt < 100; attempt++) { // bounded: the last ACKs may still be in flight
                client = c.stats().get(10, TimeUnit.SECONDS);
                server = s.stats().get(10, TimeUnit.SECONDS);
                if (quiet(client) && quiet(server) && server.retiredStreams() == STREAMS) {
                    break;
                }
                Thread.sleep(50);
            }
            System.out.println("ManyStreams client " + client);
            System.out.println("ManyStreams server " + server);
            assertThat(client.openStreams()).isZero();
            assertThat(client.halfClosedStreams()).isZero();
            assertThat(server.openStreams()).isZero();
            assertThat(server.halfClosedStreams()).isZero();
            assertThat(server.retiredStreams()).isEqualTo(STREAMS);
            c.close(0, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean quiet(QuicConnectionStats s) {
        return s.openStreams() == 0 && s.halfClosedStreams() == 0;
    }
}
