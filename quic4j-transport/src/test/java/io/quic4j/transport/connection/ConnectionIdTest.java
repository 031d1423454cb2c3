package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.cid.RoutingUpdate;
import io.quic4j.transport.wire.ConnectionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connection IDs issued with NEW_CONNECTION_ID after the handshake (RFC 9000 §5.1.1), and routed. */
class ConnectionIdTest {

    static List<ConnectionId> added(Connection c) {
        List<ConnectionId> ids = new ArrayList<>();
        for (RoutingUpdate u; (u = c.pollRoutingUpdate()) != null;) {
            if (u instanceof RoutingUpdate.Added a) {
                ids.add(a.id());
            }
        }
        return ids;
    }

    @Test
    void serverIssuesConnectionIdsUpToTheClientsLimitOnceConfirmed() {
        Pipe p = new Pipe().handshake();
        p.flight();
        List<ConnectionId> ids = added(p.server);
        // The handshake ID, then enough for the client's active_connection_id_limit (4).
        assertThat(ids).hasSize((int) ConnectionConfig.DEFAULTS.activeConnectionIdLimit());
        assertThat(ids.getFirst()).isEqualTo(p.server.localConnectionId());
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void packetsAddressedToAnIssuedIdReachTheConnection() {
        Pipe p = new Pipe().handshake();
        p.flight();
        ConnectionId issued = added(p.server).getLast();
        // The client switches to a connection ID the server issued (as it would after migrating).
        p.client.state().peerCid = issued;
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{7, 8}), true);
        p.flight();
        assertThat(p.server.read(id, ByteBuffer.allocate(8))).isEqualTo(2);
    }
}
