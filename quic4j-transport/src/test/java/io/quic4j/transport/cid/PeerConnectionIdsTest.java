package io.quic4j.transport.cid;

import static io.quic4j.transport.cid.CidFixtures.cid;
import static io.quic4j.transport.cid.CidFixtures.newId;
import static io.quic4j.transport.cid.CidFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerConnectionIdsTest {
    private final PeerConnectionIds ids = new PeerConnectionIds(cid(0), 3);

    private static List<Long> drainRetirements(PeerConnectionIds ids) {
        List<Long> sequences = new ArrayList<>();
        for (RetireConnectionIdFrame f = ids.pollRetireFrame(); f != null; f = ids.pollRetireFrame()) {
            sequences.add(f.sequenceNumber());
        }
        return sequences;
    }

    private static void assertError(Runnable action, TransportError error) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(QuicTransportException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.frameType()).isEqualTo(FrameType.NEW_CONNECTION_ID);
        });
    }

    @Test
    void sendsToTheHandshakeIdFirst() {
        assertThat(ids.activeId()).isEqualTo(cid(0));
        assertThat(ids.activeSequenceNumber()).isZero();
        assertThat(ids.hasUnused()).isFalse();
        assertThat(ids.switchToUnused()).isNull();
    }

    /**
     * RFC 9000 §5.1.1: "if the number of active connection IDs exceeds the value advertised in its
     * active_connection_id_limit transport parameter, an endpoint MUST close the connection with an error of
     * type CONNECTION_ID_LIMIT_ERROR."
     */
    @Test
    void rejectsMoreIdsThanOurActiveConnectionIdLimit() {
        ids.onNewConnectionId(newId(1, 0));
        ids.onNewConnectionId(newId(2, 0));
        assertThat(ids.activeCount()).isEqualTo(3);
        assertError(() -> ids.onNewConnectionId(newId(3, 0)), TransportError.CONNECTION_ID_LIMIT_ERROR);
    }

    /** RFC 9000 §5.1.1: the count is taken "after ... adding and retiring", so Retire Prior To makes room. */
    @Test
    void acceptsAnIdBeyondTheLimitWhenItRetiresTheExcess() {
        ids.onNewConnectionId(newId(1, 0));
        ids.onNewConnectionId(newId(2, 0));
        ids.onNewConnectionId(newId(3, 1));
        assertThat(ids.activeCount()).isEqualTo(3);
        assertThat(drainRetirements(ids)).containsExactly(0L);
    }

    /** RFC 9000 §19.15: "Receipt of the same frame multiple times MUST NOT be treated as a connection error." */
    @Test
    void ignoresARepeatedFrame() {
        ids.onNewConnectionId(newId(1, 0));
        ids.onNewConnectionId(newId(1, 0));
        assertThat(ids.activeCount()).isEqualTo(2);
    }

    /** RFC 9000 §19.15: "if a sequence number is used for different connection IDs" → PROTOCOL_VIOLATION. */
    @Test
    void rejectsASequenceNumberReusedForAnotherId() {
        ids.onNewConnectionId(newId(1, 0));
        assertError(() -> ids.onNewConnectionId(new NewConnectionIdFrame(1, 0, cid(9), token(1))),
                TransportError.PROTOCOL_VIOLATION);
    }

    /** RFC 9000 §19.15: a repeated ID "with a different Stateless Reset Token field value" → PROTOCOL_VIOLATION. */
    @Test
    void rejectsARepeatedIdWithAnotherToken() {
        ids.onNewConnectionId(newId(1, 0));
        assertError(() -> ids.onNewConnectionId(new NewConnectionIdFrame(1, 0, cid(1), token(9))),
                TransportError.PROTOCOL_VIOLATION);
    }

    /** RFC 9000 §19.15: a repeated ID "with ... a different Sequence Number field value" → PROTOCOL_VIOLATION. */
    @Test
    void rejectsARepeatedIdWithAnotherSequenceNumber() {
        ids.onNewConnectionId(newId(1, 0));
        assertError(() -> ids.onNewConnectionId(new NewConnectionIdFrame(2, 0, cid(1), token(2))),
                TransportError.PROTOCOL_VIOLATION);
    }

    /** RFC 9000 §10.3.2: "a duplicate value MAY be treated as a connection error of type PROTOCOL_VIOLATION". */
    @Test
    void rejectsAResetTokenUsedForTwoIds() {
        ids.onNewConnectionId(newId(1, 0));
        assertError(() -> ids.onNewConnectionId(new NewConnectionIdFrame(2, 0, cid(2), token(1))),
                TransportError.PROTOCOL_VIOLATION);
    }

    /**
     * RFC 9000 §19.15: "An endpoint that is sending packets with a zero-length Destination Connection ID MUST
     * treat receipt of a NEW_CONNECTION_ID frame as a connection error of type PROTOCOL_VIOLATION."
     */
    @Test
    void rejectsNewConnectionIdFromAZeroLengthPeer() {
        PeerConnectionIds zero = new PeerConnectionIds(ConnectionId.EMPTY, 2);
        assertError(() -> zero.onNewConnectionId(newId(1, 0)), TransportError.PROTOCOL_VIOLATION);
        assertThat(zero.activeId()).isEqualTo(ConnectionId.EMPTY);
        assertThat(zero.pollRetireFrame()).isNull();
    }

    /**
     * RFC 9000 §5.1.2: "Upon receipt of an increased Retire Prior To field, the peer MUST stop using the
     * corresponding connection IDs and retire them with RETIRE_CONNECTION_ID frames".
     */
    @Test
    void retirePriorToRetiresOlderIdsAndMovesOff() {
        ids.onNewConnectionId(newId(1, 0));
        ids.onNewConnectionId(newId(2, 2));
        assertThat(ids.activeId()).isEqualTo(cid(2));
        assertThat(ids.largestRetirePriorTo()).isEqualTo(2);
        assertThat(drainRetirements(ids)).containsExactly(0L, 1L);
    }

    /** RFC 9000 §19.15: "A receiver MUST ignore any Retire Prior To fields that do not increase the largest". */
    @Test
    void ignoresARetirePriorToThatDoesNotIncrease() {
        ids.onNewConnectionId(newId(1, 1));
        drainRetirements(ids);
        ids.onNewConnectionId(newId(2, 0));
        assertThat(ids.largestRetirePriorTo()).isEqualTo(1);
        assertThat(ids.activeCount()).isEqualTo(2);
        assertThat(drainRetirements(ids)).isEmpty();
    }

    /**
     * RFC 9000 §19.15: "An endpoint that receives a NEW_CONNECTION_ID frame with a sequence number smaller than
     * the Retire Prior To field of a previously received NEW_CONNECTION_ID frame MUST send a corresponding
     * RETIRE_CONNECTION_ID frame that retires the newly received connection ID".
     */
    @Test
    void retiresANewIdBelowRetirePriorToAtOnce() {
        ids.onNewConnectionId(newId(3, 2)); // arrives before 1 and 2
        assertThat(drainRetirements(ids)).containsExactly(0L);
        ids.onNewConnectionId(newId(1, 0));
        assertThat(drainRetirements(ids)).containsExactly(1L);
        assertThat(ids.activeCount()).isEqualTo(1);
        assertThat(ids.activeId()).isEqualTo(cid(3));
    }

    /**
     * RFC 9000 §5.1.2: "An endpoint SHOULD allow for sending and tracking a number of RETIRE_CONNECTION_ID frames
     * of at least twice the value of the active_connection_id_limit transport parameter. An endpoint MUST NOT
     * forget a connection ID without retiring it, though it MAY choose to treat having connection IDs in need
     * of retirement that exceed this limit as a connection error of type CONNECTION_ID_LIMIT_ERROR."
     */
    @Test
    void boundsUnacknowledgedRetirementsAtTwiceOurLimit() {
        // Each frame retires the previous ID; nothing is acknowledged.
        for (int sequence = 1; sequence <= 6; sequence++) {
            ids.onNewConnectionId(newId(sequence, sequence));
        }
        assertThat(ids.pendingRetirements()).isEqualTo(6);
        assertError(() -> ids.onNewConnectionId(newId(7, 7)), TransportError.CONNECTION_ID_LIMIT_ERROR);
    }

    /** Retirements leave the count when acknowledged, and are sent again when lost. */
    @Test
    void retirementIsPendingUntilAcknowledgedAndResentWhenLost() {
        ids.onNewConnectionId(newId(1, 1));
        assertThat(ids.pollRetireFrame()).isEqualTo(new RetireConnectionIdFrame(0));
        assertThat(ids.pollRetireFrame()).isNull();
        assertThat(ids.pendingRetirements()).isEqualTo(1);
        ids.onRetireLost(0);
        assertThat(ids.pollRetireFrame()).isEqualTo(new RetireConnectionIdFrame(0));
        ids.onRetireAcked(0);
        assertThat(ids.pendingRetirements()).isZero();
        ids.onRetireLost(0);
        assertThat(ids.pollRetireFrame()).as("an acknowledged retirement is not resent").isNull();
    }

    /** RFC 9000 §5.1.2: switching to an unused ID retires the one no longer in use. */
    @Test
    void switchingToAnUnusedIdRetiresTheOldOne() {
        ids.onNewConnectionId(newId(1, 0));
        ids.onNewConnectionId(newId(2, 0));
        assertThat(ids.switchToUnused()).isEqualTo(cid(1));
        assertThat(ids.activeSequenceNumber()).isEqualTo(1);
        assertThat(drainRetirements(ids)).containsExactly(0L);
        assertThat(ids.switchToUnused()).isEqualTo(cid(2));
        assertThat(ids.switchToUnused()).as("no spare left").isNull();
        assertThat(ids.activeId()).isEqualTo(cid(2));
    }

    /** A late NEW_CONNECTION_ID for a sequence below the one in use would never be used: retire it. */
    @Test
    void retiresALateIdBelowTheOneInUse() {
        ids.onNewConnectionId(newId(2, 0));
        ids.switchToUnused();
        drainRetirements(ids);
        ids.onNewConnectionId(newId(1, 0));
        assertThat(drainRetirements(ids)).containsExactly(1L);
        assertThat(ids.activeCount()).isEqualTo(1);
    }

    /**
     * RFC 9000 §10.3.1: tokens from NEW_CONNECTION_ID and the server's transport parameters count, but "An
     * endpoint MUST NOT check for any stateless reset tokens associated with connection IDs it has not used or
     * for connection IDs that have been retired."
     */
    @Test
    void resetTokensAreThoseOfUsedIdsNotRetired() {
        assertThat(ids.resetTokens()).isEmpty();
        ids.setHandshakeResetToken(token(100));
        assertThat(ids.resetTokens()).containsExactly(token(100));
        ids.onNewConnectionId(newId(1, 0));
        assertThat(ids.resetTokens()).as("sequence 1 not used yet").containsExactly(token(100));
        ids.switchToUnused();
        assertThat(ids.resetTokens()).as("sequence 0 retired").containsExactly(token(1));
    }

    /** RFC 9000 §5.1.1: the preferred_address ID is sequence number 1 and counts against our limit. */
    @Test
    void preferredAddressIdIsSequenceOne() {
        ids.addPreferredAddressId(cid(1), token(1));
        ids.onNewConnectionId(newId(1, 0)); // the same ID again: a repeat, not an error
        ids.onNewConnectionId(newId(2, 0));
        assertError(() -> ids.onNewConnectionId(newId(3, 0)), TransportError.CONNECTION_ID_LIMIT_ERROR);
    }

    /** RFC 9000 §18.2: a server with a zero-length connection ID "MUST NOT provide a preferred address". */
    @Test
    void rejectsAPreferredAddressFromAZeroLengthPeer() {
        PeerConnectionIds zero = new PeerConnectionIds(ConnectionId.EMPTY, 2);
        assertThatThrownBy(() -> zero.addPreferredAddressId(cid(1), token(1)))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR));
    }

    /**
     * §19.15: a retirement is owed once per sequence number ("unless it has already done so for that
     * sequence number"): a late duplicate of a retired ID neither queues a second one nor counts against
     * the limit on pending retirements.
     */
    @Test
    void lateDuplicatesOfRetiredIdsAreNotRetiredAgain() {
        PeerConnectionIds ids = new PeerConnectionIds(CidFixtures.cid(0), 2);
        ids.onNewConnectionId(CidFixtures.newId(1, 0));
        ids.onNewConnectionId(CidFixtures.newId(2, 2)); // retires 0 and 1
        assertThat(ids.pollRetireFrame().sequenceNumber()).isZero();
        assertThat(ids.pollRetireFrame().sequenceNumber()).isEqualTo(1);
        ids.onRetireAcked(0);
        ids.onRetireAcked(1);
        for (int i = 0; i < 10; i++) {
            ids.onNewConnectionId(CidFixtures.newId(1, 0));
        }
        assertThat(ids.pendingRetirements()).isZero();
        assertThat(ids.pollRetireFrame()).isNull();
        assertThat(ids.activeSequenceNumber()).isEqualTo(2);
    }
}
