package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operation sequences (RFC 9000 §3, §4, DESIGN.md §3): between two correct endpoints nothing is
 * ever thrown, credit is conserved (opened - retired = live) and flow control never overruns; when the
 * peer is an adversary sending random stream frames, the only failures are the typed transport errors.
 */
class StreamPropertiesTest {
    private static final StreamConfig CONFIG = new StreamConfig(8, 4, 3000, 12_000, 10_000, 40_000, 4000);
    private static final Set<TransportError> PEER_ERRORS = EnumSet.of(TransportError.STREAM_STATE_ERROR,
            TransportError.STREAM_LIMIT_ERROR, TransportError.FLOW_CONTROL_ERROR, TransportError.FINAL_SIZE_ERROR);

    @Property(tries = 200)
    void randomApplicationOperationsBetweenCorrectPeersConserveCreditAndNeverThrow(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 400) int steps) {
        Random random = new Random(seed);
        FramePipe pipe = new FramePipe(CONFIG, seed, random.nextInt(3) * 0.05);
        List<Stream> held = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            StreamMap side = random.nextBoolean() ? pipe.client : pipe.server;
            Stream s = held.isEmpty() ? null : held.get(random.nextInt(held.size()));
            switch (random.nextInt(10)) {
                case 0 -> add(held, side.open(random.nextBoolean()));
                case 1 -> add(held, side.accept(random.nextBoolean()));
                case 2 -> {
                    if (s != null) {
                        s.write(ByteBuffer.wrap(new byte[random.nextInt(5000)]));
                    }
                }
                case 3 -> {
                    if (s != null) {
                        s.read(ByteBuffer.allocate(random.nextInt(5000)), pipe.now);
                    }
                }
                case 4 -> {
                    if (s != null) {
                        s.finish();
                    }
                }
                case 5 -> {
                    if (s != null) {
                        s.cancelWrite(random.nextInt(4));
                    }
                }
                case 6 -> {
                    if (s != null) {
                        s.cancelRead(random.nextInt(4), pipe.now);
                    }
                }
                case 7 -> {
                    if (s != null) {
                        s.close();
                    }
                }
                default -> pipe.pump();
            }
            checkInvariants(pipe.client);
            checkInvariants(pipe.server);
        }
        // Everyone closes everything: then nothing may stay open on either side.
        for (int round = 0; round < 50; round++) {
            for (StreamMap side : List.of(pipe.client, pipe.server)) {
                for (boolean bidi : new boolean[]{true, false}) {
                    add(held, side.accept(bidi));
                }
            }
            held.forEach(Stream::close);
            pipe.pump();
        }
        pipe.settle();
        for (StreamMap side : List.of(pipe.client, pipe.server)) {
            assertThat(side.counts().open()).as("%s", side.counts()).isZero();
            assertThat(side.incoming(true).isWhole()).isTrue();
            assertThat(side.incoming(false).isWhole()).isTrue();
        }
    }

    private static void add(List<Stream> held, Stream s) {
        if (s != null) {
            held.add(s);
        }
    }

    private static void checkInvariants(StreamMap side) {
        for (boolean bidi : new boolean[]{true, false}) {
            IncomingStreamLimit credit = side.incoming(bidi);
            assertThat(credit.opened() - credit.retired()).isEqualTo(side.livePeerStreams(bidi));
            assertThat(credit.opened() - credit.retired()).isLessThanOrEqualTo(credit.window());
            assertThat(credit.maxStreams()).isLessThanOrEqualTo(credit.retired() + credit.window());
        }
        assertThat(side.receiveConnection().highestReceived()).isLessThanOrEqualTo(side.receiveConnection().limit());
        assertThat(side.sendConnection().used()).isLessThanOrEqualTo(side.sendConnection().limit());
    }

    @Property(tries = 300)
    void randomPeerFramesFailOnlyWithTypedStreamErrors(@ForAll long seed) {
        Random random = new Random(seed);
        StreamMap map = new StreamMap(random.nextBoolean(), CONFIG, PeerLimits.of(CONFIG));
        for (int i = 0; i < 3; i++) {
            map.open(random.nextBoolean());
        }
        try {
            for (int i = 0; i < 300; i++) {
                map.onFrame(randomFrame(random), i);
                if (random.nextInt(4) == 0) {
                    Stream s = map.accept(random.nextBoolean());
                    if (s != null && random.nextBoolean()) {
                        s.close();
                    }
                }
                for (Frame f; (f = map.pollFrame(1200)) != null;) {
                    if (random.nextBoolean()) {
                        map.onAcked(f);
                    } else {
                        map.onLost(f);
                    }
                }
                checkInvariants(map);
            }
        } catch (QuicTransportException e) {
            assertThat(e.error()).isIn(PEER_ERRORS);
        }
    }

    private static Frame randomFrame(Random r) {
        long id = r.nextInt(48);
        long offset = r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(3000);
        return switch (r.nextInt(5)) {
            case 0, 1 -> new StreamFrame(id, offset, ByteBuffer.wrap(new byte[r.nextInt(1500)]), r.nextInt(5) == 0,
                    true);
            case 2 -> new ResetStreamFrame(id, r.nextInt(10), offset);
            case 3 -> new StopSendingFrame(id, r.nextInt(10));
            default -> r.nextBoolean() ? new MaxStreamDataFrame(id, offset) : new StreamDataBlockedFrame(id, offset);
        };
    }
}
