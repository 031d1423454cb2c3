package io.quic4j.transport.connection;

import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import java.net.InetSocketAddress;

/**
 * The server's side of a peer address change (RFC 9000 §9.3): a NAT rebinding or a client migration shows
 * up as a non-probing packet from a new address. We follow the highest-numbered such packet, limit what we
 * send there to three times what arrived from it until a PATH_CHALLENGE comes back answered (§8.2, §9.3.1),
 * and reset congestion control and RTT estimation when more than the port changed (§9.4). The connection
 * IDs stay: this core does not initiate migration, and after a rebinding the client keeps its IDs.
 */
final class PathValidation {
    private final ConnectionState s;
    private long challenge;
    private boolean pending;

    PathValidation(ConnectionState state) {
        this.s = state;
    }

    /**
     * A packet was processed. RFC 9000 §9 expects stable addresses during the handshake, but a NAT may rebind
     * the client then too, even between its Initials; we follow the highest-numbered packet of each space
     * at every level, which can move nothing but where we send: the new address gets only three times what
     * it sent until it answers a PATH_CHALLENGE (or, before 1-RTT keys, validates itself with a Handshake
     * packet), so following a forged Initial cannot turn the server into an amplifier.
     *
     * @param from where it came from
     * @param largest whether its packet number is the largest received in its space so far
     * @param nonProbing whether it carried a frame other than PADDING, PATH_*, NEW_CONNECTION_ID
     * @param datagramLength the size of its datagram, for the new path's amplification limit
     * @param now the time
     */
    void onPacket(InetSocketAddress from, boolean largest, boolean nonProbing, int datagramLength, long now) {
        if (s.isClient() || from == null || from.equals(s.peerAddress) || !largest || !nonProbing) {
            return;
        }
        boolean addressChanged = !from.getAddress().equals(s.peerAddress.getAddress());
        InetSocketAddress old = s.peerAddress;
        ConnectionLog.debug(s, () -> "peer moved from " + old + " to " + from);
        s.peerAddress = from;
        // RFC 9000 §9.3.1: until the new address is validated, at most 3x what it sent us.
        s.amplification = new AmplificationLimit(false);
        s.amplification.onReceived(datagramLength);
        if (addressChanged) {
            // RFC 9000 §9.4: a new path gets a fresh congestion controller and RTT estimate.
            s.recovery.cc.reset();
            s.rtt.reset();
        }
        sendChallenge();
    }

    private void sendChallenge() {
        challenge = s.random.nextLong();
        pending = true;
        s.control.queue(new PathChallengeFrame(challenge));
    }

    void onResponse(PathResponseFrame f) {
        // RFC 9000 §8.2.3: validation succeeds on a PATH_RESPONSE with the challenge's data.
        if (pending && f.data() == challenge) {
            pending = false;
            s.amplification.validate();
        }
    }

    /** RFC 9000 §13.3: a lost PATH_CHALLENGE is not resent as is; a new one with new data goes out. */
    void onChallengeLost(PathChallengeFrame f) {
        if (pending && f.data() == challenge) {
            sendChallenge();
        }
    }
}
