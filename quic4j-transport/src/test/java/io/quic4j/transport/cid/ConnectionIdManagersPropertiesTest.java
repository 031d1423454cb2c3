package io.quic4j.transport.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random NEW_CONNECTION_ID / RETIRE_CONNECTION_ID exchanges: between an issuer and a receiver that both
 * follow the rules (over a network that loses, reorders and duplicates frames), and from a peer that sends
 * anything. The limits of RFC 9000 §5.1.1 and §5.1.2 hold throughout.
 */
class ConnectionIdManagersPropertiesTest {

    /** A compliant issuer never trips the receiver's limits, and neither side exceeds its own. */
    @Property(tries = 300)
    void compliantPeersNeverExceedTheLimits(@ForAll @LongRange long seed, @ForAll @IntRange(min = 2, max = 6) int limit,
            @ForAll @IntRange(min = 2, max = 8) int issuerMax) {
        SplittableRandom random = new SplittableRandom(seed);
        ConnectionIdGenerator generator = ConnectionIdGenerator.random(8, new SplittableRandom(seed + 1));
        ConnectionId initial = generator.generate();
        LocalConnectionIds issuer = new LocalConnectionIds(initial, generator, CidFixtures.tokens(seed), issuerMax);
        issuer.setPeerActiveConnectionIdLimit(limit);
        PeerConnectionIds receiver = new PeerConnectionIds(initial, limit);
        List<NewConnectionIdFrame> toReceiver = new ArrayList<>();
        List<RetireConnectionIdFrame> toIssuer = new ArrayList<>();

        for (int step = 0; step < 300; step++) {
            switch (random.nextInt(7)) {
                case 0 -> toReceiver.addAll(issuer.issue());
                case 1 -> issuer.rotate();
                case 2 -> {
                    if (!toReceiver.isEmpty()) {
                        NewConnectionIdFrame frame = toReceiver.get(random.nextInt(toReceiver.size()));
                        if (random.nextInt(4) != 0) {
                            toReceiver.remove(frame); // else: delivered, and a duplicate stays in flight
                        }
                        receiver.onNewConnectionId(frame);
                    }
                }
                case 3 -> receiver.switchToUnused();
                case 4 -> {
                    RetireConnectionIdFrame frame = receiver.pollRetireFrame();
                    if (frame != null) {
                        toIssuer.add(frame);
                    }
                }
                case 5 -> {
                    if (!toIssuer.isEmpty()) {
                        RetireConnectionIdFrame frame = toIssuer.remove(random.nextInt(toIssuer.size()));
                        if (random.nextInt(5) == 0) {
                            receiver.onRetireLost(frame.sequenceNumber());
                        } else {
                            issuer.onRetire(frame, receiver.activeId());
                            receiver.onRetireAcked(frame.sequenceNumber());
                        }
                    }
                }
                default -> {
                    Integer lost = toReceiver.isEmpty() ? null : random.nextInt(toReceiver.size());
                    if (lost != null) {
                        NewConnectionIdFrame frame = toReceiver.remove((int) lost);
                        NewConnectionIdFrame again = issuer.retransmission(frame.sequenceNumber());
                        if (again != null) {
                            toReceiver.add(again);
                        }
                    }
                }
            }
            assertThat(receiver.activeCount()).isBetween(1, limit);
            assertThat(receiver.pendingRetirements()).isLessThanOrEqualTo(2 * limit);
            assertThat(issuer.active().stream().filter(a -> a.sequenceNumber() >= issuer.retirePriorTo()).count())
                    .isLessThanOrEqualTo(Math.min(limit, issuerMax));
            assertThat(issuer.active().size()).isLessThanOrEqualTo(2 * Math.min(limit, issuerMax));
            assertThat(issuer.isActive(receiver.activeId())).as("the receiver sends to an ID that still routes")
                    .isTrue();
            for (StatelessResetToken token : receiver.resetTokens()) {
                assertThat(issuer.active()).extracting(IssuedConnectionId::resetToken).contains(token);
            }
        }
    }

    /** Whatever a peer sends, the receiver either accepts it within its bounds or closes with the RFC code. */
    @Property(tries = 300)
    void arbitraryFramesNeverBreakTheBounds(@ForAll @LongRange long seed,
            @ForAll @IntRange(min = 2, max = 5) int limit) {
        SplittableRandom random = new SplittableRandom(seed);
        PeerConnectionIds receiver = new PeerConnectionIds(CidFixtures.cid(1000), limit);
        for (int step = 0; step < 200; step++) {
            if (random.nextInt(3) == 0) {
                RetireConnectionIdFrame frame = receiver.pollRetireFrame();
                if (frame != null && random.nextBoolean()) {
                    receiver.onRetireAcked(frame.sequenceNumber());
                }
                continue;
            }
            long sequence = random.nextLong(12);
            long retirePriorTo = random.nextLong(sequence + 1);
            long idNumber = random.nextInt(4) == 0 ? random.nextLong(12) : sequence;
            long tokenNumber = random.nextInt(4) == 0 ? random.nextLong(12) : sequence;
            NewConnectionIdFrame frame = new NewConnectionIdFrame(sequence, retirePriorTo, CidFixtures.cid(idNumber),
                    CidFixtures.token(tokenNumber));
            try {
                receiver.onNewConnectionId(frame);
            } catch (QuicTransportException e) {
                assertThat(e.error()).isIn(TransportError.PROTOCOL_VIOLATION, TransportError.CONNECTION_ID_LIMIT_ERROR);
                return; // the connection closes
            }
            assertThat(receiver.activeCount()).isBetween(1, limit);
            assertThat(receiver.pendingRetirements()).isLessThanOrEqualTo(2 * limit);
            assertThat(receiver.activeSequenceNumber()).isGreaterThanOrEqualTo(receiver.largestRetirePriorTo());
        }
    }

    /** Whatever RETIRE_CONNECTION_ID frames a peer sends, the issuer only fails with PROTOCOL_VIOLATION. */
    @Property(tries = 300)
    void arbitraryRetirementsFailOnlyWithProtocolViolation(@ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ConnectionIdGenerator generator = ConnectionIdGenerator.random(8, new SplittableRandom(seed));
        LocalConnectionIds issuer = new LocalConnectionIds(generator.generate(), generator, CidFixtures.tokens(seed),
                4);
        issuer.setPeerActiveConnectionIdLimit(4);
        for (int step = 0; step < 100; step++) {
            issuer.issue();
            if (random.nextInt(8) == 0) {
                issuer.rotate();
            }
            List<IssuedConnectionId> active = issuer.active();
            ConnectionId destination = active.get(random.nextInt(active.size())).id();
            RetireConnectionIdFrame frame = new RetireConnectionIdFrame(random.nextLong(40));
            try {
                issuer.onRetire(frame, destination);
            } catch (QuicTransportException e) {
                assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                return;
            }
            assertThat(issuer.active().size()).isBetween(0, 8);
        }
        assertThatCode(issuer::issue).doesNotThrowAnyException();
    }
}
