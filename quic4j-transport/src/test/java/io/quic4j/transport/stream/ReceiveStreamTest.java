package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** RFC 9000 §3.2 (receiving states), §3.5, §4.1 (flow control), §4.5 (final size), §13.3. */
class ReceiveStreamTest {
    private static final long RTT = 10_000_000;
    private final ReceiveFlowControl connection = new ReceiveFlowControl(1000, 1000);

    private ReceiveStream stream(long window) {
        return new ReceiveStream(1, new ReceiveFlowControl(window, window), connection);
    }

    private static StreamFrame data(long offset, int n, boolean fin) {
        return new StreamFrame(1, offset, ByteBuffer.wrap(new byte[n]), fin, true);
    }

    private static void assertError(TransportError error, long frameType, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuicTransportException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.frameType()).isEqualTo(frameType);
        });
    }

    private static int read(ReceiveStream s, int n) {
        return s.read(ByteBuffer.allocate(n), 0, RTT);
    }

    @Test
    void recvToSizeKnownOnFinThenDataRecvdThenDataRead() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(5, 5, true), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.SIZE_KNOWN);
        s.onStreamFrame(data(0, 5, false), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.DATA_RECVD);
        assertThat(read(s, 4)).isEqualTo(4);
        assertThat(s.state()).isEqualTo(ReceiveState.DATA_RECVD);
        assertThat(read(s, 100)).isEqualTo(6);
        assertThat(s.state()).isEqualTo(ReceiveState.DATA_READ);
        assertThat(read(s, 100)).isEqualTo(-1);
    }

    @Test
    void recvToResetRecvdThenResetRead() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 5, false), 0, RTT);
        s.onResetStream(new ResetStreamFrame(1, 77, 8), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.RESET_RECVD);
        assertThat(s.resetCode()).isEqualTo(77);
        assertThat(read(s, 10)).isEqualTo(ReceiveStream.RESET);
        assertThat(s.state()).isEqualTo(ReceiveState.RESET_READ);
    }

    @Test
    void sizeKnownToResetRecvd() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(5, 5, true), 0, RTT);
        s.onResetStream(new ResetStreamFrame(1, 1, 10), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.RESET_RECVD);
    }

    @Test
    void resetAfterAllDataKeepsTheData() {
        // RFC 9000 §3.2: Data Recvd -> Reset Recvd is optional; we keep delivering the complete data.
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 5, true), 0, RTT);
        s.onResetStream(new ResetStreamFrame(1, 1, 5), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.DATA_RECVD);
        assertThat(read(s, 10)).isEqualTo(5);
    }

    @Test
    void resetDiscardsBufferedDataAndReturnsConnectionCredit() {
        ReceiveStream s = stream(600);
        s.onStreamFrame(data(0, 300, false), 0, RTT);
        s.onStreamFrame(data(400, 100, false), 0, RTT);
        s.onResetStream(new ResetStreamFrame(1, 1, 550), 0, RTT);
        assertThat(connection.highestReceived()).isEqualTo(550);
        assertThat(connection.consumed()).isEqualTo(550);
        assertThat(connection.pollUpdate()).isEqualTo(1550);
        assertThat(s.readableBytes()).isZero();
    }

    @Test
    void rejectsDataBeyondFinalSize() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 5, true), 0, RTT);
        assertError(TransportError.FINAL_SIZE_ERROR, 0x0e, () -> s.onStreamFrame(data(5, 1, false), 0, RTT));
    }

    @Test
    void rejectsChangedFinalSize() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 5, true), 0, RTT);
        assertError(TransportError.FINAL_SIZE_ERROR, FrameType.RESET_STREAM,
                () -> s.onResetStream(new ResetStreamFrame(1, 0, 6), 0, RTT));
        assertError(TransportError.FINAL_SIZE_ERROR, 0x0b, () -> s.onStreamFrame(data(0, 4, true), 0, RTT));
    }

    @Test
    void rejectsResetFinalSizeBelowDataReceived() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 50, false), 0, RTT);
        assertError(TransportError.FINAL_SIZE_ERROR, FrameType.RESET_STREAM,
                () -> s.onResetStream(new ResetStreamFrame(1, 0, 40), 0, RTT));
        assertThat(s.state()).isEqualTo(ReceiveState.RECV);
    }

    @Test
    void rejectsStreamFlowControlOverrun() {
        ReceiveStream s = stream(100);
        assertError(TransportError.FLOW_CONTROL_ERROR, 0x0e, () -> s.onStreamFrame(data(50, 51, false), 0, RTT));
    }

    @Test
    void rejectsResetFinalSizeOverTheLimit() {
        // RFC 9000 §4.5: a final size counts against flow control.
        ReceiveStream s = stream(100);
        assertError(TransportError.FLOW_CONTROL_ERROR, FrameType.RESET_STREAM,
                () -> s.onResetStream(new ResetStreamFrame(1, 0, 101), 0, RTT));
    }

    @Test
    void rejectsConnectionFlowControlOverrun() {
        ReceiveFlowControl conn = new ReceiveFlowControl(150, 150);
        ReceiveStream a = new ReceiveStream(1, new ReceiveFlowControl(100, 100), conn);
        ReceiveStream b = new ReceiveStream(5, new ReceiveFlowControl(100, 100), conn);
        a.onStreamFrame(data(0, 100, false), 0, RTT);
        assertError(TransportError.FLOW_CONTROL_ERROR, 0x0a, () -> b.onStreamFrame(data(0, 51, false), 0, RTT));
        b.onStreamFrame(data(0, 50, false), 0, RTT);
        assertThat(conn.highestReceived()).isEqualTo(150);
    }

    @Test
    void repeatedDataCostsNoConnectionCredit() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 50, false), 0, RTT);
        s.onStreamFrame(data(0, 50, false), 0, RTT);
        assertThat(connection.highestReceived()).isEqualTo(50);
    }

    @Test
    void maxStreamDataWhenHalfTheWindowIsConsumedOnlyInRecv() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 60, false), 0, RTT);
        assertThat(read(s, 49)).isEqualTo(49);
        assertThat(s.pollFrame(100)).isNull();
        assertThat(read(s, 1)).isEqualTo(1);
        Frame update = s.pollFrame(100);
        assertThat(update).isEqualTo(new MaxStreamDataFrame(1, 150));
        s.onLost(update);
        assertThat(s.pollFrame(100)).isEqualTo(update);
        s.onStreamFrame(data(60, 10, true), 0, RTT);
        read(s, 5);
        s.onLost(update);
        assertThat(s.pollFrame(100)).isNull(); // Size Known: no more MAX_STREAM_DATA
    }

    @Test
    void stopSendingRepeatedUntilResetArrives() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 10, false), 0, RTT);
        s.cancelRead(5, 0, RTT);
        Frame stop = s.pollFrame(100);
        assertThat(stop).isEqualTo(new StopSendingFrame(1, 5));
        s.onLost(stop);
        assertThat(s.pollFrame(100)).isEqualTo(stop);
        s.onResetStream(new ResetStreamFrame(1, 5, 10), 0, RTT);
        s.onLost(stop);
        assertThat(s.pollFrame(100)).isNull();
        assertThat(connection.consumed()).isEqualTo(10);
    }

    @Test
    void cancelReadDrainsAndReachesDataReadWhenAllDataArrives() {
        ReceiveStream s = stream(100);
        s.onStreamFrame(data(0, 10, false), 0, RTT);
        s.cancelRead(5, 0, RTT);
        s.cancelRead(6, 0, RTT); // idempotent
        assertThat(s.pollFrame(100)).isEqualTo(new StopSendingFrame(1, 5));
        s.onStreamFrame(data(10, 20, true), 0, RTT);
        assertThat(s.state()).isEqualTo(ReceiveState.DATA_READ);
        assertThat(connection.consumed()).isEqualTo(30);
        assertThat(read(s, 10)).isEqualTo(-1);
    }

    @Test
    void everyTransitionOutsideFigure3Throws() {
        int legal = 0;
        for (ReceiveState from : ReceiveState.values()) {
            for (ReceiveState to : ReceiveState.values()) {
                if (from.canMoveTo(to)) {
                    legal++;
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalStateException.class);
                }
            }
        }
        assertThat(legal).isEqualTo(6); // RFC 9000 Figure 3 without its two optional edges
    }
}
