package io.quic4j.transport.connection;

import io.quic4j.transport.cid.ConnectionIdGenerator;
import io.quic4j.transport.cid.LocalConnectionIds;
import io.quic4j.transport.cid.PeerConnectionIds;
import io.quic4j.transport.cid.StatelessReset;
import io.quic4j.transport.cid.StatelessResetTokens;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;

/**
 * The connection's use of {@code transport.cid} (RFC 9000 §5.1, §10.3): the IDs we issued (NEW_CONNECTION_ID
 * once the handshake is confirmed, again whenever the peer retires one), the IDs the peer issued to us,
 * and stateless reset detection with the tokens of the peer IDs we have used.
 */
final class ConnectionIds {
    private final ConnectionState s;
    final LocalConnectionIds local;
    private PeerConnectionIds peer;

    ConnectionIds(ConnectionState state, ConnectionIdGenerator generator, StatelessResetTokens resetTokens) {
        this.s = state;
        this.local = new LocalConnectionIds(state.localCid, generator, resetTokens,
                (int) state.config.activeConnectionIdLimit());
    }

    /** @return the stateless reset token of our handshake ID, for the server's transport parameters */
    StatelessResetToken handshakeResetToken() {
        return local.initialResetToken();
    }

    boolean isLocal(ConnectionId id) {
        return local.isActive(id);
    }

    /** The peer's handshake ID is known once its first packet was processed and its parameters arrived. */
    void onPeerParameters(TransportParameters params) {
        peer = new PeerConnectionIds(s.peerCid, (int) s.config.activeConnectionIdLimit());
        params.statelessResetToken().ifPresent(peer::setHandshakeResetToken);
        local.setPeerActiveConnectionIdLimit(params.activeConnectionIdLimit());
    }

    /** RFC 9000 §5.1.1: supply the peer with IDs once the handshake is confirmed. */
    void onHandshakeConfirmed() {
        for (NewConnectionIdFrame f : local.issue()) {
            s.control.queue(f);
        }
    }

    void onNewConnectionId(NewConnectionIdFrame f) {
        if (peer != null) {
            peer.onNewConnectionId(f);
            // RFC 9000 §5.1.2: a Retire Prior To covering the ID in use moves us to the next one.
            s.peerCid = peer.activeId();
            drainRetirements();
        }
    }

    /** @return whether a spare ID of the peer's is available for a new path (RFC 9000 §9.5) */
    boolean hasUnusedPeerId() {
        return peer != null && peer.hasUnused();
    }

    /**
     * Moves to an unused ID of the peer's for a new path and retires the one in use (RFC 9000 §9.5).
     *
     * @return the ID to send to now, or {@code null} (nothing changed) if there is no spare
     */
    ConnectionId switchPeerToUnused() {
        ConnectionId next = peer == null ? null : peer.switchToUnused();
        if (next != null) {
            drainRetirements();
        }
        return next;
    }

    void onRetireConnectionId(RetireConnectionIdFrame f, ConnectionId packetDestination) {
        local.onRetire(f, packetDestination);
        if (s.handshakeConfirmed) {
            onHandshakeConfirmed();
        }
    }

    private void drainRetirements() {
        for (RetireConnectionIdFrame r; (r = peer.pollRetireFrame()) != null;) {
            s.control.queue(r);
        }
    }

    /** @return true if a lost frame of ours was requeued */
    boolean onFrameLost(Frame f) {
        switch (f) {
            case NewConnectionIdFrame n -> {
                NewConnectionIdFrame again = local.retransmission(n.sequenceNumber());
                if (again != null) {
                    s.control.queue(again);
                }
                return true;
            }
            case RetireConnectionIdFrame r -> {
                if (peer != null) {
                    peer.onRetireLost(r.sequenceNumber());
                    drainRetirements();
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    void onFrameAcked(Frame f) {
        if (f instanceof RetireConnectionIdFrame r && peer != null) {
            peer.onRetireAcked(r.sequenceNumber());
        }
    }

    /** RFC 9000 §10.3.1: does a datagram we could not process end in one of the peer's reset tokens? */
    boolean isStatelessReset(ByteBuffer datagram) {
        return peer != null && StatelessReset.matches(datagram, peer.resetTokens());
    }
}
