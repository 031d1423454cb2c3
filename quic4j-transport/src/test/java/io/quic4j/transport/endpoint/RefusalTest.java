package io.quic4j.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.Simulator;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §5.2.2: "If a server refuses to accept a new connection, it SHOULD send an Initial packet containing
 * a CONNECTION_CLOSE frame with error code CONNECTION_REFUSED" — sent statelessly, only for Initials that
 * open, within three times what was received, and within the refusal rate.
 */
class RefusalTest {

    private static EndpointAttackWorld world(double refusalsPerSecond, int maxConnections) {
        return new EndpointAttackWorld(9, EndpointLimits.NONE.withStatelessRates(1e6, refusalsPerSecond),
                maxConnections, maxConnections, false, ConnectionConfig.DEFAULTS);
    }

    private static List<ByteBuffer> initials(int n, long now) {
        List<ByteBuffer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = Connection.client(ConnectionConfig.DEFAULTS, EndpointWorld.clientTls(), "localhost",
                    EndpointAttackWorld.SERVER, EndpointWorld.seeded(900 + i), now);
            ByteBuffer d = ByteBuffer.allocate(1500);
            c.send(d, now);
            l.add(d.flip());
        }
        return l;
    }

    @Test
    void aServerThatStoppedAcceptingRefusesWithConnectionRefusedAndKeepsNoState() {
        EndpointAttackWorld w = world(1_000, 10);
        w.server.stopAccepting();
        w.pump();
        CloseReason r = w.good.closeReason().orElseThrow();
        assertThat(r.kind()).isEqualTo(CloseReason.Kind.PEER);
        assertThat(r.application()).isFalse();
        assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
        assertThat(w.server.connections()).isEmpty();
        // One per datagram of the client's first flight (a post-quantum ClientHello takes two), nothing kept.
        assertThat(w.server.refusalsSent()).isPositive();
    }

    @Test
    void theRefusalIsOneSmallInitialWithinTheAmplificationLimit() {
        EndpointAttackWorld w = world(1_000, 10);
        w.server.stopAccepting();
        ByteBuffer initial = initials(1, w.now).getFirst();
        int received = initial.remaining();
        w.server.receive(initial, Simulator.address("192.0.2.1", 1), w.now);
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(w.server.send(out, w.now)).isEqualTo(Simulator.address("192.0.2.1", 1));
        // RFC 9000 §8.1: at most three times what was received; this is about 70 bytes for 1200.
        assertThat(out.position()).isLessThanOrEqualTo(StatelessClose.MAX_LENGTH).isLessThan(3 * received);
        assertThat(out.get(0) & 0xf0).as("a long-header Initial (v1 type 0)").isEqualTo(0xc0);
        assertThat(w.server.send(out.clear(), w.now)).isNull();
    }

    @Test
    void aFloodOfInitialsIsRefusedOnlyWithinTheRefusalRate() {
        EndpointAttackWorld w = world(1_000, 10);
        w.server.stopAccepting();
        List<ByteBuffer> flood = initials(300, w.now);
        ByteBuffer out = ByteBuffer.allocate(1500);
        int sent = 0;
        for (int i = 0; i < 300; i++) {
            w.server.receive(flood.get(i), Simulator.address("192.0.2." + (1 + i % 200), 1000 + i), w.now);
            while (w.server.send(out.clear(), w.now) != null) { // the loop flushes as it goes
                sent++;
            }
        }
        assertThat(sent).isEqualTo(100);
        // A burst of a tenth of a second's worth: 100; the other 200 cost no decryption-and-encryption answer.
        assertThat(w.server.refusalsSent()).isEqualTo(100);
        assertThat(w.server.refusalsSuppressed()).isEqualTo(200);
        assertThat(w.server.connections()).isEmpty();
    }

    @Test
    void aFullServerRefusesButACorruptedInitialIsDroppedUnanswered() {
        EndpointAttackWorld w = world(1_000, 1);
        w.connectGood();
        ByteBuffer corrupted = initials(1, w.now).getFirst();
        corrupted.put(600, (byte) (corrupted.get(600) ^ 0x40));
        long answers = w.answersToOthers;
        w.server.receive(corrupted, Simulator.address("192.0.2.9", 9), w.now);
        w.pump();
        assertThat(w.answersToOthers).isEqualTo(answers);
        assertThat(w.server.refusalsSent()).isZero();
        Connection second = w.addClient(Simulator.address("192.0.2.10", 10), 77);
        w.pump();
        assertThat(second.closeReason().orElseThrow().errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
        assertThat(w.server.connections()).containsExactly(w.serverConnectionOfGood());
    }
}
