package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seed 002 (libp2p over quic-go): a server opening many short bidirectional streams toward a client,
 * closing each with CancelRead + Close while the client plainly closes, leaked stream credit until
 * MaxIncomingStreams (256) blocked the server for good. Here 10,000 such streams go through an in-memory
 * frame pipe, with and without 5% loss; the server never stays blocked, and afterwards both sides report
 * 0 open streams and the client's credit is whole (RFC 9000 §4.6, DESIGN.md §3).
 */
class StreamLeakSeed002Test {
    private static final StreamConfig CONFIG = new StreamConfig(256, 256, 64 * 1024, 64 * 1024, 1 << 20,
            1 << 20, 64 * 1024);
    private static final int STREAMS = 10_000;
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param serverCancelsRead true for the seed's pattern (the opener does CancelRead + Close, the
     *     acceptor Close); false for the seed's first workaround, which in quic-go only moved the leak
     *     to the other side (the opener does Close only, the acceptor CancelRead + Close)
     */
    @ParameterizedTest(name = "loss {1}, seed {0}, opener cancels read: {2}")
    @CsvSource({"1, 0.0, true", "2, 0.05, true", "3, 0.05, true", "4, 0.0, false", "5, 0.05, false"})
    void tenThousandShortStreamsNeverExhaustTheCredit(long seed, double loss, boolean serverCancelsRead) {
        FramePipe pipe = new FramePipe(CONFIG, seed, loss);
        Random random = new Random(seed);
        List<Stream> serverOpen = new ArrayList<>();
        List<Stream> clientOpen = new ArrayList<>();
        int opened = 0;
        int rounds = 0;
        while (opened < STREAMS || !serverOpen.isEmpty() || !clientOpen.isEmpty()) {
            rounds++;
            // The server opens what credit allows (the libp2p pattern: write a ping, read a pong).
            while (opened < STREAMS) {
                Stream s = pipe.server.open(true);
                if (s == null) {
                    break;
                }
                s.write(ByteBuffer.wrap(PING));
                if (random.nextBoolean()) {
                    s.finish();
                }
                serverOpen.add(s);
                opened++;
            }
            // The client accepts, reads the ping, answers and plainly closes, sometimes before the ping
            // has arrived completely.
            for (Stream s; (s = pipe.client.accept(true)) != null;) {
                clientOpen.add(s);
            }
            for (Iterator<Stream> it = clientOpen.iterator(); it.hasNext();) {
                Stream s = it.next();
                s.read(ByteBuffer.allocate(16), pipe.now);
                if (s.receive().readableBytes() == 0 && random.nextInt(4) > 0) {
                    s.write(ByteBuffer.wrap(PONG));
                    if (!serverCancelsRead) {
                        s.cancelRead(0, pipe.now);
                    }
                    s.close();
                    it.remove();
                }
            }
            // The server closes with CancelRead + Close, with or without having read the pong.
            for (Iterator<Stream> it = serverOpen.iterator(); it.hasNext();) {
                Stream s = it.next();
                s.read(ByteBuffer.allocate(16), pipe.now);
                if (random.nextInt(3) == 0) {
                    if (serverCancelsRead) {
                        s.cancelRead(0, pipe.now);
                    }
                    s.close();
                    it.remove();
                }
            }
            int frames = pipe.pump();
            // The seed's symptom: both applications closed everything, nothing is in flight, and still
            // the opener has no credit. That state never changes again, so it is a permanent block.
            boolean idle = frames == 0 && serverOpen.isEmpty() && clientOpen.isEmpty()
                    && pipe.client.counts().pendingAccept() == 0;
            assertThat(idle && opened < STREAMS && !pipe.server.outgoing(true).canOpen())
                    .as("blocked for good after %d streams: %s", opened, pipe.client.counts()).isFalse();
            assertThat(rounds).as("rounds").isLessThan(100_000);
            // Never more peer streams live than the credit allows.
            assertThat(pipe.client.counts().open()).isLessThanOrEqualTo(256);
        }
        pipe.settle();

        for (StreamMap side : List.of(pipe.client, pipe.server)) {
            assertThat(side.counts().open()).isZero();
            assertThat(side.counts().pendingAccept()).isZero();
        }
        assertThat(pipe.server.counts().retiredLocalBidi()).isEqualTo(STREAMS);
        IncomingStreamLimit credit = pipe.client.incoming(true);
        assertThat(credit.opened()).isEqualTo(STREAMS);
        assertThat(credit.retired()).isEqualTo(STREAMS);
        assertThat(credit.isWhole()).isTrue();
        assertThat(pipe.server.outgoing(true).maxStreams()).isEqualTo(credit.maxStreams());
        assertThat(pipe.server.outgoing(true).maxStreams() - pipe.server.outgoing(true).opened()).isEqualTo(256);
        // Connection-level credit is whole too: everything received was consumed.
        assertThat(pipe.client.receiveConnection().consumed())
                .isEqualTo(pipe.client.receiveConnection().highestReceived());
        assertThat(pipe.server.receiveConnection().consumed())
                .isEqualTo(pipe.server.receiveConnection().highestReceived());
        if (loss > 0) {
            assertThat(pipe.lost).isPositive();
        }
    }
}
