package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 9218 priorities through the public API: an urgent stream queued after three bulk streams still finishes
 * first, though twice as long (round-robin would finish it last). The bulk streams are 8 MiB, so that on a loaded
 * machine they cannot finish in the moment before the urgent stream is opened: what the test sees is the scheduler.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamPriorityApiTest {

    @Test
    void urgentStreamOvertakesBulkStreamsQueuedBeforeIt() throws Exception {
        QuicConfig config = QuicConfig.builder().eventLoops(1).build();
        try (Loopback net = new Loopback(config, config)) {
            QuicConnection c = net.connect();
            QuicConnection s = net.server.accept().get(10, TimeUnit.SECONDS);
            ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.startVirtualThread(() -> {
                List<Thread> drains = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    QuicStream in = s.acceptStream().join();
                    drains.add(Thread.startVirtualThread(() -> {
                        try (in) {
                            in.inputStream().readAllBytes();
                            finished.add(in.id());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                drains.forEach(t -> {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            });
            List<CompletableFuture<Void>> done = new ArrayList<>();
            List<QuicStream> bulk = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                QuicStream b = c.openUnidirectionalStream().get(10, TimeUnit.SECONDS);
                b.setPriority(7, true);
                bulk.add(b);
                done.add(b.write(ByteBuffer.allocate(8 << 20)).thenCompose(x -> b.finish()));
            }
            QuicStream urgent = c.openUnidirectionalStream().get(10, TimeUnit.SECONDS);
            urgent.setPriority(0, false);
            done.add(urgent.write(ByteBuffer.allocate(16 << 20)).thenCompose(x -> urgent.finish()));
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            reader.join();
            assertThat(finished).hasSize(4);
            assertThat(finished.peek()).as("the urgent stream finishes first").isEqualTo(urgent.id());
            assertThatThrownBy(() -> urgent.setPriority(8, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 (most urgent) to 7");
        }
    }
}
