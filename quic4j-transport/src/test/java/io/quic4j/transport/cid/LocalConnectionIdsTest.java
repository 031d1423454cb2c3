package io.quic4j.transport.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalConnectionIdsTest {
    private final StatelessResetTokens tokens = CidFixtures.tokens(1);
    private final ConnectionIdGenerator generator = CidFixtures.generator(2);
    private final ConnectionId initial = generator.generate();

    private LocalConnectionIds ids(int maxActive) {
        return new LocalConnectionIds(initial, generator, tokens, maxActive);
    }

    private static List<RoutingUpdate> drain(LocalConnectionIds ids) {
        List<RoutingUpdate> updates = new ArrayList<>();
        for (RoutingUpdate u = ids.pollRoutingUpdate(); u != null; u = ids.pollRoutingUpdate()) {
            updates.add(u);
        }
        return updates;
    }

    private static void assertError(Runnable action, TransportError error, long frameType) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(QuicTransportException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.frameType()).isEqualTo(frameType);
        });
    }

    /** RFC 9000 §5.1.1: "The sequence number of the initial connection ID is 0." */
    @Test
    void handshakeIdIsSequenceZeroAndRoutes() {
        LocalConnectionIds ids = ids(4);
        assertThat(ids.active()).singleElement().satisfies(a -> {
            assertThat(a.sequenceNumber()).isZero();
            assertThat(a.id()).isEqualTo(initial);
        });
        assertThat(ids.initialId()).isEqualTo(initial);
        assertThat(ids.isActive(initial)).isTrue();
        assertThat(drain(ids)).containsExactly(new RoutingUpdate.Added(initial));
    }

    /** RFC 9000 §10.3: the server's stateless_reset_token transport parameter is the token of sequence 0. */
    @Test
    void initialResetTokenIsTheHmacOfTheHandshakeId() {
        assertThat(ids(4).initialResetToken()).isEqualTo(tokens.tokenFor(initial));
    }

    /**
     * RFC 9000 §5.1.1: "An endpoint MUST NOT provide more connection IDs than the peer's limit"; §18.2: the
     * limit is 2 when the parameter is absent.
     */
    @Test
    void issuesUpToThePeersActiveConnectionIdLimit() {
        LocalConnectionIds ids = ids(8);
        assertThat(ids.issue()).extracting(NewConnectionIdFrame::sequenceNumber).containsExactly(1L);
        assertThat(ids.issue()).isEmpty();
        ids.setPeerActiveConnectionIdLimit(4);
        assertThat(ids.issue()).extracting(NewConnectionIdFrame::sequenceNumber).containsExactly(2L, 3L);
        assertThat(ids.active()).hasSize(4);
    }

    /** A peer's huge active_connection_id_limit must not make us hold that many IDs (DESIGN.md §5). */
    @Test
    void capsThePeersLimitByOurMaximum() {
        LocalConnectionIds ids = ids(3);
        ids.setPeerActiveConnectionIdLimit((1L << 62) - 1);
        assertThat(ids.limit()).isEqualTo(3);
        assertThat(ids.issue()).hasSize(2);
    }

    /**
     * RFC 9000 §5.1.1: "The sequence number on each newly issued connection ID MUST increase by 1"; §5.1: "the
     * same connection ID MUST NOT be issued more than once"; §10.3.2: each token is the HMAC of its ID.
     */
    @Test
    void issuedIdsAreDistinctWithIncreasingSequenceAndHmacTokens() {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(8);
        List<NewConnectionIdFrame> frames = ids.issue();
        assertThat(frames).hasSize(7);
        for (int i = 0; i < frames.size(); i++) {
            NewConnectionIdFrame frame = frames.get(i);
            assertThat(frame.sequenceNumber()).isEqualTo(i + 1);
            assertThat(frame.retirePriorTo()).isZero();
            assertThat(frame.statelessResetToken()).isEqualTo(tokens.tokenFor(frame.connectionId()));
        }
        assertThat(new HashSet<>(frames.stream().map(NewConnectionIdFrame::connectionId).toList())).hasSize(7)
                .doesNotContain(initial);
    }

    /** RFC 9000 §5.1.1: "An endpoint SHOULD supply a new connection ID when the peer retires a connection ID." */
    @Test
    void replacesAnIdThePeerRetires() {
        LocalConnectionIds ids = ids(4);
        NewConnectionIdFrame one = ids.issue().getFirst();
        drain(ids);
        assertThat(ids.onRetire(new RetireConnectionIdFrame(0), one.connectionId())).isEqualTo(initial);
        assertThat(drain(ids)).containsExactly(new RoutingUpdate.Removed(initial));
        assertThat(ids.isActive(initial)).isFalse();
        NewConnectionIdFrame two = ids.issue().getFirst();
        assertThat(two.sequenceNumber()).isEqualTo(2);
        assertThat(drain(ids)).containsExactly(new RoutingUpdate.Added(two.connectionId()));
    }

    /** RFC 9000 §19.16: a sequence number "greater than any previously sent to the peer" is PROTOCOL_VIOLATION. */
    @Test
    void rejectsRetirementOfASequenceNumberNeverIssued() {
        LocalConnectionIds ids = ids(4);
        ids.issue();
        assertError(() -> ids.onRetire(new RetireConnectionIdFrame(2), initial), TransportError.PROTOCOL_VIOLATION,
                FrameType.RETIRE_CONNECTION_ID);
    }

    /** RFC 9000 §19.16: it "MUST NOT refer to the Destination Connection ID field of the packet". */
    @Test
    void rejectsRetirementOfTheIdThePacketArrivedWith() {
        LocalConnectionIds ids = ids(4);
        ids.issue();
        assertError(() -> ids.onRetire(new RetireConnectionIdFrame(0), initial), TransportError.PROTOCOL_VIOLATION,
                FrameType.RETIRE_CONNECTION_ID);
    }

    /** A retransmitted RETIRE_CONNECTION_ID for an ID already retired is harmless. */
    @Test
    void ignoresARepeatedRetirement() {
        LocalConnectionIds ids = ids(4);
        ConnectionId one = ids.issue().getFirst().connectionId();
        ids.onRetire(new RetireConnectionIdFrame(0), one);
        assertThat(ids.onRetire(new RetireConnectionIdFrame(0), one)).isNull();
    }

    /**
     * RFC 9000 §5.1.1: an endpoint with a zero-length ID "cannot issue a new connection ID"; §19.16: it "MUST
     * treat receipt of a RETIRE_CONNECTION_ID frame as a connection error of type PROTOCOL_VIOLATION".
     */
    @Test
    void zeroLengthIdIssuesNothingAndRejectsEveryRetirement() {
        LocalConnectionIds ids = new LocalConnectionIds(ConnectionId.EMPTY, ConnectionIdGenerator.zeroLength(), null,
                4);
        ids.setPeerActiveConnectionIdLimit(8);
        assertThat(ids.issue()).isEmpty();
        assertThat(ids.initialResetToken()).isNull();
        assertThat(ids.rotate()).isFalse();
        assertError(() -> ids.onRetire(new RetireConnectionIdFrame(0), ConnectionId.EMPTY),
                TransportError.PROTOCOL_VIOLATION, FrameType.RETIRE_CONNECTION_ID);
    }

    /** §10.3.2: IDs must all have the generator's length so a reset token can be recomputed from a packet. */
    @Test
    void rejectsAnInitialIdOfAnotherLength() {
        assertThatThrownBy(() -> new LocalConnectionIds(ConnectionId.ofHex("0102"), generator, tokens, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * RFC 9000 §5.1.2: rotation raises Retire Prior To; "The endpoint SHOULD continue to accept the previously
     * issued connection IDs until they are retired by the peer"; §5.1.1: the new IDs may "temporarily exceed a
     * peer's limit" since the frame retires the excess; "Endpoints SHOULD NOT issue updates of the Retire Prior
     * To field before receiving RETIRE_CONNECTION_ID frames that retire all connection IDs indicated by the
     * previous Retire Prior To value."
     */
    @Test
    void rotationRetiresEverythingIssuedAndWaitsForThePeer() {
        LocalConnectionIds ids = ids(4);
        ConnectionId one = ids.issue().getFirst().connectionId();
        assertThat(ids.rotate()).isTrue();
        List<NewConnectionIdFrame> fresh = ids.issue();
        assertThat(fresh).extracting(NewConnectionIdFrame::sequenceNumber).containsExactly(2L, 3L);
        assertThat(fresh).allSatisfy(f -> assertThat(f.retirePriorTo()).isEqualTo(2));
        assertThat(ids.isActive(initial)).isTrue();
        assertThat(ids.isActive(one)).isTrue();
        assertThat(ids.rotate()).as("previous rotation unfinished").isFalse();

        ConnectionId two = fresh.getFirst().connectionId();
        ids.onRetire(new RetireConnectionIdFrame(0), two);
        assertThat(ids.issue()).as("the retired ID was already replaced").isEmpty();
        ids.onRetire(new RetireConnectionIdFrame(1), two);
        assertThat(ids.rotate()).isTrue();
        assertThat(ids.retirePriorTo()).isEqualTo(4);
    }

    /** RFC 9000 §13.3: a lost NEW_CONNECTION_ID is resent with the same sequence number, unless retired. */
    @Test
    void retransmissionRepeatsTheFrameUntilRetired() {
        LocalConnectionIds ids = ids(4);
        NewConnectionIdFrame one = ids.issue().getFirst();
        assertThat(ids.retransmission(1)).isEqualTo(one);
        ids.onRetire(new RetireConnectionIdFrame(1), initial);
        assertThat(ids.retransmission(1)).isNull();
    }

    /** RFC 9000 §5.1.1: "If the preferred_address transport parameter is sent, the sequence number ... is 1." */
    @Test
    void preferredAddressIdIsSequenceOne() {
        LocalConnectionIds ids = ids(4);
        IssuedConnectionId preferred = ids.issuePreferredAddressId();
        assertThat(preferred.sequenceNumber()).isEqualTo(1);
        assertThat(preferred.resetToken()).isEqualTo(tokens.tokenFor(preferred.id()));
        assertThat(ids.issue()).as("it counts against the peer's limit of 2").isEmpty();
        assertThatThrownBy(ids::issuePreferredAddressId).isInstanceOf(IllegalStateException.class);
    }
}
