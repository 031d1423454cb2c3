package io.quic4j.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Server ticket keys (RFC 8446 §4.6.1) and 0-RTT anti-replay (RFC 8446 §8). */
class SessionTicketKeysTest {
    @Test
    void opensWhatItSealsUntilRotatedOut() {
        SessionTicketKeys keys = new SessionTicketKeys(new SecureRandom(), 2);
        byte[] ticket = keys.seal(new byte[]{1, 2, 3});
        assertThat(keys.open(ByteBuffer.wrap(ticket))).containsExactly(1, 2, 3);
        keys.rotate();
        assertThat(keys.open(ByteBuffer.wrap(ticket))).containsExactly(1, 2, 3);
        keys.rotate();
        assertThat(keys.open(ByteBuffer.wrap(ticket))).isNull();
    }

    @Test
    void forgedOrTruncatedTicketsDoNotOpen() {
        SessionTicketKeys keys = SessionTicketKeys.generate();
        byte[] ticket = keys.seal(new byte[10]);
        ticket[ticket.length - 1] ^= 1;
        assertThat(keys.open(ByteBuffer.wrap(ticket))).isNull();
        assertThat(keys.open(ByteBuffer.wrap(new byte[20]))).isNull();
        assertThat(SessionTicketKeys.generate().open(ByteBuffer.wrap(keys.seal(new byte[1])))).isNull();
    }

    @Test
    void replayGuardAcceptsABinderOnceWithinTheWindow() {
        EarlyDataReplayGuard guard = EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 100);
        byte[] binder = {1, 2, 3};
        assertThat(guard.firstUse(binder, 1000)).isTrue();
        assertThat(guard.firstUse(binder, 2000)).isFalse();
        assertThat(guard.firstUse(new byte[]{4}, 2000)).isTrue();
        // after twice the window the entry is forgotten; freshness (ticket age) stops such a replay
        assertThat(guard.firstUse(binder, 1000 + 20_000)).isTrue();
    }

    @Test
    void fullReplayGuardRefusesEarlyData() {
        EarlyDataReplayGuard guard = EarlyDataReplayGuard.inMemory(Duration.ofSeconds(10), 1);
        assertThat(guard.firstUse(new byte[]{1}, 0)).isTrue();
        assertThat(guard.firstUse(new byte[]{2}, 0)).isFalse();
    }
}
