package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream handle dropped without {@code close()} must not block the peer (DESIGN.md §3; the field report
 * where leaked streams exhausted the peer's stream limit): once the handle is garbage collected, the
 * Cleaner resets and stops the stream with {@link QuicConfig#leakedStreamErrorCode()}, a WARNING names
 * where it was opened (method, file and line, thread), and the peer's stream credit comes back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamLeakTest {
    private static final long LEAK_CODE = 0x1ea4;
    private static final String OPENER = "leaky-opener";

    @Test
    void leakedHandleIsResetWithTheLeakCodeAndItsCreditComesBack() throws Exception {
        QuicConfig serverConfig = QuicConfig.builder().eventLoops(1).maxIncomingBidirectionalStreams(1).build();
        QuicConfig clientConfig = QuicConfig.builder().eventLoops(1).leakedStreamErrorCode(LEAK_CODE).build();
        try (CloseWatch watch = new CloseWatch(); Loopback net = new Loopback(serverConfig, clientConfig)) {
            QuicConnection client = net.connect();
            QuicConnection server = net.server.accept().orTimeout(10, TimeUnit.SECONDS).join();

            // Opened and written on a thread of its own, then dropped: nothing refers to the handle afterwards.
            long[] leakedId = {-1};
            Thread opener = Thread.ofPlatform().name(OPENER).start(() -> leakedId[0] = openWriteAndDrop(client));
            opener.join(20_000);
            assertThat(leakedId[0]).isZero();

            QuicStream accepted = server.acceptStream().orTimeout(10, TimeUnit.SECONDS).join();
            ByteBuffer hello = ByteBuffer.allocate(5);
            while (hello.hasRemaining()) {
                assertThat(accepted.read(hello).orTimeout(10, TimeUnit.SECONDS).join()).isPositive();
            }
            assertThat(new String(hello.array(), StandardCharsets.UTF_8)).isEqualTo("hello");
            // The leaked stream holds the server's only bidirectional credit.
            assertThat(client.tryOpenStream(true)).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                    .havingRootCause().isInstanceOfSatisfying(QuicStreamException.class,
                            e -> assertThat(e.kind()).isEqualTo(QuicStreamException.Kind.LIMIT));

            CompletableFuture<Integer> pending = accepted.read(ByteBuffer.allocate(100));
            long gcs = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!pending.isDone() && System.nanoTime() < until) {
                System.gc();
                gcs++;
                Thread.sleep(50);
            }
            assertThat(pending).as("the peer's read ends once the leaked handle is collected").isDone();
            try {
                pending.join();
                fail("the leaked stream ended normally instead of being reset");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(QuicStreamException.class, s -> {
                    assertThat(s.kind()).isEqualTo(QuicStreamException.Kind.RESET_BY_PEER);
                    assertThat(s.errorCode()).isEqualTo(LEAK_CODE);
                    assertThat(s.streamId()).isZero();
                });
            }
            accepted.close();

            // The credit came back: a second stream opens and carries data.
            QuicStream second = client.openBidirectionalStream().orTimeout(10, TimeUnit.SECONDS).join();
            second.write(ByteBuffer.wrap("again".getBytes(StandardCharsets.UTF_8))).orTimeout(10, TimeUnit.SECONDS)
                    .join();
            second.finish().orTimeout(10, TimeUnit.SECONDS).join();
            QuicStream secondAccepted = server.acceptStream().orTimeout(10, TimeUnit.SECONDS).join();
            byte[] got = secondAccepted.inputStream().readAllBytes();
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("again");
            secondAccepted.close();
            second.close();

            List<String> warnings = watch.warnings();
            System.out.printf("StreamLeakTest: reset after %d System.gc() calls; warnings %s%n", gcs, warnings);
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("stream 0 ")
                    .contains("garbage collected without close()")
                    .contains("opened at " + StreamLeakTest.class.getName() + ".openWriteAndDrop(StreamLeakTest.java:")
                    .contains("thread " + OPENER));
            assertThat(watch.uncaught()).isEmpty();
            assertThat(watch.errors()).isEmpty();
        }
    }

    /** @return the ID of a stream opened, written to and dropped without close */
    private static long openWriteAndDrop(QuicConnection c) {
        QuicStream s = c.openBidirectionalStream().orTimeout(10, TimeUnit.SECONDS).join();
        s.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).orTimeout(10, TimeUnit.SECONDS).join();
        return s.id();
    }
}
