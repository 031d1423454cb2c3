package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import org.junit.jupiter.api.Test;

/** The closing and draining states of RFC 9000 §10.2, on the state alone. */
class CloseStateTest {
    static final CloseReason WHY = CloseReason.transport(CloseReason.Kind.LOCAL, TransportError.NO_ERROR, "");

    @Test
    void closingAnswersIncomingPacketsAtAnExponentiallyFallingRate() {
        CloseState c = new CloseState();
        c.close(WHY, ConnectionCloseFrame.transport(TransportError.NO_ERROR, 0, ""), 0, 300);
        c.onCloseSent();
        int answers = 0;
        for (int i = 0; i < 100; i++) {
            c.onPacketWhileClosing();
            if (c.sendPending()) {
                answers++;
                c.onCloseSent();
            }
        }
        // RFC 9000 §10.2.1: "An endpoint SHOULD limit the rate at which it generates packets in the closing
        // state": after 1, 2, 4, 8, 16, 32 packets.
        assertThat(answers).isBetween(5, 8);
    }

    @Test
    void aCloseRunsOnce() {
        CloseState c = new CloseState();
        assertThat(c.close(WHY, ConnectionCloseFrame.transport(TransportError.NO_ERROR, 0, ""), 0, 300)).isTrue();
        assertThat(c.close(WHY, ConnectionCloseFrame.transport(TransportError.INTERNAL_ERROR, 0, ""), 1, 300))
                .isFalse();
        assertThat(c.frame().errorCode()).isZero();
    }

    @Test
    void drainingFromClosingKeepsTheClosingEndTime() {
        CloseState c = new CloseState();
        c.close(WHY, ConnectionCloseFrame.transport(TransportError.NO_ERROR, 0, ""), 0, 300);
        c.drain(WHY, 200, 300);
        // RFC 9000 §10.2.2: "the draining state ends when the closing state would have ended".
        assertThat(c.endTime()).isEqualTo(300);
        assertThat(c.sendPending()).isFalse();
        assertThat(c.onTimeout(299)).isFalse();
        assertThat(c.onTimeout(300)).isTrue();
        assertThat(c.phase()).isEqualTo(CloseState.Phase.CLOSED);
    }

    @Test
    void closingPeriodDoesNotEndBeforeTheCloseWasSentOnce() {
        CloseState c = new CloseState();
        c.close(WHY, ConnectionCloseFrame.transport(TransportError.NO_ERROR, 0, ""), 0, 300);
        // RFC 9000 §10.2.1: the period is over (1000 > 300) but the close never went out.
        assertThat(c.onTimeout(1000)).isFalse();
        assertThat(c.sendPending()).isTrue();
        assertThat(c.endTime()).isEqualTo(1300);
        c.onCloseSent();
        assertThat(c.onTimeout(1299)).isFalse();
        assertThat(c.onTimeout(1300)).isTrue();
        assertThat(c.phase()).isEqualTo(CloseState.Phase.CLOSED);
    }

    @Test
    void anUnsendableCloseStillEndsAfterOneMorePeriod() {
        CloseState c = new CloseState();
        c.close(WHY, ConnectionCloseFrame.transport(TransportError.NO_ERROR, 0, ""), 0, 300);
        assertThat(c.onTimeout(300)).isFalse();
        assertThat(c.onTimeout(600)).isTrue();
    }
}
