package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The idle timeout rules of RFC 9000 §10.1, on the timer alone. */
class IdleTimerTest {
    static final long S = 1_000_000_000L;

    @Test
    void effectiveTimeoutIsTheSmallerNonZeroOfBothSides() {
        IdleTimer t = new IdleTimer(30 * S, 0, 0);
        t.onPeerTimeout(10 * S);
        assertThat(t.deadline(0)).isEqualTo(10 * S);
        IdleTimer onlyPeer = new IdleTimer(0, 0, 0);
        onlyPeer.onPeerTimeout(7 * S);
        assertThat(onlyPeer.deadline(0)).isEqualTo(7 * S);
        IdleTimer neither = new IdleTimer(0, 0, 0);
        neither.onPeerTimeout(0);
        assertThat(neither.deadline(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void timeoutIsAtLeastThreeProbeTimeouts() {
        IdleTimer t = new IdleTimer(S, 0, 0);
        assertThat(t.deadline(2 * S)).isEqualTo(6 * S);
    }

    @Test
    void onlyTheFirstAckElicitingSendAfterAReceiveRestartsTheTimer() {
        IdleTimer t = new IdleTimer(10 * S, 0, 0);
        t.onPacketReceived(1 * S);
        t.onAckElicitingSent(2 * S);
        assertThat(t.deadline(0)).isEqualTo(12 * S);
        // RFC 9000 §10.1: "if no other ack-eliciting packets have been sent since last receiving".
        t.onAckElicitingSent(5 * S);
        assertThat(t.deadline(0)).isEqualTo(12 * S);
        t.onPacketReceived(6 * S);
        assertThat(t.deadline(0)).isEqualTo(16 * S);
    }

    @Test
    void keepAliveIsDueAPeriodAfterTheLastActivity() {
        IdleTimer t = new IdleTimer(30 * S, 10 * S, 0);
        assertThat(t.keepAliveDeadline()).isEqualTo(10 * S);
        t.onPacketReceived(4 * S);
        assertThat(t.keepAliveDeadline()).isEqualTo(14 * S);
        t.onKeepAliveQueued(14 * S);
        assertThat(t.keepAliveDeadline()).isEqualTo(24 * S);
    }
}
