package io.quic4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QuicServerMetrics} on a real {@link QuicServer} over loopback: the meters follow a connection; every meter
 * reads one shared snapshot while it is young; a meter read on one of the server's event loop threads answers
 * without waiting for the loops; {@code close()} removes the meters.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuicServerMetricsTest {
    private static final String ALPN = "quic4j-metrics-test";
    private static final Tags TAGS = Tags.of("server", "raw");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static QuicServer start(Path dir) throws Exception {
        return QuicServer.bind(TestTls.LOOPBACK, QuicConfig.builder().eventLoops(1).build(), TestTls.server(dir, ALPN));
    }

    private static QuicConnection connect(QuicClient client, QuicServer server) throws Exception {
        return client.connect(server.localAddress(), "localhost").get(30, TimeUnit.SECONDS);
    }

    private Gauge open() {
        return registry.get("quic4j.quic.connections.open").tags(TAGS).gauge();
    }

    private double accepted() {
        return registry.get("quic4j.quic.connections.accepted").tags(TAGS).functionCounter().count();
    }

    @Test
    void metersFollowAConnectionAndCloseRemovesThem(@TempDir Path dir) throws Exception {
        try (QuicServer server = start(dir);
                QuicClient client = QuicClient.create(QuicConfig.builder().eventLoops(1).build(),
                        TestTls.client(dir, ALPN))) {
            QuicServerMetrics metrics = QuicServerMetrics.bind(server, registry, Duration.ZERO, TAGS);
            assertThat(open().value()).isZero();
            assertThat(accepted()).isZero();

            QuicConnection c = connect(client, server);
            QuicConnection s = server.accept().get(30, TimeUnit.SECONDS);
            assertThat(open().value()).isEqualTo(1);
            assertThat(accepted()).isEqualTo(1);
            assertThat(registry.get("quic4j.quic.retries.sent").tags(TAGS).functionCounter().count()).isZero();
            assertThat(registry.get("quic4j.quic.buffer.ceiling").tags(TAGS).gauge().value())
                    .isEqualTo(server.stats().bufferCeiling());

            metrics.close();
            assertThat(registry.getMeters()).isEmpty();
            c.close();
            s.close();
        }
    }

    @Test
    void everyMeterReadsOneSnapshotWhileItIsYoung(@TempDir Path dir) throws Exception {
        try (QuicServer server = start(dir);
                QuicClient client = QuicClient.create(QuicConfig.builder().eventLoops(1).build(),
                        TestTls.client(dir, ALPN));
                QuicServerMetrics _ = QuicServerMetrics.bind(server, registry, Duration.ofHours(1), TAGS)) {
            assertThat(open().value()).isZero(); // the snapshot is taken here
            QuicConnection c = connect(client, server);
            server.accept().get(30, TimeUnit.SECONDS);
            assertThat(server.stats().connectionsOpen()).isEqualTo(1);

            // an hour has not passed: the meters still read the first snapshot, no new round of posts
            assertThat(open().value()).isZero();
            assertThat(accepted()).isZero();
            c.close();
        }
    }

    @Test
    void aMeterReadOnAnEventLoopThreadDoesNotWait(@TempDir Path dir) throws Exception {
        try (QuicServer server = start(dir);
                QuicServerMetrics _ = QuicServerMetrics.bind(server, registry, Duration.ZERO, TAGS)) {
            assertThat(open().value()).isZero(); // a first snapshot, from this thread
            boolean onLoop = false;
            // statsAsync() completes on the loop that answers last, so a callback attached in time runs there
            for (int attempt = 0; attempt < 100 && !onLoop; attempt++) {
                CompletableFuture<double[]> read = server.statsAsync().thenApply(x -> {
                    boolean loop;
                    try {
                        server.stats();
                        loop = false;
                    } catch (IllegalStateException e) {
                        loop = true; // stats() refuses to wait on its own event loop
                    }
                    // would deadlock this loop if the meter waited for the loops to answer
                    return new double[]{loop ? 1 : 0, open().value(), accepted()};
                });
                double[] r = read.get(30, TimeUnit.SECONDS);
                if (r[0] == 1) {
                    onLoop = true;
                    assertThat(r[1]).isZero(); // the last snapshot
                    assertThat(r[2]).isZero();
                }
            }
            assertThat(onLoop).as("a read on the event loop thread").isTrue();
            assertThat(open().value()).isZero(); // and from here, fresh figures again
        }
    }
}
