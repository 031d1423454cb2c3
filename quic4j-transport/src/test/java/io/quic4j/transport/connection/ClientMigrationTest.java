package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.wire.ConnectionId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client's {@link Connection#migrate} (RFC 9000 §9.2, §9.5, §8.2.4) and when it is refused (§9, §9.1). */
class ClientMigrationTest {
    static final InetSocketAddress NEW_LOCAL = new InetSocketAddress("127.0.0.2", 40000);

    /** A confirmed handshake, and the server's NEW_CONNECTION_ID frames delivered. */
    static Pipe confirmed() {
        Pipe p = new Pipe().handshake();
        p.flight();
        p.flight();
        return p;
    }

    @Test
    void migrationSwitchesToAnUnusedServerConnectionIdAndRetiresTheOld() {
        Pipe p = confirmed();
        ConnectionId before = p.client.state().peerCid;
        p.client.migrate(NEW_LOCAL, p.now);
        ConnectionId after = p.client.state().peerCid;
        // RFC 9000 §9.5: MUST NOT reuse a connection ID when sending from more than one local address.
        assertThat(after).isNotEqualTo(before);
        assertThat(p.client.state().path.validating()).isTrue();
        // The server is told to retire the old ID, replaces it, and the new path is validated.
        p.flight();
        p.flight();
        assertThat(p.client.state().path.validating()).isFalse();
        assertThat(p.client.state().path.abandoned()).isFalse();
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void refusedOnAServer() {
        Pipe p = confirmed();
        assertThat(p.server.migrationRefusal()).hasValueSatisfying(r -> assertThat(r).contains("only a client"));
        assertThatThrownBy(() -> p.server.migrate(NEW_LOCAL, p.now)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only a client");
    }

    @Test
    void refusedBeforeTheHandshakeIsConfirmed() {
        Pipe p = new Pipe();
        // RFC 9000 §9: "An endpoint MUST NOT initiate connection migration before the handshake is confirmed".
        assertThatThrownBy(() -> p.client.migrate(NEW_LOCAL, p.now)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not confirmed");
    }

    @Test
    void refusedWhenTheServerSentDisableActiveMigration() {
        Pipe p = confirmed();
        ConnectionState s = p.client.state();
        s.peerParams = s.peerParams.toBuilder().disableActiveMigration(true).build();
        ConnectionId before = s.peerCid;
        // RFC 9000 §9.1: no packets from a different local address to the server's handshake address.
        assertThatThrownBy(() -> p.client.migrate(NEW_LOCAL, p.now)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disable_active_migration");
        assertThat(s.peerCid).isEqualTo(before);
    }

    @Test
    void refusedWithoutAnUnusedServerConnectionId() {
        Pipe p = confirmed();
        Set<ConnectionId> used = new HashSet<>();
        used.add(p.client.state().peerCid);
        int moves = 0;
        // Without hearing from the server again, the spares it issued run out (RFC 9000 §9.5).
        while (p.client.migrationRefusal().isEmpty()) {
            p.client.migrate(new InetSocketAddress("127.0.0.2", 41000 + moves), p.now);
            assertThat(used.add(p.client.state().peerCid)).as("a fresh ID each time").isTrue();
            moves++;
        }
        assertThat(moves).isEqualTo((int) ConnectionConfig.DEFAULTS.activeConnectionIdLimit() - 1);
        assertThatThrownBy(() -> p.client.migrate(new InetSocketAddress("127.0.0.3", 42000), p.now))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no unused connection ID");
    }

    @Test
    void refusesTheAddressItIsAlreadyOn() {
        Pipe p = confirmed();
        p.client.migrate(NEW_LOCAL, p.now);
        p.flight();
        p.flight();
        assertThatThrownBy(() -> p.client.migrate(NEW_LOCAL, p.now)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newAddressResetsCongestionControlAndRtt() {
        Pipe p = confirmed();
        long[] id = new long[1];
        id[0] = p.client.openBidirectionalStream();
        p.client.write(id[0], ByteBuffer.wrap(new byte[300_000]), false);
        p.runUntil(p.now + 2_000 * Pipe.MS);
        long grown = p.client.stats().congestionWindow();
        assertThat(p.client.state().rtt.hasSample()).isTrue();
        p.client.migrate(NEW_LOCAL, p.now);
        // RFC 9000 §9.4: a new path starts with the initial window and no RTT sample.
        assertThat(p.client.stats().congestionWindow()).isLessThan(grown);
        assertThat(p.client.state().rtt.hasSample()).isFalse();
    }

    @Test
    void portOnlyChangeKeepsCongestionControlAndRtt() {
        Pipe p = confirmed();
        p.client.migrate(new InetSocketAddress("127.0.0.2", 40000), p.now);
        p.flight();
        p.flight();
        long window = p.client.stats().congestionWindow();
        long srtt = p.client.stats().smoothedRttNanos();
        assertThat(p.client.state().rtt.hasSample()).isTrue();
        // RFC 9000 §9.4: "unless the only change in the peer's address is its port number".
        p.client.migrate(new InetSocketAddress("127.0.0.2", 40001), p.now);
        assertThat(p.client.stats().congestionWindow()).isEqualTo(window);
        assertThat(p.client.stats().smoothedRttNanos()).isEqualTo(srtt);
    }

    @Test
    void pathValidationIsAbandonedAfterThreePtosWithoutAnAnswer() {
        Pipe p = confirmed();
        p.client.migrate(NEW_LOCAL, p.now);
        long start = p.now;
        // RFC 9000 §8.2.4: three times the larger of the current PTO and that of a new path (kInitialRtt): the
        // RTT estimate was just reset, so the current one is the new path's.
        long limit = 3 * p.client.state().pto();
        // Nothing the client sends arrives: challenge after challenge goes unanswered.
        for (int i = 0; i < 1_000 && p.client.state().path.validating(); i++) {
            Pipe.drop(p.drain(p.client));
            p.now = Math.max(p.now, p.client.nextTimeout());
            p.client.onTimeout(p.now);
        }
        PathValidation path = p.client.state().path;
        assertThat(path.validating()).isFalse();
        assertThat(path.abandoned()).isTrue();
        assertThat(p.now - start).isEqualTo(limit);
        assertThat(path.challengesSent()).isBetween(2, PathValidation.MAX_CHALLENGES);
    }

    @Test
    void retirePriorToCoveringTheIdInUseMovesToTheNextId() {
        Pipe p = confirmed();
        ConnectionState s = p.client.state();
        ConnectionId old = s.peerCid;
        ConnectionId fresh = ConnectionId.ofHex("0102030405060708");
        // RFC 9000 §5.1.2: the peer retires every ID below 100; we "MUST stop using" them.
        s.cids.onNewConnectionId(new io.quic4j.transport.wire.frame.NewConnectionIdFrame(100, 100, fresh,
                new io.quic4j.transport.wire.StatelessResetToken(1, 2)));
        assertThat(s.peerCid).isEqualTo(fresh).isNotEqualTo(old);
    }
}
