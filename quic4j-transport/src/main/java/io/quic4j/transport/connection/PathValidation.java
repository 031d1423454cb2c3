package io.quic4j.transport.connection;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import java.net.InetSocketAddress;

/**
 * Connection migration (RFC 9000 §9) and the path validation it needs (§8.2). Server: a NAT rebinding or
 * a client migration shows up as a non-probing packet from a new address; we follow the highest-numbered
 * such packet, limit what we send there to three times what arrived from it until a PATH_CHALLENGE comes
 * back answered (§8.2, §9.3.1), switch to a new connection ID of the client's when the client switched to
 * a new one of ours (§9.5), and reset congestion control and RTT estimation when more than the port
 * changed (§9.4). Client: {@link #migrate} moves to a new local address on the application's request
 * (§9.2), with a new connection ID of the server's, a challenge on the new path and the same reset.
 *
 * <p>Validation is bounded (RFC 9000 §8.2.4): a PATH_CHALLENGE found lost, or unanswered after a PTO (its
 * PATH_RESPONSE may be lost, and is never resent, §13.3), is replaced by a new one, at most
 * {@link #MAX_CHALLENGES} in all; after three times the larger of the current PTO and the PTO of a fresh
 * path, or that many challenges, we abandon it. An abandoned validation on the
 * server leaves the path where it was, still limited to three times what arrives from it, so it cannot be
 * turned into an amplifier; on the client, the loss of everything else sent there ends the connection
 * through the usual idle timeout.
 */
final class PathValidation {
    /** Challenges sent for one path before validation is abandoned (RFC 9000 §8.2.4: SHOULD abandon). */
    static final int MAX_CHALLENGES = 6;

    private final ConnectionState s;
    /** The data of every challenge of the current validation; any answer validates (RFC 9000 §8.2.3). */
    private final long[] challenges = new long[MAX_CHALLENGES];
    private boolean pending;
    /** A challenge of the current validation went out in a datagram under 1200 bytes (RFC 9000 §8.2.1). */
    private boolean mtuUnverified;
    private int challengesSent;
    private boolean abandoned;
    /** Server: the Destination Connection ID the client used on the current path; null before the first. */
    private ConnectionId peerUsed;
    /** Client: the local address we send from, once {@link #migrate} told us; null before. */
    private InetSocketAddress localAddress;
    private int migrations;
    /** Server: the latest address other than the current path's that datagrams came from, and their bytes. */
    private InetSocketAddress elsewhere;
    private long bytesFromElsewhere;
    /** When to send the next challenge, and when to give up; meaningful while {@link #pending}. */
    private long retryAt;
    private long deadline;

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
     * @param destination its Destination Connection ID (one of ours)
     * @param largest whether its packet number is the largest received in its space so far
     * @param nonProbing whether it carried a frame other than PADDING, PATH_*, NEW_CONNECTION_ID
     * @param datagramLength the size of its datagram, for the new path's amplification limit
     * @param now the time
     */
    void onPacket(InetSocketAddress from, ConnectionId destination, boolean largest, boolean nonProbing,
            int datagramLength, long now) {
        if (s.isClient() || from == null || !largest) {
            return;
        }
        if (from.equals(s.peerAddress)) {
            peerUsed = destination;
            return;
        }
        if (!nonProbing) {
            return;
        }
        boolean addressChanged = !from.getAddress().equals(s.peerAddress.getAddress());
        InetSocketAddress old = s.peerAddress;
        ConnectionLog.debug(s, () -> "peer moved from " + old + " to " + from);
        s.peerAddress = from;
        migrations++;
        // RFC 9000 §9.5: "an endpoint MUST NOT reuse a connection ID when sending to more than one destination
        // address"; a peer that kept its ID was rebound by the network, and then we MAY keep ours too.
        if (peerUsed != null && destination != null && !destination.equals(peerUsed)) {
            ConnectionId next = s.cids.switchPeerToUnused();
            if (next != null) {
                s.peerCid = next;
            } else {
                // §9.5: "An endpoint that exhausts available connection IDs cannot ... respond to ... attempts
                // by its peer to migrate"; we still follow, with the ID we have, rather than lose the client.
                ConnectionLog.debug(s, () -> "no spare connection ID of the peer's for its new path");
            }
        }
        peerUsed = destination;
        // RFC 9000 §9.3: until the new address is validated, at most "three times the amount of data received
        // from that address", probing datagrams that came before this packet included.
        s.amplification = new AmplificationLimit(false);
        s.amplification.onReceived(from.equals(elsewhere) ? (int) bytesFromElsewhere : datagramLength);
        elsewhere = null;
        bytesFromElsewhere = 0;
        s.pathResponses.onPathMoved(from, s.amplification, s.control);
        if (addressChanged) {
            // RFC 9000 §9.4: a new path gets a fresh congestion controller and RTT estimate; §14.2: and its own
            // maximum datagram size, from 1200 again (first, so the new window is counted in 1200-byte datagrams).
            s.pathMtu.onPathChanged(now);
            s.recovery.cc.reset();
            s.rtt.reset();
        }
        startValidation(now);
    }

    /**
     * Server: a datagram arrived from an address other than the current path's, before its packets are
     * processed. Its bytes count towards that address's amplification limit should we follow it there.
     *
     * @param from where it came from
     * @param length its size
     */
    void onDatagramFromElsewhere(InetSocketAddress from, int length) {
        if (!from.equals(elsewhere)) {
            elsewhere = from;
            bytesFromElsewhere = 0;
        }
        bytesFromElsewhere = Math.min(Integer.MAX_VALUE, bytesFromElsewhere + length);
    }

    /**
     * Server: what arrived from {@code from}, an address other than the current path's, as far as we know.
     *
     * @param from the address of the datagram being processed
     * @return its bytes and those of the datagrams before it from there, if none came from elsewhere between
     */
    long bytesReceivedFrom(InetSocketAddress from) {
        return from.equals(elsewhere) ? bytesFromElsewhere : s.datagramLength;
    }

    /**
     * Why the client cannot migrate now, or {@code null} if it can.
     *
     * @return the reason, for the application's exception
     */
    String migrationRefusal() {
        if (!s.isClient()) {
            return "only a client initiates migration (RFC 9000 §9)";
        }
        if (!s.close.isOpen()) {
            return "connection is " + s.close.phase();
        }
        if (!s.handshakeConfirmed) {
            return "the handshake is not confirmed yet (RFC 9000 §9: MUST NOT initiate migration before)";
        }
        if (s.peerParams.disableActiveMigration()) {
            return "the server sent disable_active_migration (RFC 9000 §9.1, §18.2)";
        }
        if (s.peerCid.length() == 0) {
            return "the server uses zero-length connection IDs (RFC 9000 §9.5: SHOULD NOT migrate)";
        }
        if (!s.cids.hasUnusedPeerId()) {
            return "no unused connection ID of the server's to send from a new address with (RFC 9000 §9.5)";
        }
        return null;
    }

    /**
     * Client: from now on we send from {@code newLocal} (RFC 9000 §9.2).
     *
     * @param newLocal the new local address
     * @param now the time
     * @throws IllegalStateException with the reason if {@link #migrationRefusal} has one
     */
    void migrate(InetSocketAddress newLocal, long now) {
        String refusal = migrationRefusal();
        if (refusal != null) {
            throw new IllegalStateException("cannot migrate: " + refusal);
        }
        if (newLocal.equals(localAddress)) {
            throw new IllegalArgumentException("already sending from " + newLocal);
        }
        // RFC 9000 §9.5: "An endpoint MUST NOT reuse a connection ID when sending from more than one local
        // address"; the one in use is retired (§5.1.2).
        s.peerCid = s.cids.switchPeerToUnused();
        // RFC 9000 §9.4: reset unless only the port changed; without a known old address we cannot tell.
        boolean portOnly = localAddress != null && localAddress.getAddress().equals(newLocal.getAddress());
        localAddress = newLocal;
        migrations++;
        if (!portOnly) {
            s.pathMtu.onPathChanged(now);
            s.recovery.cc.reset();
            s.rtt.reset();
        }
        ConnectionLog.debug(s, () -> "migrating to " + newLocal + (portOnly ? " (port only)" : ""));
        // RFC 9000 §9.2: "To establish reachability on the new path, an endpoint initiates path validation".
        startValidation(now);
    }

    private void startValidation(long now) {
        challengesSent = 0;
        mtuUnverified = false;
        abandoned = false;
        // RFC 9000 §8.2.4: "a timer that is set for three times the larger of the current PTO or the PTO
        // for the new path (using kInitialRtt, as defined in [QUIC-RECOVERY])".
        long initialPto = 3 * s.config.initialRtt().toNanos();
        deadline = now + 3 * Math.max(s.pto(), initialPto);
        sendChallenge(now);
    }

    private void sendChallenge(long now) {
        retryAt = now + s.pto();
        queueChallenge();
    }

    private void queueChallenge() {
        long data = s.random.nextLong();
        challenges[challengesSent++] = data;
        pending = true;
        s.control.queue(new PathChallengeFrame(data));
    }

    /** The datagram carrying a PATH_CHALLENGE could not be expanded to 1200 bytes (anti-amplification limit). */
    void onChallengeNotExpanded() {
        mtuUnverified |= pending;
    }

    void onResponse(PathResponseFrame f, long now) {
        // RFC 9000 §8.2.3: "Path validation succeeds when a PATH_RESPONSE frame is received that contains the
        // data that was sent in a previous PATH_CHALLENGE frame."
        if (!pending) {
            return;
        }
        for (int i = 0; i < challengesSent; i++) {
            if (challenges[i] == f.data()) {
                pending = false;
                s.amplification.validate();
                if (mtuUnverified) {
                    // RFC 9000 §8.2.1: "the path MTU will not be validated. To ensure that the path MTU is large
                    // enough, the endpoint MUST perform a second path validation by sending a PATH_CHALLENGE
                    // frame in a datagram of at least 1200 bytes"; the address is validated now, so it can be.
                    startValidation(now);
                }
                return;
            }
        }
    }

    /** RFC 9000 §13.3: a lost PATH_CHALLENGE is not resent as is; a new one with new data goes out. */
    void onChallengeLost(PathChallengeFrame f) {
        // Only the latest matters: an earlier one lost has a newer one in flight behind it.
        if (!pending || f.data() != challenges[challengesSent - 1]) {
            return;
        }
        if (challengesSent >= MAX_CHALLENGES) {
            abandon();
            return;
        }
        queueChallenge();
    }

    /** @return when {@link #onTimeout} has something to do, or {@code Long.MAX_VALUE} */
    long timer() {
        return pending ? Math.min(retryAt, deadline) : Long.MAX_VALUE;
    }

    void onTimeout(long now) {
        if (!pending) {
            return;
        }
        if (now >= deadline || now >= retryAt && challengesSent >= MAX_CHALLENGES) {
            abandon();
        } else if (now >= retryAt) {
            sendChallenge(now);
        }
    }

    private void abandon() {
        // RFC 9000 §8.2.4: give up; the path stays as limited as it was.
        pending = false;
        abandoned = true;
        ConnectionLog.debug(s, () -> "path validation abandoned after " + challengesSent + " challenges");
    }

    /** @return challenges sent for the current or last validation */
    int challengesSent() {
        return challengesSent;
    }

    /** @return whether a validation is under way */
    boolean validating() {
        return pending;
    }

    /** @return whether the last validation was abandoned */
    boolean abandoned() {
        return abandoned;
    }

    /** @return how often the path changed: the peer moved (server) or we did (client) */
    int migrations() {
        return migrations;
    }
}
