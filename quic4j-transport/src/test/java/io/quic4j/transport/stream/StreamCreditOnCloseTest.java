package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamConfig#creditOnClose}: a peer stream returns its MAX_STREAMS credit only once the application has
 * released it, on top of DESIGN.md §3's conditions (RFC 9000 §4.6: the receiver decides when to raise the limit);
 * without it, as soon as both halves are done. We are the server; the peer is a client that resets its streams.
 */
class StreamCreditOnCloseTest {
    private static final int WINDOW = 4;
    private static final StreamConfig EARLY = new StreamConfig(WINDOW, 2, 1000, 1000, 10_000, 10_000, 1000);
    private static final StreamConfig HELD = EARLY.withCreditOnClose(true);

    private static long peerBidi(int index) {
        return StreamId.of(index, true, true);
    }

    private static StreamMap server(StreamConfig config) {
        return new StreamMap(false, config, PeerLimits.of(config));
    }

    /**
     * Sends every frame the map owes and acknowledges it (a lossless path), keeping the MAX_STREAMS among them.
     *
     * @return the MAX_STREAMS frames sent
     */
    private static List<MaxStreamsFrame> flight(StreamMap map) {
        List<MaxStreamsFrame> limits = new ArrayList<>();
        for (Frame f; (f = map.pollFrame(1200)) != null;) {
            if (f instanceof MaxStreamsFrame m) {
                limits.add(m);
            }
            map.onAcked(f);
        }
        return limits;
    }

    /**
     * The peer opens a request (some bytes, no FIN), then sends RESET_STREAM and STOP_SENDING at once; we answer
     * STOP_SENDING with RESET_STREAM (RFC 9000 §3.5) and it is acknowledged: both halves are terminal.
     */
    private static Stream openedAndReset(StreamMap map, int index) {
        long id = peerBidi(index);
        map.onFrame(new StreamFrame(id, 0, ByteBuffer.wrap(new byte[10]), false, true), 0);
        Stream s = map.accept(true);
        assertThat(s.id()).isEqualTo(id);
        map.onFrame(new ResetStreamFrame(id, 0x10c, 10), 0);
        map.onFrame(new StopSendingFrame(id, 0x10c), 0);
        return s;
    }

    @Test
    void resetAndStopSendingReturnNoCreditUntilTheApplicationCloses() {
        StreamMap map = server(HELD);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            streams.add(openedAndReset(map, i));
        }
        assertThat(flight(map)).as("MAX_STREAMS while the application holds the streams").isEmpty();
        for (Stream s : streams) {
            assertThat(s.sendDone()).isTrue();
            assertThat(s.receiveDone()).isTrue();
            assertThat(s.isRetired()).isFalse();
        }
        assertThat(map.incoming(true).retired()).isZero();
        assertThat(map.incoming(true).maxStreams()).isEqualTo(WINDOW);
        StreamCounts held = map.counts();
        assertThat(held.openBidi()).isEqualTo(WINDOW);
        assertThat(held.halfClosedBidi()).isZero();
        assertThat(held.retiredPeerBidi()).isZero();
        // RFC 9000 §4.6: the peer has no credit left, so its next stream is STREAM_LIMIT_ERROR.
        assertThatThrownBy(() -> map.onFrame(new StreamFrame(peerBidi(WINDOW), 0, ByteBuffer.allocate(1), false,
                true), 0)).isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.STREAM_LIMIT_ERROR));

        List<MaxStreamsFrame> sent = new ArrayList<>();
        for (Stream s : streams) {
            s.close();
            assertThat(s.isRetired()).isTrue();
            sent.addAll(flight(map));
        }
        assertThat(map.incoming(true).retired()).isEqualTo(WINDOW);
        assertThat(sent).isNotEmpty().last().isEqualTo(new MaxStreamsFrame(true, 2 * WINDOW));
        assertThat(map.counts().open()).isZero();
        assertThat(map.counts().retiredPeerBidi()).isEqualTo(WINDOW);
        assertThat(map.incoming(true).isWhole()).isTrue();
    }

    @Test
    void withoutTheSwitchResetAndStopSendingReturnCreditAtOnce() {
        StreamMap map = server(EARLY);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            streams.add(openedAndReset(map, i));
        }
        List<MaxStreamsFrame> sent = flight(map);
        assertThat(streams).allMatch(Stream::isRetired);
        assertThat(map.incoming(true).retired()).isEqualTo(WINDOW);
        assertThat(sent).isNotEmpty().last().isEqualTo(new MaxStreamsFrame(true, 2 * WINDOW));
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void closeBeforeBothHalvesAreDoneRetiresOnceWhenTheyAre() {
        StreamMap map = server(HELD);
        long id = peerBidi(0);
        map.onFrame(new StreamFrame(id, 0, ByteBuffer.wrap(new byte[10]), false, true), 0);
        Stream s = map.accept(true);
        s.close(); // FIN and STOP_SENDING; the application is done, the protocol is not
        assertThat(s.isReleased()).isTrue();
        assertThat(s.isRetired()).isFalse();
        assertThat(map.incoming(true).retired()).isZero();
        flight(map); // our FIN is acknowledged: the send half is terminal
        assertThat(s.isRetired()).isFalse();
        assertThat(map.counts().halfClosedBidi()).isEqualTo(1);
        map.onFrame(new ResetStreamFrame(id, 0, 10), 0); // the peer answers STOP_SENDING
        assertThat(s.isRetired()).isTrue();
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        // Nothing the application or a late frame does retires it again.
        s.close();
        s.release();
        s.cancelRead(1, 0);
        s.cancelWrite(1);
        map.onFrame(new ResetStreamFrame(id, 0, 10), 0);
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        assertThat(map.counts().retiredPeerBidi()).isEqualTo(1);
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void releaseAfterBothHalvesAreDoneRetiresExactlyOnce() {
        StreamMap map = server(HELD);
        Stream s = openedAndReset(map, 0);
        flight(map);
        assertThat(s.isRetired()).isFalse();
        s.release();
        assertThat(s.isRetired()).isTrue();
        s.release();
        s.close();
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        assertThat(map.counts().retiredPeerBidi()).isEqualTo(1);
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void releaseAloneDoesNotRetireALiveStream() {
        StreamMap map = server(HELD);
        long id = peerBidi(0);
        map.onFrame(new StreamFrame(id, 0, ByteBuffer.wrap(new byte[3]), true, true), 0);
        Stream s = map.accept(true);
        s.release(); // both halves still open: DESIGN.md §3's conditions still apply
        assertThat(s.isRetired()).isFalse();
        assertThat(s.read(ByteBuffer.allocate(8), 0)).isEqualTo(3);
        s.finish();
        flight(map);
        assertThat(s.isRetired()).isTrue();
        assertThat(map.incoming(true).retired()).isEqualTo(1);
    }

    @Test
    void aStreamResetBeforeTheApplicationSawItNeedsNoRelease() {
        StreamMap map = server(HELD);
        long id = peerBidi(0);
        map.onFrame(new StreamFrame(id, 0, ByteBuffer.wrap(new byte[3]), false, true), 0);
        map.onFrame(new ResetStreamFrame(id, 9, 3), 0);
        assertThat(map.accept(true)).isNull();
        flight(map);
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void ourOwnStreamsLeaveTheMapWithoutARelease() {
        StreamMap map = server(HELD);
        Stream s = map.open(true);
        s.finish();
        flight(map);
        map.onFrame(new StreamFrame(s.id(), 0, ByteBuffer.allocate(0), true, true), 0);
        assertThat(s.isReleased()).isFalse();
        assertThat(map.counts().open()).isZero();
        assertThat(map.counts().retiredLocalBidi()).isEqualTo(1);
    }

    @Test
    void unidirectionalPeerStreamsHoldTheirCreditToo() {
        StreamMap map = server(HELD);
        long id = StreamId.of(0, true, false);
        map.onFrame(new StreamFrame(id, 0, ByteBuffer.wrap(new byte[3]), true, true), 0);
        Stream s = map.accept(false);
        assertThat(s.read(ByteBuffer.allocate(8), 0)).isEqualTo(3);
        assertThat(s.read(ByteBuffer.allocate(8), 0)).isEqualTo(-1);
        assertThat(map.incoming(false).retired()).isZero();
        s.close();
        assertThat(map.incoming(false).retired()).isEqualTo(1);
    }
}
