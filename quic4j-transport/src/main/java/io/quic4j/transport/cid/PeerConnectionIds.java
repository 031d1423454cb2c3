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
import java.util.TreeSet;

/**
 * The connection IDs the peer has issued to us (RFC 9000 §5.1.2): which one we send to, the spares for
 * migration, the RETIRE_CONNECTION_ID frames we owe, and the stateless reset tokens to check (§10.3.1).
 * Thread-confined to the connection; no clock.
 *
 * <p>Created once the peer's Source Connection ID of the handshake (sequence number 0) is known; the
 * client's first random Destination Connection ID and a Retry's Source Connection ID come before and
 * have no sequence number (§5.1.1).
 *
 * <p>Everything a peer can make us store is bounded: at most {@code activeConnectionIdLimit} IDs (more is
 * CONNECTION_ID_LIMIT_ERROR, §5.1.1) and at most twice that many retirements not yet acknowledged (more
 * is CONNECTION_ID_LIMIT_ERROR, §5.1.2). IDs are used in increasing sequence order, so one watermark
 * says which sequence numbers are retired: everything below the one in use, and below the largest
 * Retire Prior To. No per-ID memory outlives the ID. Lookups are linear scans of these few entries, so a
 * peer's choice of values cannot degrade them (DESIGN.md §5).
 */
public final class PeerConnectionIds {
    /** One ID the peer issued and we have not retired. */
    private static final class Entry {
        final long sequence;
        final ConnectionId id;
        StatelessResetToken token;
        boolean used;

        Entry(long sequence, ConnectionId id, StatelessResetToken token) {
            this.sequence = sequence;
            this.id = id;
            this.token = token;
        }
    }

    private final int activeLimit;
    private final int pendingRetireLimit;
    private final boolean zeroLength;
    /** Active IDs by increasing sequence number; the first is the one in use. */
    private final List<Entry> active = new ArrayList<>();
    private final ArrayDeque<Long> retireQueue = new ArrayDeque<>();
    private final List<Long> retireInFlight = new ArrayList<>();
    /**
     * Sequence numbers already retired (queued, in flight or acknowledged): every one below
     * {@code retiredFloor}, and the few in {@code retiredAbove}. A duplicate or late NEW_CONNECTION_ID for
     * one of them needs no second RETIRE_CONNECTION_ID (§19.15: "unless it has already done so for that
     * sequence number"), and must not count against the limit on pending retirements.
     */
    private long retiredFloor;
    private final TreeSet<Long> retiredAbove = new TreeSet<>();
    private final int retiredMemory;
    private long largestRetirePriorTo;

    /**
     * @param handshakeId the Source Connection ID of the peer's handshake packets, sequence number 0
     * @param activeConnectionIdLimit the {@code active_connection_id_limit} we advertised, at least 2
     */
    public PeerConnectionIds(ConnectionId handshakeId, int activeConnectionIdLimit) {
        if (activeConnectionIdLimit < 2) {
            throw new IllegalArgumentException(
                    "active_connection_id_limit is at least 2 (RFC 9000 §18.2), was " + activeConnectionIdLimit);
        }
        this.activeLimit = activeConnectionIdLimit;
        // §5.1.2: "An endpoint SHOULD allow for sending and tracking a number of RETIRE_CONNECTION_ID frames
        // of at least twice the value of the active_connection_id_limit transport parameter."
        this.pendingRetireLimit = 2 * activeConnectionIdLimit;
        this.retiredMemory = 8 * activeConnectionIdLimit + 16;
        this.zeroLength = handshakeId.length() == 0;
        Entry first = new Entry(0, handshakeId, null);
        first.used = true;
        active.add(first);
    }

    /**
     * Records the server's {@code stateless_reset_token} transport parameter, the token of sequence number
     * 0 (§10.3: "Servers can also issue a stateless_reset_token transport parameter during the handshake
     * that applies to the connection ID that it selected during the handshake").
     *
     * @param token the token
     */
    public void setHandshakeResetToken(StatelessResetToken token) {
        if (!active.isEmpty() && active.getFirst().sequence == 0) {
            active.getFirst().token = token;
        }
    }

    /**
     * Records the connection ID of the server's {@code preferred_address} transport parameter, sequence
     * number 1 (§5.1.1).
     *
     * @param id the connection ID, 1 to 20 bytes
     * @param token its stateless reset token
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if the peer uses zero-length IDs (§18.2: a
     *     server that chooses a zero-length connection ID "MUST NOT provide a preferred address") or the ID
     *     repeats the one of the handshake
     */
    public void addPreferredAddressId(ConnectionId id, StatelessResetToken token) {
        if (zeroLength || id.length() == 0 || find(1) != null || id.equals(active.getFirst().id)) {
            throw QuicTransportException.of(TransportError.TRANSPORT_PARAMETER_ERROR,
                    "invalid connection ID in preferred_address (RFC 9000 §18.2)");
        }
        insert(new Entry(1, id, token));
    }

    /**
     * Processes a NEW_CONNECTION_ID frame (§19.15, §5.1.2).
     *
     * @param frame the frame
     * @throws QuicTransportException PROTOCOL_VIOLATION if the peer uses zero-length IDs, or the frame
     *     contradicts an earlier one; CONNECTION_ID_LIMIT_ERROR if we would hold more IDs, or owe more
     *     retirements, than the limits allow
     */
    public void onNewConnectionId(NewConnectionIdFrame frame) {
        if (zeroLength) {
            // §19.15: "An endpoint that is sending packets with a zero-length Destination Connection ID MUST
            // treat receipt of a NEW_CONNECTION_ID frame as a connection error of type PROTOCOL_VIOLATION."
            throw violation("NEW_CONNECTION_ID from a peer that uses a zero-length connection ID");
        }
        long sequence = frame.sequenceNumber();
        for (Entry entry : active) {
            boolean sameSequence = entry.sequence == sequence;
            boolean sameId = entry.id.equals(frame.connectionId());
            if (sameSequence && sameId && frame.statelessResetToken().equals(entry.token)) {
                return; // §19.15: "Receipt of the same frame multiple times MUST NOT be treated as a connection error."
            }
            if (sameSequence || sameId) {
                // §19.15: "If an endpoint receives a NEW_CONNECTION_ID frame that repeats a previously issued
                // connection ID with a different Stateless Reset Token field value or a different Sequence
                // Number field value, or if a sequence number is used for different connection IDs, the
                // endpoint MAY treat that receipt as a connection error of type PROTOCOL_VIOLATION."
                throw violation("NEW_CONNECTION_ID sequence number " + sequence
                        + " contradicts the connection ID issued earlier with sequence number " + entry.sequence);
            }
            if (frame.statelessResetToken().equals(entry.token)) {
                // §10.3.2: "The same stateless reset token MUST NOT be used for multiple connection IDs. ...
                // a duplicate value MAY be treated as a connection error of type PROTOCOL_VIOLATION."
                throw violation("NEW_CONNECTION_ID repeats the stateless reset token of sequence number "
                        + entry.sequence);
            }
        }
        // §19.15: "A receiver MUST ignore any Retire Prior To fields that do not increase the largest
        // received Retire Prior To value." §5.1.2: the peer "MUST stop using the corresponding connection
        // IDs and retire them with RETIRE_CONNECTION_ID frames before adding the newly provided connection
        // ID to the set of active connection IDs."
        if (frame.retirePriorTo() > largestRetirePriorTo) {
            largestRetirePriorTo = frame.retirePriorTo();
            retireBelow(largestRetirePriorTo);
        }
        if (sequence < retiredWatermark()) {
            // §19.15: "An endpoint that receives a NEW_CONNECTION_ID frame with a sequence number smaller than
            // the Retire Prior To field of a previously received NEW_CONNECTION_ID frame MUST send a
            // corresponding RETIRE_CONNECTION_ID frame that retires the newly received connection ID, unless
            // it has already done so for that sequence number." The same for IDs below the one in use,
            // which we would never use.
            queueRetirement(sequence);
        } else {
            insert(new Entry(sequence, frame.connectionId(), frame.statelessResetToken()));
        }
        active.getFirst().used = true; // if the one in use was retired, the next takes over
        if (active.size() > activeLimit) {
            // §5.1.1: "After processing a NEW_CONNECTION_ID frame and adding and retiring active connection
            // IDs, if the number of active connection IDs exceeds the value advertised in its
            // active_connection_id_limit transport parameter, an endpoint MUST close the connection with an
            // error of type CONNECTION_ID_LIMIT_ERROR."
            throw QuicTransportException.inFrame(TransportError.CONNECTION_ID_LIMIT_ERROR,
                    FrameType.NEW_CONNECTION_ID, "peer issued " + active.size()
                            + " active connection IDs, more than our limit of " + activeLimit + " (RFC 9000 §5.1.1)");
        }
        checkPendingRetirements();
    }

    /** @return the connection ID to send to now */
    public ConnectionId activeId() {
        return active.getFirst().id;
    }

    /** @return the sequence number of {@link #activeId()} */
    public long activeSequenceNumber() {
        return active.getFirst().sequence;
    }

    /** @return whether a spare, never used ID is available (for migration, §9.5) */
    public boolean hasUnused() {
        return active.size() > 1;
    }

    /**
     * Moves to the next unused ID (e.g. when migrating, §9.5) and retires the one in use (§5.1.2:
     * "Endpoints SHOULD retire connection IDs when they are no longer actively using either the local or
     * destination address for which the connection ID was used").
     *
     * @return the new ID to send to, or {@code null} (changing nothing) if there is no spare
     */
    public ConnectionId switchToUnused() {
        if (!hasUnused()) {
            return null;
        }
        Entry old = active.removeFirst();
        queueRetirement(old.sequence);
        Entry next = active.getFirst();
        next.used = true;
        return next.id;
    }

    /**
     * The stateless reset tokens to compare a datagram with (§10.3.1): those of IDs we have used and not
     * retired ("An endpoint MUST NOT check for any stateless reset tokens associated with connection IDs
     * it has not used or for connection IDs that have been retired").
     *
     * @return the tokens, a fresh list
     */
    public List<StatelessResetToken> resetTokens() {
        List<StatelessResetToken> tokens = new ArrayList<>(1);
        for (Entry entry : active) {
            if (entry.used && entry.token != null) {
                tokens.add(entry.token);
            }
        }
        return tokens;
    }

    /**
     * Takes the next RETIRE_CONNECTION_ID frame to send. It stays pending until {@link #onRetireAcked} or,
     * if lost, is queued again by {@link #onRetireLost}.
     *
     * @return the frame, or {@code null} if none is owed
     */
    public RetireConnectionIdFrame pollRetireFrame() {
        Long sequence = retireQueue.poll();
        if (sequence == null) {
            return null;
        }
        retireInFlight.add(sequence);
        return new RetireConnectionIdFrame(sequence);
    }

    /**
     * The packet carrying the RETIRE_CONNECTION_ID for this sequence number was acknowledged.
     *
     * @param sequenceNumber the retired sequence number
     */
    public void onRetireAcked(long sequenceNumber) {
        retireInFlight.remove(Long.valueOf(sequenceNumber));
    }

    /**
     * The packet carrying the RETIRE_CONNECTION_ID for this sequence number was lost: send it again.
     *
     * @param sequenceNumber the retired sequence number
     */
    public void onRetireLost(long sequenceNumber) {
        if (retireInFlight.remove(Long.valueOf(sequenceNumber))) {
            retireQueue.add(sequenceNumber);
        }
    }

    /** @return the number of IDs held: the one in use and the spares */
    public int activeCount() {
        return active.size();
    }

    /** @return retirements queued or in flight, not yet acknowledged */
    public int pendingRetirements() {
        return retireQueue.size() + retireInFlight.size();
    }

    /** @return the largest Retire Prior To the peer has sent */
    public long largestRetirePriorTo() {
        return largestRetirePriorTo;
    }

    /**
     * Everything below this sequence number is retired, or would never be used and so is retired on sight:
     * the largest Retire Prior To, or the ID in use if higher. After the ID in use was retired by Retire
     * Prior To, the first remaining one is not yet in use, and a lower new one can still take its place.
     */
    private long retiredWatermark() {
        if (active.isEmpty() || !active.getFirst().used) {
            return largestRetirePriorTo;
        }
        return Math.max(largestRetirePriorTo, active.getFirst().sequence);
    }

    private void retireBelow(long sequence) {
        while (!active.isEmpty() && active.getFirst().sequence < sequence) {
            queueRetirement(active.removeFirst().sequence);
        }
    }

    private void queueRetirement(long sequence) {
        if (sequence < retiredFloor || !retiredAbove.add(sequence)) {
            return; // retired before
        }
        while (retiredAbove.remove(retiredFloor)) {
            retiredFloor++;
        }
        // Gaps below retiredAbove are IDs the peer issued that have not reached us yet. Their number is
        // bounded for a compliant peer, but a peer that skips sequence numbers could make the set grow: past
        // the bound, forget the oldest gap. A frame for it arriving later still is treated as retired.
        if (retiredAbove.size() > retiredMemory) {
            retiredFloor = retiredAbove.pollFirst() + 1;
            while (retiredAbove.remove(retiredFloor)) {
                retiredFloor++;
            }
        }
        retireQueue.add(sequence);
    }

    private void checkPendingRetirements() {
        if (pendingRetirements() > pendingRetireLimit) {
            // §5.1.2: "An endpoint MUST NOT forget a connection ID without retiring it, though it MAY choose
            // to treat having connection IDs in need of retirement that exceed this limit as a connection
            // error of type CONNECTION_ID_LIMIT_ERROR."
            throw QuicTransportException.inFrame(TransportError.CONNECTION_ID_LIMIT_ERROR,
                    FrameType.NEW_CONNECTION_ID, pendingRetirements()
                            + " connection IDs awaiting retirement, more than " + pendingRetireLimit
                            + " (RFC 9000 §5.1.2)");
        }
    }

    private void insert(Entry entry) {
        int i = active.size();
        while (i > 0 && active.get(i - 1).sequence > entry.sequence) {
            i--;
        }
        active.add(i, entry);
    }

    private Entry find(long sequence) {
        for (Entry entry : active) {
            if (entry.sequence == sequence) {
                return entry;
            }
        }
        return null;
    }

    private static QuicTransportException violation(String message) {
        return QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, FrameType.NEW_CONNECTION_ID,
                message + " (RFC 9000 §19.15)");
    }
}
