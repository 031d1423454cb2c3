package io.quic4j.transport.recovery;

import static io.quic4j.transport.recovery.EcnCodepoint.CE;
import static io.quic4j.transport.recovery.EcnCodepoint.ECT0;
import static io.quic4j.transport.recovery.EcnCodepoint.NOT_ECT;
import static io.quic4j.transport.recovery.PacketNumberSpace.APPLICATION;
import static io.quic4j.transport.recovery.PacketNumberSpace.HANDSHAKE;
import static io.quic4j.transport.recovery.PacketNumberSpace.INITIAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.EcnCounts;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 9000 §13.2: generating acknowledgments. */
class AckTrackerTest {
    private static final long MS = 1_000_000L;
    private static final long MAX_ACK_DELAY = 25 * MS;

    private static AckTracker tracker(PacketNumberSpace space) {
        return new AckTracker(space, MAX_ACK_DELAY, 3);
    }

    /** §13.2.1: "MUST acknowledge all ack-eliciting Initial and Handshake packets immediately". */
    @Test
    void ackElicitingInitialAndHandshakePacketsAreAckedImmediately() {
        for (PacketNumberSpace space : new PacketNumberSpace[]{INITIAL, HANDSHAKE}) {
            AckTracker t = tracker(space);
            t.onPacketReceived(0, true, NOT_ECT, 7 * MS);
            assertThat(t.ackDeadline()).isEqualTo(7 * MS);
            assertThat(t.isAckDue(7 * MS)).isTrue();
        }
    }

    /** §13.2.1: 1-RTT packets are acknowledged "within its advertised max_ack_delay". */
    @Test
    void singleApplicationPacketWaitsUpToMaxAckDelay() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 7 * MS);
        assertThat(t.ackDeadline()).isEqualTo(7 * MS + MAX_ACK_DELAY);
        assertThat(t.isAckDue(8 * MS)).isFalse();
        assertThat(t.isAckDue(7 * MS + MAX_ACK_DELAY)).isTrue();
    }

    /** §13.2.2: "A receiver SHOULD send an ACK frame after receiving at least two ack-eliciting packets." */
    @Test
    void everySecondAckElicitingPacketIsAckedImmediately() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 0);
        t.onPacketReceived(1, true, NOT_ECT, MS);
        assertThat(t.ackDeadline()).isEqualTo(MS);
        t.onAckSent();
        assertThat(t.ackDeadline()).isEqualTo(LossDetector.NEVER);
        t.onPacketReceived(2, true, NOT_ECT, 2 * MS);
        assertThat(t.ackDeadline()).isEqualTo(2 * MS + MAX_ACK_DELAY);
    }

    /** §13.2.1: a packet numbered below another ack-eliciting packet already received is acked at once. */
    @Test
    void outOfOrderPacketIsAckedImmediately() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(5, true, NOT_ECT, 0);
        t.onAckSent();
        t.onPacketReceived(3, true, NOT_ECT, MS);
        assertThat(t.ackDeadline()).isEqualTo(MS);
    }

    /** §13.2.1: a packet above the largest ack-eliciting one with missing packets in between is acked at once. */
    @Test
    void packetRevealingAGapIsAckedImmediately() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 0);
        t.onAckSent();
        t.onPacketReceived(2, true, NOT_ECT, MS);
        assertThat(t.ackDeadline()).isEqualTo(MS);
    }

    @Test
    void nonAckElicitingPacketsInBetweenAreNotAGap() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 0);
        t.onAckSent();
        t.onPacketReceived(1, false, NOT_ECT, MS);
        t.onPacketReceived(2, true, NOT_ECT, 2 * MS);
        assertThat(t.ackDeadline()).isEqualTo(2 * MS + MAX_ACK_DELAY);
    }

    /** §13.2.1: "MUST NOT send a non-ack-eliciting packet in response to a non-ack-eliciting packet, even if there are packet gaps". */
    @Test
    void nonAckElicitingPacketsNeverMakeAnAckDue() {
        AckTracker t = tracker(INITIAL);
        t.onPacketReceived(0, false, NOT_ECT, 0);
        t.onPacketReceived(5, false, CE, MS);
        t.onPacketReceived(2, false, NOT_ECT, 2 * MS);
        assertThat(t.ackDeadline()).isEqualTo(LossDetector.NEVER);
        assertThat(t.hasPacketsToAcknowledge()).isTrue();
    }

    /** §13.2: non-ack-eliciting packets "are only acknowledged when an ACK frame is sent for other reasons". */
    @Test
    void nonAckElicitingPacketsAreIncludedInTheNextAck() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, false, NOT_ECT, 0);
        t.onPacketReceived(1, true, NOT_ECT, MS);
        assertThat(t.buildAck(MS).ranges()).isEqualTo(AckRanges.of(0, 1));
    }

    /** §13.2.1: CE-marked packets "SHOULD be acknowledged immediately". */
    @Test
    void ceMarkedPacketIsAckedImmediatelyAndCounted() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, ECT0, 0);
        t.onAckSent();
        t.onPacketReceived(1, true, CE, MS);
        assertThat(t.ackDeadline()).isEqualTo(MS);
        assertThat(t.buildAck(MS).ecnCounts()).isEqualTo(new EcnCounts(1, 0, 1));
    }

    @Test
    void ackHasNoEcnCountsWithoutEcnMarks() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 0);
        assertThat(t.buildAck(0).hasEcnCounts()).isFalse();
    }

    /** RFC 9000 §12.3: duplicates are detected and not counted again. */
    @Test
    void detectsDuplicatePackets() {
        AckTracker t = tracker(APPLICATION);
        assertThat(t.isDuplicate(4)).isFalse();
        t.onPacketReceived(4, true, ECT0, 0);
        assertThat(t.isDuplicate(4)).isTrue();
        assertThat(t.isDuplicate(3)).isFalse();
        t.onPacketReceived(4, true, ECT0, 0);
        assertThat(t.buildAck(0).ecnCounts().ect0()).isEqualTo(1);
    }

    /** DESIGN.md §5 and RFC 9000 §13.2.3: a bounded number of ranges; forgotten ones stay duplicates. */
    @Test
    void rangeCountIsBoundedAndForgottenRangesCountAsReceived() {
        AckTracker t = new AckTracker(APPLICATION, MAX_ACK_DELAY, 3, 4);
        for (int pn = 0; pn < 20; pn += 2) {
            t.onPacketReceived(pn, true, NOT_ECT, 0);
        }
        assertThat(t.rangeCount()).isEqualTo(4);
        assertThat(t.buildAck(0).ranges()).isEqualTo(AckRanges.of(18, 18, 16, 16, 14, 14, 12, 12));
        assertThat(t.isDuplicate(10)).isTrue();
        assertThat(t.isDuplicate(9)).isTrue();
        assertThat(t.isDuplicate(11)).isFalse();
        assertThat(t.largestReceived()).isEqualTo(18);
    }

    @Test
    void packetWhoseRangeIsForgottenAtOnceIsStillAcknowledgedPromptly() {
        AckTracker t = new AckTracker(APPLICATION, MAX_ACK_DELAY, 3, 1);
        t.onPacketReceived(5, true, NOT_ECT, 0);
        t.onPacketReceived(20, false, NOT_ECT, 0);
        t.onAckSent();
        t.onPacketReceived(15, true, NOT_ECT, MS);
        assertThat(t.rangeCount()).isEqualTo(1);
        assertThat(t.isDuplicate(15)).isTrue();
        assertThat(t.ackDeadline()).isEqualTo(MS);
    }

    /** §13.2.5: the delay since the largest was received, in microseconds scaled by 2^-ack_delay_exponent. */
    @Test
    void ackDelayIsEncodedWithOurExponentFromReceiptOfTheLargest() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(7, true, NOT_ECT, 100 * MS);
        t.onPacketReceived(3, true, NOT_ECT, 104 * MS);
        AckFrame ack = t.buildAck(108 * MS);
        assertThat(ack.largestAcknowledged()).isEqualTo(7);
        assertThat(ack.ackDelay()).isEqualTo(8000 >> 3);
        AckTracker exact = new AckTracker(APPLICATION, MAX_ACK_DELAY, 0);
        exact.onPacketReceived(0, true, NOT_ECT, 0);
        assertThat(exact.buildAck(1_500_999).ackDelay()).isEqualTo(1500);
    }

    /** §13.2.4: once an ACK of ours is acknowledged, stop acknowledging packets up to its Largest Acknowledged. */
    @Test
    void ackOfAckPrunesAcknowledgedRanges() {
        AckTracker t = tracker(APPLICATION);
        for (long pn : new long[]{0, 1, 3, 4, 6}) {
            t.onPacketReceived(pn, true, NOT_ECT, 0);
        }
        AckFrame sent = t.buildAck(0);
        t.onAckSent();
        t.onPacketReceived(8, true, NOT_ECT, MS);
        t.onAckAcknowledged(3);
        assertThat(t.buildAck(MS).ranges()).isEqualTo(AckRanges.of(8, 8, 6, 6, 4, 4));
        t.onAckAcknowledged(sent.largestAcknowledged());
        assertThat(t.buildAck(MS).ranges()).isEqualTo(AckRanges.of(8, 8));
        assertThat(t.isDuplicate(5)).isTrue();
        t.onAckAcknowledged(8);
        assertThat(t.buildAck(MS)).isNull();
        assertThat(t.largestReceived()).isEqualTo(8);
    }

    @Test
    void mergesRangesWhenAGapFills() {
        AckTracker t = tracker(APPLICATION);
        t.onPacketReceived(0, true, NOT_ECT, 0);
        t.onPacketReceived(2, true, NOT_ECT, 0);
        t.onPacketReceived(5, true, NOT_ECT, 0);
        t.onPacketReceived(1, true, NOT_ECT, 0);
        t.onPacketReceived(4, true, NOT_ECT, 0);
        assertThat(t.buildAck(0).ranges()).isEqualTo(AckRanges.of(4, 5, 0, 2));
        t.onPacketReceived(3, true, NOT_ECT, 0);
        assertThat(t.rangeCount()).isEqualTo(1);
    }

    @Test
    void nothingToAcknowledgeBeforeAnyPacket() {
        AckTracker t = tracker(APPLICATION);
        assertThat(t.buildAck(0)).isNull();
        assertThat(t.hasPacketsToAcknowledge()).isFalse();
        assertThat(t.largestReceived()).isEqualTo(-1);
    }

    /** The retained ranges are exactly the received set (with enough room), whatever the arrival order. */
    @Property
    void rangesMatchTheReceivedSet(@ForAll @Size(max = 200) java.util.List<@IntRange(max = 300) Integer> arrivals) {
        AckTracker t = new AckTracker(APPLICATION, MAX_ACK_DELAY, 3, 1000);
        TreeSet<Long> received = new TreeSet<>();
        for (int pn : arrivals) {
            assertThat(t.isDuplicate(pn)).isEqualTo(received.contains((long) pn));
            t.onPacketReceived(pn, true, NOT_ECT, 0);
            received.add((long) pn);
        }
        AckFrame ack = t.buildAck(0);
        if (received.isEmpty()) {
            assertThat(ack).isNull();
            return;
        }
        TreeSet<Long> acked = new TreeSet<>();
        for (int i = 0; i < ack.ranges().size(); i++) {
            for (long pn = ack.ranges().smallest(i); pn <= ack.ranges().largest(i); pn++) {
                acked.add(pn);
            }
        }
        assertThat(acked).isEqualTo(received);
    }

    /** With a small bound, ranges never exceed it and nothing received is ever accepted again. */
    @Property
    void boundedRangesNeverReacceptAPacket(
            @ForAll @Size(max = 300) java.util.List<@IntRange(max = 500) Integer> arrivals,
            @ForAll @IntRange(min = 1, max = 8) int maxRanges) {
        AckTracker t = new AckTracker(APPLICATION, MAX_ACK_DELAY, 3, maxRanges);
        TreeSet<Long> received = new TreeSet<>();
        for (int pn : arrivals) {
            if (received.contains((long) pn)) {
                assertThat(t.isDuplicate(pn)).isTrue();
            }
            if (!t.isDuplicate(pn)) {
                t.onPacketReceived(pn, true, NOT_ECT, 0);
                received.add((long) pn);
            }
            assertThat(t.rangeCount()).isLessThanOrEqualTo(maxRanges);
            AckFrame ack = t.buildAck(0);
            for (int i = 0; i < ack.ranges().size(); i++) {
                for (long p = ack.ranges().smallest(i); p <= ack.ranges().largest(i); p++) {
                    assertThat(received).contains(p);
                }
            }
        }
    }
}
