package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link QuicConfig#streamCreditOnClose()} over real loopback UDP: a client that opens the server's whole
 * bidirectional credit and resets every stream both ways (RESET_STREAM + STOP_SENDING) waits in
 * {@code openBidirectionalStream} while the server's application holds the reset streams unclosed, and proceeds as
 * soon as it closes them (or its handles are garbage collected); without the switch it proceeds at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamCreditOnCloseLoopbackTest {
    private static final int WINDOW = 4;
    private static final long CANCELLED = 0x10c;
    private static final QuicConfig CLIENT = QuicConfig.builder().eventLoops(1).build();

    private static QuicConfig server(boolean hold) {
        return QuicConfig.builder().eventLoops(1).maxIncomingBidirectionalStreams(WINDOW).streamCreditOnClose(hold)
                .build();
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    /**
     * The client opens the server's whole credit with a byte on each stream, the server accepts them, and the client
     * resets each both ways and closes its handle; returns once the server has seen every abort and two round trips
     * on unidirectional streams went through, so the server has also processed the acknowledgments of the
     * RESET_STREAMs it sent in answer (RFC 9000 §3.5): without the switch, the credit would be back by then.
     *
     * @return the server's handles, unclosed
     */
    private static List<QuicStream> openAndReset(QuicConnection client, QuicConnection server) throws Exception {
        List<QuicStream> ours = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            QuicStream s = await(client.openBidirectionalStream());
            await(s.write(ByteBuffer.wrap(new byte[]{1})));
            ours.add(s);
        }
        List<QuicStream> theirs = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            theirs.add(await(server.acceptStream()));
        }
        for (QuicStream s : ours) {
            s.cancelWrite(CANCELLED);
            s.cancelRead(CANCELLED);
            s.close();
        }
        for (QuicStream s : theirs) {
            assertThat(await(s.peerAbort()).errorCode()).isEqualTo(CANCELLED);
        }
        roundTrip(client, server);
        roundTrip(client, server);
        return theirs;
    }

    /** A unidirectional stream each way, each read to its end and closed. */
    private static void roundTrip(QuicConnection client, QuicConnection server) throws Exception {
        QuicStream ping = await(client.openUnidirectionalStream());
        await(ping.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII))));
        await(ping.finish());
        try (QuicStream there = await(server.acceptStream())) {
            assertThat(there.inputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
        }
        QuicStream pong = await(server.openUnidirectionalStream());
        await(pong.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII))));
        await(pong.finish());
        try (QuicStream here = await(client.acceptStream())) {
            assertThat(here.inputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
        }
        ping.close();
        pong.close();
    }

    private static void assertNoCredit(QuicConnection client) {
        assertThat(client.tryOpenStream(true)).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOfSatisfying(QuicStreamException.class,
                        e -> assertThat(e.kind()).isEqualTo(QuicStreamException.Kind.LIMIT));
    }

    @Test
    void openWaitsWhileTheServerHoldsResetStreamsAndProceedsWhenItClosesThem() throws Exception {
        try (Loopback net = new Loopback(server(true), CLIENT)) {
            QuicConnection client = net.connect();
            QuicConnection server = await(net.server.accept());
            List<QuicStream> held = openAndReset(client, server);

            CompletableFuture<QuicStream> waiting = client.openBidirectionalStream();
            assertNoCredit(client);
            roundTrip(client, server);
            assertThat(waiting).as("an open past the credit the server holds").isNotDone();
            assertThat(await(server.stats()).openStreams()).as("held on the server").isGreaterThanOrEqualTo(WINDOW);

            held.getFirst().close();
            QuicStream next = await(waiting);
            assertThat(next.id()).isEqualTo(4L * WINDOW);
            assertNoCredit(client);
            for (QuicStream s : held.subList(1, WINDOW)) {
                s.close();
            }
            next.close();
            // Every credit came back: the client can have the whole window open again.
            List<QuicStream> again = new ArrayList<>();
            for (int i = 0; i < WINDOW - 1; i++) {
                again.add(await(client.openBidirectionalStream()));
            }
            again.forEach(QuicStream::close);
        }
    }

    @Test
    void withoutTheSwitchTheOpenProceedsWhileTheServerStillHoldsTheStreams() throws Exception {
        try (Loopback net = new Loopback(server(false), CLIENT)) {
            QuicConnection client = net.connect();
            QuicConnection server = await(net.server.accept());
            List<QuicStream> held = openAndReset(client, server);
            QuicStream next = await(client.openBidirectionalStream());
            assertThat(next.id()).isEqualTo(4L * WINDOW);
            next.close();
            held.forEach(QuicStream::close);
        }
    }

    @Test
    void collectedHandlesReleaseTheirCredit() throws Exception {
        try (Loopback net = new Loopback(server(true), CLIENT)) {
            QuicConnection client = net.connect();
            QuicConnection server = await(net.server.accept());
            readUntilResetAndDrop(openAndReset(client, server));

            CompletableFuture<QuicStream> waiting = client.openBidirectionalStream();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // within the 30 s idle timeout
            int gcs = 0;
            while (!waiting.isDone() && System.nanoTime() < until) {
                System.gc();
                gcs++;
                Thread.sleep(50);
            }
            System.out.printf("StreamCreditOnCloseLoopbackTest: credit back after %d System.gc() calls%n", gcs);
            assertThat(waiting).as("the open, once the server's dropped handles are collected").isDone();
            await(waiting).close();
        }
    }

    /**
     * Reads each stream until its reset, so that both halves are done on the server before its handle is dropped:
     * the Cleaner then has nothing to cancel, only the credit to release.
     */
    private static void readUntilResetAndDrop(List<QuicStream> streams) {
        for (QuicStream s : streams) {
            ByteBuffer b = ByteBuffer.allocate(16);
            boolean reset = false;
            for (int i = 0; i < 10 && !reset; i++) {
                try {
                    await(s.read(b.clear()));
                } catch (CompletionException e) {
                    reset = e.getCause() instanceof QuicStreamException q
                            && q.kind() == QuicStreamException.Kind.RESET_BY_PEER;
                }
            }
            assertThat(reset).as("stream %d read until its reset", s.id()).isTrue();
        }
        streams.clear();
    }
}
