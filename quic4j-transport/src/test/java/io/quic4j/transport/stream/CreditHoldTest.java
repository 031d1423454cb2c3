package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Memory back-pressure on receive credit (RFC 9000 §4.2: when and how much credit to advertise is the receiver's
 * choice; §4.1: credit advertised is never taken back): while held, no update is queued and the window does not
 * grow; on release the update that came due is owed at once, so nothing waits for more data to be read.
 */
class CreditHoldTest {
    private static final long RTT = 1_000_000_000L;

    @Test
    void heldCreditQueuesNoUpdateAndTheReleaseOwesItAtOnce() {
        ReceiveFlowControl fc = new ReceiveFlowControl(1_000, 1_000);
        fc.onReceived(600, FrameType.STREAM);
        fc.hold(true);
        fc.onConsumed(600, 0, RTT);
        assertThat(fc.hasUpdatePending()).isFalse();
        assertThat(fc.pollUpdate()).isEqualTo(-1);
        assertThat(fc.limit()).as("the peer is allowed no more than it was granted").isEqualTo(1_000);

        fc.hold(false);
        assertThat(fc.hasUpdatePending()).isTrue();
        assertThat(fc.pollUpdate()).isEqualTo(1_600);
        assertThat(fc.hasUpdatePending()).isFalse();
    }

    @Test
    void heldCreditDoesNotGrowTheWindow() {
        ReceiveFlowControl held = new ReceiveFlowControl(1_000, 8_000);
        ReceiveFlowControl free = new ReceiveFlowControl(1_000, 8_000);
        for (ReceiveFlowControl fc : new ReceiveFlowControl[]{held, free}) {
            fc.onReceived(600, FrameType.STREAM);
            fc.onConsumed(600, 0, RTT);
            assertThat(fc.pollUpdate()).isEqualTo(1_600);
            fc.onReceived(1_200, FrameType.STREAM);
        }
        held.hold(true);
        // Another update due within two round trips: auto-tuning would double the window.
        held.onConsumed(600, 1, RTT);
        free.onConsumed(600, 1, RTT);
        assertThat(free.window()).isEqualTo(2_000);
        assertThat(free.pollUpdate()).isEqualTo(3_200);
        assertThat(held.window()).isEqualTo(1_000);
        held.hold(false);
        assertThat(held.pollUpdate()).isEqualTo(2_200);
        assertThat(held.window()).as("no growth on release either").isEqualTo(1_000);
    }

    @Test
    void aStreamWhoseFinalSizeIsKnownForgetsItsDeferredUpdate() {
        ReceiveFlowControl fc = new ReceiveFlowControl(1_000, 1_000);
        fc.onReceived(600, FrameType.STREAM);
        fc.hold(true);
        fc.onConsumed(600, 0, RTT);
        fc.stopUpdates();
        fc.hold(false);
        assertThat(fc.hasUpdatePending()).isFalse();
        assertThat(fc.limit()).isEqualTo(1_000);
    }

    @Test
    void everyStreamFollowsItsConnectionsHold() {
        ReceiveFlowControl connection = new ReceiveFlowControl(100_000, 100_000);
        ReceiveStream s = new ReceiveStream(4, new ReceiveFlowControl(1_000, 1_000), connection);
        s.onStreamFrame(new StreamFrame(4, 0, ByteBuffer.wrap(new byte[900]), false, true), 0, RTT);
        connection.hold(true);
        assertThat(s.read(ByteBuffer.allocate(900), 1, RTT)).isEqualTo(900);
        assertThat(s.hasFrameToSend()).isFalse();
        assertThat(s.pollFrame(100)).isNull();

        connection.hold(false);
        assertThat(s.hasFrameToSend()).isTrue();
        Frame f = s.pollFrame(100);
        assertThat(f).isEqualTo(new MaxStreamDataFrame(4, 1_900));
    }
}
