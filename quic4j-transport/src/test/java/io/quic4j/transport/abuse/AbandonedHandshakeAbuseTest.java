package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.CloseReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Abandoned handshakes: clients that send their first Initial and go silent. The defence is the handshake
 * timeout of {@code connection.Lifecycle} (2 s in the harness, 10 s by default): the server connection ends
 * without a closing period and is forgotten, so however many are abandoned, nothing stays. Meanwhile the
 * server's retransmissions to the silent clients stay within 3 times what each sent (RFC 9000 §8.1), and no
 * code reaches them (nothing does: they are gone); the server records {@link CloseReason.Kind#HANDSHAKE_TIMEOUT}.
 */
class AbandonedHandshakeAbuseTest {

    @Test
    void abandonedHandshakesAreFreedAtTheHandshakeTimeout() throws InterruptedException {
        // Bytes each way per abandoned client (not the clients: the test must not keep them alive itself).
        List<long[]> bytes = new ArrayList<>();
        Report r = new AttackHarness().attack("abandoned handshakes, 20 per round", 2, h -> {
            List<Abuser> round = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                round.add(h.newAbuser());
            }
            h.runUntil(() -> round.stream().allMatch(a -> a.serverSide().isPresent()),
                    "the server to take every abuser's Initial");
            for (Abuser a : round) {
                a.mute = true;
                a.accepts = d -> false;
            }
            h.runUntil(() -> round.stream().allMatch(AttackHarness.Abuser::cutOff), "the handshake timeouts");
            for (Abuser a : round) {
                bytes.add(new long[]{a.bytesToServer, a.bytesFromServer});
            }
            return round;
        });
        // RFC 9000 §8.1: "Prior to validating the client address, servers MUST NOT send more than three times as
        // many bytes as the number of bytes they have received." The silent clients' addresses are never validated.
        assertThat(bytes).hasSize(20 * (r.rounds() + 1)).allSatisfy(b -> assertThat(b[1]).isPositive()
                .isLessThanOrEqualTo(3 * b[0]));
        assertThat(r.serverRecorded()).hasSize(20 * r.rounds())
                .allSatisfy(c -> assertThat(c.kind()).isEqualTo(CloseReason.Kind.HANDSHAKE_TIMEOUT));
    }
}
