package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import org.junit.jupiter.api.Test;

/** RFC 9000 §4.1, §4.2: credit on both sides, updates and auto-tuning. */
class FlowControlTest {
    private static final long MS = 1_000_000;

    @Test
    void receiverRejectsOffsetPastLimitWithFlowControlError() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 100);
        assertThat(fc.onReceived(100, 0x08)).isEqualTo(100);
        assertThatThrownBy(() -> fc.onReceived(101, 0x08)).isInstanceOfSatisfying(QuicTransportException.class,
                e -> assertThat(e.error()).isEqualTo(TransportError.FLOW_CONTROL_ERROR));
        assertThat(fc.highestReceived()).isEqualTo(100);
    }

    @Test
    void updateAdvertisedEarlyWhenHalfTheWindowIsConsumed() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 100);
        fc.onReceived(100, 0x08);
        fc.onConsumed(49, 0, 10 * MS);
        assertThat(fc.pollUpdate()).isEqualTo(-1);
        fc.onConsumed(1, 0, 10 * MS);
        assertThat(fc.pollUpdate()).isEqualTo(150);
        assertThat(fc.pollUpdate()).isEqualTo(-1);
    }

    @Test
    void onlyTheLatestUpdateIsRepeatedAfterLoss() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 100);
        fc.onReceived(100, 0x08);
        fc.onConsumed(50, 0, 10 * MS);
        long first = fc.pollUpdate();
        fc.onReceived(150, 0x08);
        fc.onConsumed(50, 1000 * MS, 10 * MS);
        long second = fc.pollUpdate();
        fc.onUpdateLost(first);
        assertThat(fc.hasUpdatePending()).isFalse();
        fc.onUpdateLost(second);
        assertThat(fc.pollUpdate()).isEqualTo(second);
    }

    @Test
    void windowDoublesWhenUpdatesComeFasterThanTwoRttsUpToTheMaximum() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 300);
        long rtt = 10 * MS;
        long now = 0;
        long received = 0;
        for (int i = 0; i < 6; i++) {
            received = fc.limit();
            fc.onReceived(received, 0x08);
            fc.onConsumed(received - fc.consumed(), now, rtt);
            fc.pollUpdate();
            now += rtt; // one update per RTT: faster than 2 RTT
        }
        assertThat(fc.window()).isEqualTo(300);
    }

    @Test
    void windowStaysWhenUpdatesAreSlow() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 1000);
        long now = 0;
        for (int i = 0; i < 5; i++) {
            fc.onReceived(fc.limit(), 0x08);
            fc.onConsumed(fc.highestReceived() - fc.consumed(), now, 10 * MS);
            now += 100 * MS;
        }
        assertThat(fc.window()).isEqualTo(100);
    }

    @Test
    void senderIgnoresSmallerLimitsAndReportsBlockedOncePerLimit() {
        SendFlowControl fc = new SendFlowControl(10);
        assertThat(fc.update(5)).isFalse();
        fc.consume(10);
        assertThatThrownBy(() -> fc.consume(1)).isInstanceOf(IllegalStateException.class);
        fc.onBlocked();
        assertThat(fc.pollBlocked()).isEqualTo(10);
        fc.onBlocked();
        assertThat(fc.pollBlocked()).isEqualTo(-1);
        fc.onBlockedLost(10);
        assertThat(fc.pollBlocked()).isEqualTo(10);
        fc.update(20);
        fc.onBlockedLost(10);
        assertThat(fc.pollBlocked()).isEqualTo(-1);
        assertThat(fc.available()).isEqualTo(10);
    }

    @Test
    void aTimeBeforeTheLastUpdateNeverGrowsTheWindow() {
        ReceiveFlowControl fc = new ReceiveFlowControl(100, 1000);
        fc.onReceived(100, 0x08);
        fc.onConsumed(50, 5000 * MS, 10 * MS);
        fc.onReceived(150, 0x08);
        fc.onConsumed(50, 0, 10 * MS);
        assertThat(fc.window()).isEqualTo(100);
        assertThat(fc.limit()).isEqualTo(200);
    }
}
