package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import java.nio.ByteBuffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** RFC 9000 §2.1, §3.2, §4.6, §19.4-§19.14 and DESIGN.md §3, at the level of one connection's streams. */
class StreamMapTest {
    private static final StreamConfig CONFIG = new StreamConfig(4, 2, 1000, 1000, 10_000, 10_000, 1000);

    /** We are the client; the peer is a server with the same settings. */
    private final StreamMap map = new StreamMap(true, CONFIG, PeerLimits.of(CONFIG));

    private static final long SERVER_BIDI_0 = 1;
    private static final long SERVER_UNI_0 = 3;
    private static final long CLIENT_BIDI_0 = 0;
    private static final long CLIENT_UNI_0 = 2;

    private static StreamFrame data(long id, long offset, int n, boolean fin) {
        return new StreamFrame(id, offset, ByteBuffer.wrap(new byte[n]), fin, true);
    }

    private static void assertError(TransportError error, long frameType, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuicTransportException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.frameType()).isEqualTo(frameType);
        });
    }

    @Test
    void rejectsStreamFrameOnOurSendOnlyStream() {
        // RFC 9000 §19.8: STREAM for a send-only stream is STREAM_STATE_ERROR.
        map.open(false);
        assertError(TransportError.STREAM_STATE_ERROR, 0x0b, () -> map.onFrame(data(CLIENT_UNI_0, 0, 1, true), 0));
    }

    @Test
    void rejectsResetStreamOnOurSendOnlyStream() {
        // RFC 9000 §19.4
        map.open(false);
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.RESET_STREAM,
                () -> map.onFrame(new ResetStreamFrame(CLIENT_UNI_0, 0, 0), 0));
    }

    @Test
    void rejectsStreamDataBlockedOnOurSendOnlyStream() {
        // RFC 9000 §19.13
        map.open(false);
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.STREAM_DATA_BLOCKED,
                () -> map.onFrame(new StreamDataBlockedFrame(CLIENT_UNI_0, 0), 0));
    }

    @Test
    void rejectsStopSendingOnPeersReceiveOnlyStream() {
        // RFC 9000 §19.5: STOP_SENDING for a receive-only stream is STREAM_STATE_ERROR.
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.STOP_SENDING,
                () -> map.onFrame(new StopSendingFrame(SERVER_UNI_0, 0), 0));
    }

    @Test
    void rejectsMaxStreamDataOnPeersReceiveOnlyStream() {
        // RFC 9000 §19.10
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.MAX_STREAM_DATA,
                () -> map.onFrame(new MaxStreamDataFrame(SERVER_UNI_0, 10), 0));
    }

    @Test
    void rejectsFramesForOurStreamsNotYetCreated() {
        // RFC 9000 §19.8, §19.5, §19.10: "a locally initiated stream that has not yet been created".
        assertError(TransportError.STREAM_STATE_ERROR, 0x0b, () -> map.onFrame(data(CLIENT_BIDI_0, 0, 1, true), 0));
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.STOP_SENDING,
                () -> map.onFrame(new StopSendingFrame(CLIENT_BIDI_0, 0), 0));
        assertError(TransportError.STREAM_STATE_ERROR, FrameType.MAX_STREAM_DATA,
                () -> map.onFrame(new MaxStreamDataFrame(CLIENT_UNI_0, 0), 0));
    }

    @Test
    void rejectsPeerStreamIdOverTheLimit() {
        // RFC 9000 §4.6: bidi limit 4 -> server bidi index 4 (ID 17) is STREAM_LIMIT_ERROR.
        map.onFrame(data(StreamId.of(3, false, true), 0, 1, false), 0);
        assertError(TransportError.STREAM_LIMIT_ERROR, 0x0a,
                () -> map.onFrame(data(StreamId.of(4, false, true), 0, 1, false), 0));
        assertError(TransportError.STREAM_LIMIT_ERROR, FrameType.RESET_STREAM,
                () -> map.onFrame(new ResetStreamFrame(StreamId.of(2, false, false), 0, 0), 0));
    }

    @Test
    void peerStreamOpensLowerNumberedStreamsImplicitlyInOrder() {
        // RFC 9000 §3.2
        map.onFrame(data(StreamId.of(2, false, true), 0, 1, false), 0);
        assertThat(map.accept(true).id()).isEqualTo(StreamId.of(0, false, true));
        assertThat(map.accept(true).id()).isEqualTo(StreamId.of(1, false, true));
        assertThat(map.accept(true).id()).isEqualTo(StreamId.of(2, false, true));
        assertThat(map.accept(true)).isNull();
    }

    @Test
    void peerStreamRetiredOnceWhenBothHalvesDoneAndAccepted() {
        map.onFrame(data(SERVER_BIDI_0, 0, 3, true), 0);
        assertThat(map.counts().pendingAccept()).isEqualTo(1);
        Stream s = map.accept(true);
        s.close();
        Frame fin = map.pollFrame(1200);
        assertThat(fin).isInstanceOf(StreamFrame.class);
        assertThat(map.incoming(true).retired()).isZero();
        map.onAcked(fin);
        assertThat(s.isRetired()).isTrue();
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        map.onAcked(fin); // a duplicate notification retires nothing more
        s.close();
        s.cancelWrite(1);
        s.cancelRead(1, 0);
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        assertThat(map.counts().open()).isZero();
        // A late frame for the retired stream is ignored, not a new stream.
        map.onFrame(data(SERVER_BIDI_0, 0, 3, true), 0);
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void unacceptedStreamIsNotRetiredUntilAccepted() {
        map.onFrame(data(SERVER_UNI_0, 0, 3, true), 0);
        assertThat(map.incoming(false).retired()).isZero();
        Stream s = map.accept(false);
        assertThat(map.incoming(false).retired()).isEqualTo(1);
        assertThat(s.read(ByteBuffer.allocate(10), 0)).isEqualTo(3); // unread data survives retirement
    }

    @Test
    void streamResetBeforeAcceptIsRetiredAndItsSendHalfReset() {
        map.onFrame(data(SERVER_BIDI_0, 0, 3, false), 0);
        map.onFrame(new ResetStreamFrame(SERVER_BIDI_0, 9, 3), 0);
        assertThat(map.accept(true)).isNull();
        Frame reset = map.pollFrame(1200);
        assertThat(reset).isEqualTo(new ResetStreamFrame(SERVER_BIDI_0, 0, 0));
        map.onAcked(reset);
        assertThat(map.incoming(true).retired()).isEqualTo(1);
        assertThat(map.counts().open()).isZero();
    }

    @Test
    void maxStreamsAdvertisedBeforeThePeerIsBlocked() {
        for (int i = 0; i < 3; i++) {
            map.onFrame(data(StreamId.of(i, false, false), 0, 1, true), 0);
            map.accept(false).close();
        }
        assertThat(map.pollFrame(1200)).isEqualTo(new MaxStreamsFrame(false, 5));
    }

    @Test
    void streamsBlockedWhenThePeersLimitIsReached() {
        StreamMap m = new StreamMap(true, CONFIG, new PeerLimits(1000, 1000, 1000, 1000, 1, 0));
        assertThat(m.open(true)).isNotNull();
        assertThat(m.open(true)).isNull();
        assertThat(m.open(false)).isNull();
        assertThat(m.pollFrame(1200)).isEqualTo(new StreamsBlockedFrame(true, 1));
        assertThat(m.pollFrame(1200)).isEqualTo(new StreamsBlockedFrame(false, 0));
        m.onFrame(new MaxStreamsFrame(true, 2), 0);
        assertThat(m.open(true).id()).isEqualTo(4);
    }

    @Test
    void ourStreamLeavesTheMapWhenBothHalvesAreDone() {
        Stream s = map.open(true);
        s.write(ByteBuffer.wrap(new byte[5]));
        s.finish();
        Frame f = map.pollFrame(1200);
        map.onAcked(f);
        assertThat(map.counts().halfClosedBidi()).isEqualTo(1);
        map.onFrame(data(CLIENT_BIDI_0, 0, 2, true), 0);
        assertThat(map.counts().open()).isZero();
        assertThat(map.counts().retiredLocalBidi()).isEqualTo(1);
        assertThat(s.read(ByteBuffer.allocate(5), 0)).isEqualTo(2);
    }

    @Test
    void unreadDataOfClosedStreamReturnsConnectionCredit() {
        map.onFrame(data(SERVER_BIDI_0, 0, 600, false), 0);
        map.accept(true).close();
        assertThat(map.receiveConnection().consumed()).isEqualTo(600);
        assertThat(map.pollFrame(1200)).isEqualTo(new StopSendingFrame(SERVER_BIDI_0, 0));
    }

    @Test
    void maxDataAdvertisedWhenHalfTheConnectionWindowIsRead() {
        // RFC 9000 §4.2; the window here is 10,000 bytes over streams of 1,000.
        for (int i = 0; i < 4; i++) {
            map.onFrame(data(StreamId.of(i, false, true), 0, 1000, false), 0);
        }
        map.onFrame(data(StreamId.of(0, false, false), 0, 1000, false), 0);
        ByteBuffer sink = ByteBuffer.allocate(1000);
        for (int i = 0; i < 4; i++) {
            map.accept(true).read(sink.clear(), 0);
        }
        assertThat(map.pollFrame(1200)).isNotInstanceOf(MaxDataFrame.class);
        map.accept(false).read(sink.clear(), 0);
        assertThat(map.pollFrame(1200)).isEqualTo(new MaxDataFrame(15_000));
    }

    @Test
    void dataBlockedWhenTheConnectionLimitStopsNewData() {
        // RFC 9000 §4.1
        StreamMap m = new StreamMap(true, CONFIG, new PeerLimits(100, 1000, 1000, 1000, 4, 4));
        m.open(true).write(ByteBuffer.wrap(new byte[300]));
        StreamFrame first = (StreamFrame) m.pollFrame(1200);
        assertThat(first.dataLength()).isEqualTo(100);
        assertThat(m.pollFrame(1200)).isEqualTo(new DataBlockedFrame(100));
        assertThat(m.pollFrame(1200)).isNull();
        m.onFrame(new MaxDataFrame(300), 0);
        assertThat(((StreamFrame) m.pollFrame(1200)).dataLength()).isEqualTo(200);
    }

    @Test
    void stopSendingOrMaxStreamDataOpensThePeersBidiStream() {
        // RFC 9000 §3.2 (a bidirectional stream opens on any frame for it) and §3.5.
        map.onFrame(new StopSendingFrame(SERVER_BIDI_0, 4), 0);
        Stream s = map.accept(true);
        assertThat(s.id()).isEqualTo(SERVER_BIDI_0);
        assertThat(s.send().state()).isEqualTo(SendState.RESET_SENT);
        map.onFrame(new MaxStreamDataFrame(StreamId.of(1, false, true), 5000), 0);
        assertThat(map.accept(true).send().flow().limit()).isEqualTo(5000);
    }
}
