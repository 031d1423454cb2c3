package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.endpoint.JunkDatagrams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The junk flood of {@code EndpointJunkFloodTest}, bounded, over real loopback UDP: 200,000 junk datagrams
 * from one socket at a one-loop server while a client completes 1,000 request/response exchanges on streams.
 * The junk's source is one real address (loopback), so the server's answers come back to the flooding socket,
 * which counts them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndpointJunkLoopbackTest {
    private static final int JUNK = 200_000;
    private static final int EXCHANGES = 1_000;

    @Test
    void aJunkFloodOverLoopbackLeavesTheServerServingAndItsHeapWhereItWas() throws Exception {
        QuicConfig server = QuicConfig.builder().eventLoops(1).statelessAnswersPerSecond(1_000).build();
        try (Loopback net = new Loopback(server, QuicConfig.builder().eventLoops(1).build());
                DatagramChannel flood = DatagramChannel.open()) {
            flood.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            flood.configureBlocking(false);
            AtomicInteger served = new AtomicInteger();
            Thread.startVirtualThread(() -> serve(net, served));
            QuicConnection c = net.connect();
            JunkDatagrams junk = new JunkDatagrams(7);
            exchange(c, 0, 20);
            for (int i = 0; i < 1_000; i++) {
                flood.send(junk.next(i), net.server.localAddress());
            }
            long before = RetainedHeap.measure();

            java.util.concurrent.atomic.AtomicLong answers = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong answerBytes = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = Thread.ofPlatform().start(() -> {
                ByteBuffer in = ByteBuffer.allocate(2048);
                try {
                    while (!stop.get()) {
                        if (flood.receive(in.clear()) != null) {
                            answers.incrementAndGet();
                            answerBytes.addAndGet(in.position());
                        } else {
                            Thread.sleep(1);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            Thread attacker = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < JUNK; i++) {
                        flood.send(junk.next(i), net.server.localAddress());
                        if ((i & 63) == 0) {
                            Thread.yield();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            exchange(c, 20, 20 + EXCHANGES);
            attacker.join();
            long wall = System.nanoTime() - start;
            Thread.sleep(300);
            stop.set(true);
            reader.join();
            long answered = System.nanoTime() - start;
            exchange(c, 20 + EXCHANGES, 40 + EXCHANGES);
            long after = RetainedHeap.measure();
            System.out.printf(Locale.ROOT,
                    "EndpointJunkLoopback: %d junk datagrams sent in %.2f s (%.0f/s) with %d exchanges; %d answers"
                            + " read back (%d bytes); retained heap before %s, after %s (%+.1f%%)%n",
                    JUNK, wall / 1e9, JUNK / (wall / 1e9), EXCHANGES, answers.get(), answerBytes.get(),
                    RetainedHeap.describe(before), RetainedHeap.describe(after),
                    100 * RetainedHeap.growth(before, after));
            assertThat(c.isOpen()).isTrue();
            assertThat(served.get()).isEqualTo(40 + EXCHANGES);
            // Version Negotiation and resets: at most 1,000 per second (plus a burst of 100), each smaller than
            // what triggered it.
            assertThat((double) answers.get()).isLessThanOrEqualTo(1_000 * answered / 1e9 + 100);
            assertThat(answerBytes.get()).isLessThanOrEqualTo(answers.get() * 1_200);
            assertThat(RetainedHeap.growth(before, after)).isLessThan(0.10);
        }
    }

    private static void exchange(QuicConnection c, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            QuicStream s = c.openBidirectionalStream().orTimeout(20, TimeUnit.SECONDS).join();
            String request = "request " + i;
            s.outputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.outputStream().close();
            String response = new String(s.inputStream().readAllBytes(), StandardCharsets.US_ASCII);
            s.close();
            assertThat(response).isEqualTo("response to " + request);
        }
    }

    private static void serve(Loopback net, AtomicInteger served) {
        QuicConnection c = net.server.accept().join();
        while (true) {
            QuicStream s;
            try {
                s = c.acceptStream().join();
            } catch (RuntimeException closed) {
                return;
            }
            try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                String request = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                out.write(("response to " + request).getBytes(StandardCharsets.US_ASCII));
                served.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }
}
