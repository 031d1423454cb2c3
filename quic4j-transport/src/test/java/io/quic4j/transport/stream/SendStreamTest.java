package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §3.1 (sending states), §3.5 (STOP_SENDING), §4.1 (credit), §13.3 (retransmission). */
class SendStreamTest {
    private final SendFlowControl connection = new SendFlowControl(1 << 20);

    private SendStream stream(long limit) {
        return new SendStream(0, 1 << 20, new SendFlowControl(limit), connection);
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    @Test
    void readyToSendOnFirstStreamFrame() {
        SendStream s = stream(1000);
        s.write(bytes(10));
        assertThat(s.state()).isEqualTo(SendState.READY);
        Frame f = s.pollFrame(1200);
        assertThat(f).isInstanceOf(StreamFrame.class);
        assertThat(s.state()).isEqualTo(SendState.SEND);
    }

    @Test
    void readyToSendOnStreamDataBlocked() {
        SendStream s = stream(0);
        s.write(bytes(10));
        assertThat(s.pollFrame(1200)).isEqualTo(new StreamDataBlockedFrame(0, 0));
        assertThat(s.state()).isEqualTo(SendState.SEND);
    }

    @Test
    void sendToDataSentWhenFinSentAndDataRecvdWhenAllAcked() {
        SendStream s = stream(1000);
        s.write(bytes(10));
        StreamFrame first = (StreamFrame) s.pollFrame(1200);
        assertThat(s.state()).isEqualTo(SendState.SEND);
        s.finish();
        StreamFrame fin = (StreamFrame) s.pollFrame(1200);
        assertThat(fin.fin()).isTrue();
        assertThat(s.state()).isEqualTo(SendState.DATA_SENT);
        s.onAcked(fin);
        assertThat(s.state()).isEqualTo(SendState.DATA_SENT);
        s.onAcked(first);
        assertThat(s.state()).isEqualTo(SendState.DATA_RECVD);
        assertThat(s.state().isTerminal()).isTrue();
    }

    @Test
    void finAloneFromReadyPassesThroughSend() {
        SendStream s = stream(1000);
        s.finish();
        StreamFrame fin = (StreamFrame) s.pollFrame(1200);
        assertThat(fin.fin()).isTrue();
        assertThat(fin.dataLength()).isZero();
        assertThat(s.state()).isEqualTo(SendState.DATA_SENT);
    }

    @Test
    void resetFromEachNonTerminalState() {
        SendStream ready = stream(1000);
        ready.cancelWrite(7);
        assertThat(ready.state()).isEqualTo(SendState.RESET_SENT);

        SendStream send = stream(1000);
        send.write(bytes(10));
        send.pollFrame(1200);
        send.cancelWrite(7);
        assertThat(send.state()).isEqualTo(SendState.RESET_SENT);

        SendStream dataSent = stream(1000);
        dataSent.write(bytes(10));
        dataSent.finish();
        dataSent.pollFrame(1200);
        assertThat(dataSent.state()).isEqualTo(SendState.DATA_SENT);
        dataSent.cancelWrite(7);
        assertThat(dataSent.state()).isEqualTo(SendState.RESET_SENT);
    }

    @Test
    void resetSentToResetRecvdWhenResetAcked() {
        SendStream s = stream(1000);
        s.write(bytes(10));
        s.pollFrame(1200);
        s.cancelWrite(9);
        ResetStreamFrame reset = (ResetStreamFrame) s.pollFrame(1200);
        assertThat(reset).isEqualTo(new ResetStreamFrame(0, 9, 10));
        s.onAcked(reset);
        assertThat(s.state()).isEqualTo(SendState.RESET_RECVD);
        assertThat(s.pollFrame(1200)).isNull();
    }

    @Test
    void resetStreamRetransmittedUntilAcked() {
        // RFC 9000 §13.3: RESET_STREAM "is sent until acknowledged".
        SendStream s = stream(1000);
        s.cancelWrite(3);
        Frame r1 = s.pollFrame(1200);
        assertThat(s.pollFrame(1200)).isNull();
        s.onLost(r1);
        Frame r2 = s.pollFrame(1200);
        assertThat(r2).isEqualTo(r1);
        s.onAcked(r2);
        s.onLost(r1); // a late loss of the first copy changes nothing
        assertThat(s.pollFrame(1200)).isNull();
        assertThat(s.state()).isEqualTo(SendState.RESET_RECVD);
    }

    @Test
    void resetFinalSizeIsDataSentAndQueuedDataIsDiscarded() {
        // RFC 9000 §4.5 final size = bytes sent; §3.1 no more STREAM frames after RESET_STREAM.
        SendStream s = stream(5);
        s.write(bytes(20));
        s.pollFrame(1200);
        s.cancelWrite(1);
        assertThat(s.finalSize()).isEqualTo(5);
        assertThat(s.pollFrame(1200)).isInstanceOf(ResetStreamFrame.class);
        assertThat(s.pollFrame(1200)).isNull();
        assertThat(s.write(bytes(1))).isEqualTo(-1);
    }

    @Test
    void stopSendingResetsWithThePeersCode() {
        // RFC 9000 §3.5: STOP_SENDING in Ready/Send -> RESET_STREAM, copying the error code.
        SendStream s = stream(1000);
        s.write(bytes(4));
        s.pollFrame(1200);
        s.onStopSending(42);
        assertThat(s.pollFrame(1200)).isEqualTo(new ResetStreamFrame(0, 42, 4));
    }

    @Test
    void cancelWriteIsIdempotentAndFirstCodeWins() {
        SendStream s = stream(1000);
        s.cancelWrite(1);
        s.cancelWrite(2);
        s.onStopSending(3);
        assertThat(s.errorCode()).isEqualTo(1);
        assertThat(s.pollFrame(1200)).isEqualTo(new ResetStreamFrame(0, 1, 0));
        assertThat(s.pollFrame(1200)).isNull();
    }

    @Test
    void noResetOnceDataRecvd() {
        SendStream s = stream(1000);
        s.finish();
        Frame fin = s.pollFrame(1200);
        s.onAcked(fin);
        s.cancelWrite(5);
        s.onStopSending(6);
        assertThat(s.state()).isEqualTo(SendState.DATA_RECVD);
        assertThat(s.pollFrame(1200)).isNull();
    }

    @Test
    void streamDataBlockedOncePerLimitAndRepeatedOnlyWhileStillBlocked() {
        // RFC 9000 §4.1 / §13.3
        SendStream s = stream(4);
        s.write(bytes(10));
        StreamFrame data = (StreamFrame) s.pollFrame(1200);
        assertThat(data.dataLength()).isEqualTo(4);
        Frame blocked = s.pollFrame(1200);
        assertThat(blocked).isEqualTo(new StreamDataBlockedFrame(0, 4));
        assertThat(s.pollFrame(1200)).isNull();
        s.onLost(blocked);
        assertThat(s.pollFrame(1200)).isEqualTo(blocked);
        s.onMaxStreamData(8);
        s.onLost(blocked); // no longer blocked at 4
        assertThat(((StreamFrame) s.pollFrame(1200)).dataLength()).isEqualTo(4);
        assertThat(s.pollFrame(1200)).isEqualTo(new StreamDataBlockedFrame(0, 8));
    }

    @Test
    void smallerMaxStreamDataIsIgnored() {
        SendStream s = stream(100);
        s.onMaxStreamData(50);
        assertThat(s.flow().limit()).isEqualTo(100);
    }

    @Test
    void connectionCreditIsSharedAndReportedAsDataBlocked() {
        SendFlowControl conn = new SendFlowControl(6);
        SendStream a = new SendStream(0, 1000, new SendFlowControl(100), conn);
        SendStream b = new SendStream(4, 1000, new SendFlowControl(100), conn);
        a.write(bytes(4));
        b.write(bytes(4));
        assertThat(((StreamFrame) a.pollFrame(1200)).dataLength()).isEqualTo(4);
        assertThat(((StreamFrame) b.pollFrame(1200)).dataLength()).isEqualTo(2);
        assertThat(b.pollFrame(1200)).isNull();
        assertThat(conn.pollBlocked()).isEqualTo(6);
    }

    @Test
    void lostDataIsRetransmittedWithoutNewCredit() {
        SendStream s = stream(10);
        s.write(bytes(10));
        StreamFrame f = (StreamFrame) s.pollFrame(1200);
        s.onLost(f);
        StreamFrame again = (StreamFrame) s.pollFrame(1200);
        assertThat(again.offset()).isZero();
        assertThat(again.dataLength()).isEqualTo(10);
    }

    @Test
    void everyTransitionOutsideFigure2Throws() {
        int legal = 0;
        for (SendState from : SendState.values()) {
            for (SendState to : SendState.values()) {
                if (from.canMoveTo(to)) {
                    legal++;
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(IllegalStateException.class);
                }
            }
        }
        assertThat(legal).isEqualTo(7); // the seven edges of RFC 9000 Figure 2
    }
}
