package io.quic4j.transport.cid;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The connection IDs one connection has issued to its peer (RFC 9000 §5.1.1) and the peer's requests to
 * retire them (§19.16). Thread-confined to the connection; no clock.
 *
 * <p>Sequence number 0 is the ID of the handshake (our Source Connection ID), 1 the preferred-address
 * ID if there is one, then one per NEW_CONNECTION_ID frame. {@link #issue()} keeps the peer supplied up to
 * its {@code active_connection_id_limit}, capped by our own {@code maxActive} so a peer cannot make us
 * hold many IDs. {@link #rotate()} asks the peer to retire everything issued so far. The engine drains
 * {@link #pollRoutingUpdate()} to keep its routing table in step. The client's original Destination
 * Connection ID and a Retry's Source Connection ID have no sequence number (§5.1.1) and are not tracked
 * here.
 *
 * <p>An endpoint with a zero-length ID issues nothing (§5.1.1: it "cannot issue a new connection ID") and
 * rejects every RETIRE_CONNECTION_ID (§19.16).
 */
public final class LocalConnectionIds {
    private final ConnectionIdGenerator generator;
    private final StatelessResetTokens resetTokens;
    private final int maxActive;
    private final boolean zeroLength;
    /** Active IDs: issued and not retired by the peer, by increasing sequence number. */
    private final List<IssuedConnectionId> active = new ArrayList<>();
    private final ArrayDeque<RoutingUpdate> routingUpdates = new ArrayDeque<>();
    private long nextSequence;
    private long retirePriorTo;
    private final ConnectionId initial;
    private int limit = 2; // §18.2: "If this transport parameter is absent, a default of 2 is assumed."

    /**
     * @param initial the ID of the handshake (sequence number 0), of {@code generator.length()} bytes
     * @param generator mints the further IDs
     * @param resetTokens derives each ID's stateless reset token; may be {@code null} only with a
     *     zero-length {@code initial}
     * @param maxActive the most IDs we keep active at once, at least 2; the peer's limit is capped by it
     * @throws IllegalArgumentException if {@code initial} is not of the generator's length or
     *     {@code maxActive < 2}
     */
    public LocalConnectionIds(ConnectionId initial, ConnectionIdGenerator generator, StatelessResetTokens resetTokens,
            int maxActive) {
        this.generator = Objects.requireNonNull(generator, "generator");
        if (initial.length() != generator.length()) {
            throw new IllegalArgumentException("the initial connection ID is " + initial.length()
                    + " bytes but the generator mints " + generator.length() + " (RFC 9000 §10.3.2)");
        }
        if (maxActive < 2) {
            throw new IllegalArgumentException("maxActive must be at least 2, was " + maxActive);
        }
        this.maxActive = maxActive;
        this.zeroLength = initial.length() == 0;
        this.resetTokens = zeroLength ? resetTokens : Objects.requireNonNull(resetTokens, "resetTokens");
        this.initial = initial;
        add(initial);
    }

    /** @return the ID of the handshake, sequence number 0, whether retired since or not */
    public ConnectionId initialId() {
        return initial;
    }

    /**
     * The value for our {@code stateless_reset_token} transport parameter (§18.2; servers only): the token
     * of the ID of the handshake.
     *
     * @return the token, or {@code null} for a zero-length ID
     */
    public StatelessResetToken initialResetToken() {
        return zeroLength ? null : resetTokens.tokenFor(initial);
    }

    /**
     * Issues the ID for the server's {@code preferred_address} transport parameter, sequence number 1
     * (§5.1.1). Call at most once, before {@link #issue()}.
     *
     * @return the ID and its token
     * @throws IllegalStateException if other IDs were issued already, or our ID is zero-length (§18.2: such
     *     a server "MUST NOT provide a preferred address")
     */
    public IssuedConnectionId issuePreferredAddressId() {
        if (zeroLength || nextSequence != 1) {
            throw new IllegalStateException("the preferred address ID must be the second ID issued, with a"
                    + " non-zero-length connection ID (RFC 9000 §5.1.1, §18.2)");
        }
        return add(generator.generate());
    }

    /**
     * Records the peer's {@code active_connection_id_limit} transport parameter (§18.2; 2 if absent).
     *
     * @param peerLimit the peer's value, at least 2 (the transport parameter codec enforces this)
     */
    public void setPeerActiveConnectionIdLimit(long peerLimit) {
        if (peerLimit < 2) {
            throw new IllegalArgumentException("active_connection_id_limit is at least 2, was " + peerLimit);
        }
        limit = (int) Math.min(peerLimit, maxActive);
    }

    /**
     * Issues IDs until the peer has as many as it allows (§5.1.1: "An endpoint SHOULD ensure that its peer
     * has a sufficient number of available and unused connection IDs" and "MUST NOT provide more
     * connection IDs than the peer's limit"). IDs that we asked the peer to retire do not count: "An
     * endpoint MAY send connection IDs that temporarily exceed a peer's limit if the NEW_CONNECTION_ID
     * frame also requires the retirement of any excess".
     *
     * <p>Call after the handshake is confirmed and whenever the peer retires an ID (§5.1.1: "SHOULD supply
     * a new connection ID when the peer retires a connection ID").
     *
     * @return the NEW_CONNECTION_ID frames to send, possibly none
     */
    public List<NewConnectionIdFrame> issue() {
        if (zeroLength) {
            return List.of();
        }
        List<NewConnectionIdFrame> frames = new ArrayList<>();
        while (countNotAskedToRetire() < limit) {
            frames.add(add(generator.generate()).toFrame(retirePriorTo));
        }
        return frames;
    }

    /**
     * The frame to resend when a NEW_CONNECTION_ID was lost: the same sequence number, ID and token, with
     * the current Retire Prior To, or the ID's own sequence number if we have since asked to retire it (the
     * field may not exceed the sequence number, §19.15; the peer must still learn of the ID to retire it,
     * and it does so on sight once it has the larger Retire Prior To from another frame).
     *
     * @param sequenceNumber the sequence number of the lost frame
     * @return the frame, or {@code null} if the peer retired that ID meanwhile
     */
    public NewConnectionIdFrame retransmission(long sequenceNumber) {
        IssuedConnectionId issued = find(sequenceNumber);
        return issued == null ? null : issued.toFrame(Math.min(retirePriorTo, sequenceNumber));
    }

    /**
     * Asks the peer to retire every ID issued so far: the next {@link #issue()} sends fresh IDs carrying
     * Retire Prior To = the first new sequence number (§5.1.2). The old IDs still route until the peer
     * retires them ("The endpoint SHOULD continue to accept the previously issued connection IDs until
     * they are retired by the peer").
     *
     * @return false, doing nothing, while an earlier rotation is unfinished (§5.1.2: "Endpoints SHOULD NOT
     *     issue updates of the Retire Prior To field before receiving RETIRE_CONNECTION_ID frames that
     *     retire all connection IDs indicated by the previous Retire Prior To value"), or for a zero-length
     *     ID
     */
    public boolean rotate() {
        if (zeroLength || !active.isEmpty() && active.getFirst().sequenceNumber() < retirePriorTo) {
            return false;
        }
        retirePriorTo = nextSequence;
        return true;
    }

    /**
     * Processes a RETIRE_CONNECTION_ID frame.
     *
     * @param frame the frame
     * @param packetDestination the Destination Connection ID of the packet that carried it
     * @return the ID that stopped routing here, or {@code null} for a repeated retirement
     * @throws QuicTransportException PROTOCOL_VIOLATION if we use a zero-length ID, if the sequence number
     *     was never issued, or if it names {@code packetDestination}
     */
    public ConnectionId onRetire(RetireConnectionIdFrame frame, ConnectionId packetDestination) {
        long sequence = frame.sequenceNumber();
        if (zeroLength) {
            // §19.16: "An endpoint that provides a zero-length connection ID MUST treat receipt of a
            // RETIRE_CONNECTION_ID frame as a connection error of type PROTOCOL_VIOLATION."
            throw violation("RETIRE_CONNECTION_ID received, but we use a zero-length connection ID");
        }
        if (sequence >= nextSequence) {
            // §19.16: "Receipt of a RETIRE_CONNECTION_ID frame containing a sequence number greater than any
            // previously sent to the peer MUST be treated as a connection error of type PROTOCOL_VIOLATION."
            throw violation("RETIRE_CONNECTION_ID for sequence number " + sequence + ", never issued");
        }
        IssuedConnectionId issued = find(sequence);
        if (issued == null) {
            return null; // retired already: a retransmission
        }
        if (issued.id().equals(packetDestination)) {
            // §19.16: "The sequence number specified in a RETIRE_CONNECTION_ID frame MUST NOT refer to the
            // Destination Connection ID field of the packet in which the frame is contained."
            throw violation("RETIRE_CONNECTION_ID retires sequence number " + sequence
                    + ", the connection ID of the packet carrying it");
        }
        active.remove(issued);
        routingUpdates.add(new RoutingUpdate.Removed(issued.id()));
        return issued.id();
    }

    /**
     * @param id a Destination Connection ID
     * @return whether it is one of our active IDs
     */
    public boolean isActive(ConnectionId id) {
        for (IssuedConnectionId issued : active) {
            if (issued.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** @return the active IDs (issued, not retired by the peer), by sequence number; a copy */
    public List<IssuedConnectionId> active() {
        return List.copyOf(active);
    }

    /** @return the Retire Prior To value we currently send */
    public long retirePriorTo() {
        return retirePriorTo;
    }

    /** @return the peer's limit as we apply it: its {@code active_connection_id_limit} capped by ours */
    public int limit() {
        return limit;
    }

    /**
     * The next change to the routing set, oldest first: the ID of the handshake and every issued ID are
     * {@link RoutingUpdate.Added}, every retired one {@link RoutingUpdate.Removed}.
     *
     * @return the update, or {@code null} if there is none
     */
    public RoutingUpdate pollRoutingUpdate() {
        return routingUpdates.poll();
    }

    private IssuedConnectionId add(ConnectionId id) {
        IssuedConnectionId issued = new IssuedConnectionId(nextSequence++, id,
                id.length() == 0 ? null : resetTokens.tokenFor(id));
        active.add(issued);
        routingUpdates.add(new RoutingUpdate.Added(id));
        return issued;
    }

    private int countNotAskedToRetire() {
        int n = 0;
        for (IssuedConnectionId issued : active) {
            if (issued.sequenceNumber() >= retirePriorTo) {
                n++;
            }
        }
        return n;
    }

    private IssuedConnectionId find(long sequence) {
        for (IssuedConnectionId issued : active) {
            if (issued.sequenceNumber() == sequence) {
                return issued;
            }
        }
        return null;
    }

    private static QuicTransportException violation(String message) {
        return QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, FrameType.RETIRE_CONNECTION_ID,
                message + " (RFC 9000 §19.16)");
    }
}
