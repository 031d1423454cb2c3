package io.quic4j.transport.recovery;

import static io.quic4j.transport.recovery.PacketNumberSpace.APPLICATION;
import static io.quic4j.transport.recovery.PacketNumberSpace.HANDSHAKE;
import static io.quic4j.transport.recovery.PacketNumberSpace.INITIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.EcnCounts;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9002 §5, §6, §7.6 and Appendix A. Times in milliseconds, written as nanoseconds. */
class LossDetectorTest {
    private static final long MS = 1_000_000L;
    /** PTO before any sample: 333 + 4 * 166.5 ms. */
    private static final long INITIAL_PTO = 333 * MS + 4 * (333 * MS / 2);

    private final RttEstimator rtt = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);

    private static SentPacket ping(PacketNumberSpace space, long pn, long time) {
        return SentPacket.of(pn, space, time, 1200, List.<Frame>of(PingFrame.INSTANCE));
    }

    private static SentPacket ackOnly(PacketNumberSpace space, long pn, long time) {
        return SentPacket.of(pn, space, time, 50, List.<Frame>of(AckFrame.of(0, 0, 0)));
    }

    private static List<Long> numbers(List<SentPacket> packets) {
        return packets.stream().map(SentPacket::packetNumber).toList();
    }

    private LossDetector server() {
        return new LossDetector(true, rtt);
    }

    private LossDetector client() {
        return new LossDetector(false, rtt);
    }

    // --- §5.1 RTT samples -----------------------------------------------------------------------

    @Test
    void takesRttSampleWhenLargestIsNewlyAckedAndAckEliciting() {
        LossDetector d = server();
        d.onPacketSent(ping(HANDSHAKE, 0, 0));
        AckResult r = d.onAckReceived(HANDSHAKE, AckFrame.of(0, 0, 0), 0, 40 * MS);
        assertThat(r.rttUpdated()).isTrue();
        assertThat(rtt.latestRtt()).isEqualTo(40 * MS);
        assertThat(d.firstRttSampleTime()).isEqualTo(40 * MS);
        assertThat(r.largestAckedTimeSent()).isZero();
    }

    /** §5.1: "an ACK frame SHOULD NOT be used to update RTT estimates if it does not newly acknowledge the largest". */
    @Test
    void noRttSampleWhenLargestAckedIsNotNewlyAcked() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, 1 * MS));
        d.onAckReceived(APPLICATION, AckFrame.of(0, 1, 1), 0, 50 * MS);
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 1), 0, 90 * MS);
        assertThat(numbers(r.newlyAcked())).containsExactly(0L);
        assertThat(r.rttUpdated()).isFalse();
        assertThat(r.largestAckedTimeSent()).isEqualTo(LossDetector.NO_TIME);
        assertThat(rtt.latestRtt()).isEqualTo(49 * MS);
    }

    /** §5.1: "An RTT sample MUST NOT be generated on receiving an ACK frame that does not newly acknowledge at least one ack-eliciting packet." */
    @Test
    void noRttSampleWhenOnlyNonAckElicitingPacketsAreNewlyAcked() {
        LossDetector d = server();
        d.onPacketSent(ackOnly(APPLICATION, 0, 0));
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 0), 0, 30 * MS);
        assertThat(numbers(r.newlyAcked())).containsExactly(0L);
        assertThat(r.rttUpdated()).isFalse();
        assertThat(rtt.hasSample()).isFalse();
    }

    /** §5.3: ACK Delay MAY be ignored for Initial packets; it is. */
    @Test
    void ackDelayIsIgnoredInInitialSpace() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onPacketSent(ping(INITIAL, 1, 100 * MS));
        d.onAckReceived(INITIAL, AckFrame.of(0, 0, 0), 0, 100 * MS);
        d.onAckReceived(INITIAL, AckFrame.of(0, 0, 1), 0, 300 * MS);
        // Second sample 200 ms with 60 ms delay would be adjusted to 140 if the delay counted.
        RttEstimator expected = new RttEstimator(RttEstimator.INITIAL_RTT_NANOS);
        expected.update(100 * MS, 0, false, 0);
        expected.update(200 * MS, 0, false, 0);
        assertThat(rtt.smoothedRtt()).isEqualTo(expected.smoothedRtt());
    }

    @Test
    void decodesAckDelayWithThePeersExponent() {
        assertThat(LossDetector.decodeAckDelay(1000, 3)).isEqualTo(8 * MS);
        assertThat(LossDetector.decodeAckDelay(5, 0)).isEqualTo(5000);
        assertThat(LossDetector.decodeAckDelay((1L << 62) - 1, 20)).isEqualTo(Long.MAX_VALUE);
    }

    // --- RFC 9000 §13.1 and §21.4: acknowledgments of packets never sent --------------------------

    @Test
    void ackOfPacketNumberNeverSentIsProtocolViolation() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        assertThatThrownBy(() -> d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 1), 0, MS))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        assertThat(d.outstanding(APPLICATION)).isEqualTo(1);
    }

    @Test
    void ackInSpaceWithNothingSentIsProtocolViolation() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        assertThatThrownBy(() -> d.onAckReceived(HANDSHAKE, AckFrame.of(0, 0, 0), 0, MS))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
    }

    /** RFC 9000 §21.4 / DESIGN.md §5: a skipped packet number acknowledged is an optimistic ACK. */
    @Test
    void ackOfSkippedPacketNumberIsProtocolViolation() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.skipPacketNumber(APPLICATION, 1);
        d.onPacketSent(ping(APPLICATION, 2, MS));
        assertThatThrownBy(() -> d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 2), 0, 10 * MS))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.PROTOCOL_VIOLATION));
        // Nothing changed; an honest ACK around the hole is fine.
        assertThat(d.outstanding(APPLICATION)).isEqualTo(2);
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 2, 2, 0, 0), 0, 10 * MS);
        assertThat(numbers(r.newlyAcked())).containsExactly(0L, 2L);
    }

    @Test
    void packetNumbersLeftOutAreTreatedAsSkipped() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 5, MS));
        assertThatThrownBy(() -> d.onAckReceived(APPLICATION, AckFrame.of(0, 3, 3), 0, 10 * MS))
                .isInstanceOf(QuicTransportException.class);
    }

    @Test
    void skippedPacketNumberIsRememberedAfterEverythingAroundItIsAcked() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.skipPacketNumber(APPLICATION, 1);
        d.onPacketSent(ping(APPLICATION, 2, MS));
        d.onAckReceived(APPLICATION, AckFrame.of(0, 2, 2, 0, 0), 0, 10 * MS);
        assertThatThrownBy(() -> d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 2), 0, 20 * MS))
                .isInstanceOf(QuicTransportException.class);
    }

    // --- §6.1 loss detection ------------------------------------------------------------------

    /** §6.1.1: kPacketThreshold = 3. */
    @Test
    void packetThresholdDeclaresPacketThreeBelowLargestAckedLost() {
        LossDetector d = server();
        for (int pn = 0; pn <= 3; pn++) {
            d.onPacketSent(ping(APPLICATION, pn, 100 * MS));
        }
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 3, 3), 0, 150 * MS);
        assertThat(numbers(r.lost())).containsExactly(0L);
        assertThat(d.outstanding(APPLICATION)).isEqualTo(2);
    }

    /** §6.1.2: lost after max(9/8 * max(smoothed_rtt, latest_rtt), kGranularity); the timer is set for it. */
    @Test
    void timeThresholdDeclaresLossAfterNineEighthsOfTheRtt() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 100 * MS));
        d.onPacketSent(ping(APPLICATION, 1, 100 * MS));
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 1, 1), 0, 180 * MS);
        assertThat(r.lost()).isEmpty();
        // smoothed = latest = 80 ms; loss delay 90 ms.
        assertThat(d.lossDetectionTimer()).isEqualTo(190 * MS);
        assertThat(d.onLossDetectionTimeout(189 * MS)).isEqualTo(TimeoutResult.NotDue.INSTANCE);
        TimeoutResult t = d.onLossDetectionTimeout(190 * MS);
        assertThat(t).isInstanceOfSatisfying(TimeoutResult.Lost.class, lost -> {
            assertThat(lost.space()).isEqualTo(APPLICATION);
            assertThat(numbers(lost.lost())).containsExactly(0L);
        });
        assertThat(d.bytesInFlight()).isZero();
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
    }

    /** §6.1.2: the time threshold is at least kGranularity. */
    @Test
    void timeThresholdIsAtLeastTheGranularity() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, 0));
        d.onAckReceived(APPLICATION, AckFrame.of(0, 1, 1), 0, 100_000); // 0.1 ms RTT
        assertThat(d.lossDetectionTimer()).isEqualTo(RttEstimator.GRANULARITY_NANOS);
    }

    @Test
    void packetsAboveTheLargestAckedAreNeverDeclaredLost() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, 0));
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 0), 0, 10_000 * MS);
        assertThat(r.lost()).isEmpty();
        assertThat(d.outstanding(APPLICATION)).isEqualTo(1);
    }

    // --- §6.2 PTO -----------------------------------------------------------------------------

    /** §6.2.1: PTO = smoothed_rtt + max(4*rttvar, kGranularity), max_ack_delay 0 for Initial and Handshake. */
    @Test
    void ptoOfHandshakeSpacesExcludesMaxAckDelay() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 10 * MS));
        assertThat(d.lossDetectionTimer()).isEqualTo(10 * MS + INITIAL_PTO);
        assertThat(d.probeTimeout(HANDSHAKE)).isEqualTo(INITIAL_PTO);
    }

    @Test
    void ptoOfApplicationSpaceIncludesMaxAckDelay() {
        LossDetector d = server();
        d.setPeerMaxAckDelay(40 * MS);
        d.onHandshakeConfirmed(0);
        d.onPacketSent(ping(APPLICATION, 0, 10 * MS));
        assertThat(d.lossDetectionTimer()).isEqualTo(10 * MS + INITIAL_PTO + 40 * MS);
    }

    /** §6.2.1: "the timer MUST be set to the earlier value of the Initial and Handshake packet number spaces". */
    @Test
    void ptoUsesEarliestSpace() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 10 * MS));
        d.onPacketSent(ping(HANDSHAKE, 0, 20 * MS));
        assertThat(d.lossDetectionTimer()).isEqualTo(10 * MS + INITIAL_PTO);
        TimeoutResult t = d.onLossDetectionTimeout(10 * MS + INITIAL_PTO);
        assertThat(t).isEqualTo(new TimeoutResult.Probe(INITIAL, LossDetector.PTO_PROBES, false));
    }

    /** §6.2.1: "An endpoint MUST NOT set its PTO timer for the Application Data packet number space until the handshake is confirmed." */
    @Test
    void applicationPtoIsNotArmedBeforeHandshakeConfirmed() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
        d.onHandshakeConfirmed(5 * MS);
        assertThat(d.lossDetectionTimer()).isEqualTo(INITIAL_PTO + LossDetector.DEFAULT_MAX_ACK_DELAY_NANOS);
    }

    /** §6.2.1: the backoff doubles on each expiry, max_ack_delay included for Application Data. */
    @Test
    void ptoBackoffDoublesOnEachExpiry() {
        LossDetector d = server();
        d.onHandshakeConfirmed(0);
        d.onPacketSent(ping(APPLICATION, 0, 0));
        long pto = INITIAL_PTO + LossDetector.DEFAULT_MAX_ACK_DELAY_NANOS;
        assertThat(d.onLossDetectionTimeout(pto)).isEqualTo(new TimeoutResult.Probe(APPLICATION, 2, false));
        assertThat(d.ptoCount()).isEqualTo(1);
        assertThat(d.lossDetectionTimer()).isEqualTo(2 * pto);
        d.onLossDetectionTimeout(2 * pto);
        assertThat(d.ptoCount()).isEqualTo(2);
        assertThat(d.lossDetectionTimer()).isEqualTo(4 * pto);
        // A PTO does not declare anything lost (§6.2).
        assertThat(d.outstanding(APPLICATION)).isEqualTo(1);
    }

    @Test
    void ackResetsPtoBackoff() {
        LossDetector d = server();
        d.onPacketSent(ping(HANDSHAKE, 0, 0));
        d.onLossDetectionTimeout(INITIAL_PTO);
        d.onPacketSent(ping(HANDSHAKE, 1, INITIAL_PTO));
        assertThat(d.ptoCount()).isEqualTo(1);
        d.onAckReceived(HANDSHAKE, AckFrame.of(0, 1, 1), 0, INITIAL_PTO + 50 * MS);
        assertThat(d.ptoCount()).isZero();
    }

    /** §6.2.1: "a client does not reset the PTO backoff factor on receiving acknowledgments in Initial packets". */
    @Test
    void clientKeepsBackoffOnInitialAckUntilServerValidatedItsAddress() {
        LossDetector d = client();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onLossDetectionTimeout(INITIAL_PTO);
        d.onPacketSent(ping(INITIAL, 1, INITIAL_PTO));
        d.onAckReceived(INITIAL, AckFrame.of(0, 1, 1), 0, INITIAL_PTO + 50 * MS);
        assertThat(d.ptoCount()).isEqualTo(1);
        d.setHandshakeKeysAvailable(true);
        d.onPacketSent(ping(HANDSHAKE, 0, INITIAL_PTO + 60 * MS));
        d.onAckReceived(HANDSHAKE, AckFrame.of(0, 0, 0), 0, INITIAL_PTO + 110 * MS);
        assertThat(d.ptoCount()).isZero();
    }

    /** §6.2.2.1: "the server's PTO timer MUST NOT be armed until datagrams have been received from the client". */
    @Test
    void serverBlockedByAmplificationLimitDoesNotArmPto() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.setAmplificationBlocked(true, 0);
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
        // A datagram arrives long after the PTO would have fired: the timer is in the past, fire at once.
        d.setAmplificationBlocked(false, 2 * INITIAL_PTO);
        assertThat(d.lossDetectionTimer()).isEqualTo(INITIAL_PTO);
        assertThat(d.onLossDetectionTimeout(2 * INITIAL_PTO)).isInstanceOf(TimeoutResult.Probe.class);
    }

    /** §6.2.2.1: the client MUST set the PTO with nothing in flight until a Handshake ACK or confirmation. */
    @Test
    void clientArmsAntiDeadlockPtoWithNothingInFlight() {
        LossDetector d = client();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onAckReceived(INITIAL, AckFrame.of(0, 0, 0), 0, 100 * MS);
        assertThat(d.hasAckElicitingInFlight(INITIAL)).isFalse();
        long pto = rtt.smoothedRtt() + 4 * rtt.rttVar();
        assertThat(d.lossDetectionTimer()).isEqualTo(100 * MS + pto);
        assertThat(d.onLossDetectionTimeout(100 * MS + pto)).isEqualTo(new TimeoutResult.Probe(INITIAL, 1, true));
        d.setHandshakeKeysAvailable(true);
        long next = d.lossDetectionTimer();
        assertThat(next).isEqualTo(100 * MS + pto + 2 * pto);
        assertThat(d.onLossDetectionTimeout(next)).isEqualTo(new TimeoutResult.Probe(HANDSHAKE, 1, true));
    }

    /** §6.2.2.1 with only 0-RTT in flight: the Application PTO may not be armed, the anti-deadlock PTO is. */
    @Test
    void clientWithOnlyZeroRttInFlightArmsAntiDeadlockPto() {
        LossDetector d = client();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onAckReceived(INITIAL, AckFrame.of(0, 0, 0), 0, 100 * MS);
        d.onPacketSent(ping(APPLICATION, 0, 110 * MS));
        long pto = rtt.smoothedRtt() + 4 * rtt.rttVar();
        assertThat(d.lossDetectionTimer()).isEqualTo(110 * MS + pto);
        assertThat(d.onLossDetectionTimeout(110 * MS + pto)).isEqualTo(new TimeoutResult.Probe(INITIAL, 1, true));
    }

    @Test
    void clientStopsAntiDeadlockPtoOnceAHandshakePacketIsAcked() {
        LossDetector d = client();
        d.setHandshakeKeysAvailable(true);
        d.onPacketSent(ping(HANDSHAKE, 0, 0));
        d.onAckReceived(HANDSHAKE, AckFrame.of(0, 0, 0), 0, 100 * MS);
        assertThat(d.handshakeAckReceived()).isTrue();
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
    }

    @Test
    void serverDisarmsTimerWithNothingInFlight() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onAckReceived(INITIAL, AckFrame.of(0, 0, 0), 0, 100 * MS);
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
    }

    /** §6.2.1: "The PTO timer MUST NOT be set if a timer is set for time threshold loss detection." */
    @Test
    void lossTimerTakesPrecedenceOverPto() {
        LossDetector d = server();
        d.onPacketSent(ping(HANDSHAKE, 0, 0));
        d.onPacketSent(ping(HANDSHAKE, 1, 0));
        d.onPacketSent(ping(HANDSHAKE, 2, 0));
        d.onAckReceived(HANDSHAKE, AckFrame.of(0, 1, 1), 0, 100 * MS);
        assertThat(d.lossDetectionTimer()).isEqualTo(100 * MS * 9 / 8);
    }

    // --- §6.4 discarding ----------------------------------------------------------------------

    @Test
    void discardingASpaceForgetsItsPacketsAndResetsTimers() {
        LossDetector d = server();
        d.onPacketSent(ping(INITIAL, 0, 0));
        d.onPacketSent(ping(HANDSHAKE, 0, 5 * MS));
        d.onLossDetectionTimeout(INITIAL_PTO);
        assertThat(d.ptoCount()).isEqualTo(1);
        List<SentPacket> dropped = d.discardSpace(INITIAL, INITIAL_PTO + MS);
        assertThat(numbers(dropped)).containsExactly(0L);
        assertThat(d.bytesInFlight()).isEqualTo(1200);
        assertThat(d.ptoCount()).isZero();
        assertThat(d.lossDetectionTimer()).isEqualTo(5 * MS + INITIAL_PTO);
        assertThat(d.onAckReceived(INITIAL, AckFrame.of(0, 0, 0), 0, INITIAL_PTO + 2 * MS).newlyAcked()).isEmpty();
        assertThatThrownBy(() -> d.onPacketSent(ping(INITIAL, 1, INITIAL_PTO)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(d.discardSpace(INITIAL, INITIAL_PTO)).isEmpty();
    }

    @Test
    void retryResetsRecoveryButPacketNumbersContinue() {
        LossDetector d = client();
        d.onPacketSent(ping(INITIAL, 0, 0));
        List<SentPacket> dropped = d.resetAfterRetry(10 * MS);
        assertThat(numbers(dropped)).containsExactly(0L);
        assertThat(d.bytesInFlight()).isZero();
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
        assertThatThrownBy(() -> d.onPacketSent(ping(INITIAL, 0, 10 * MS)))
                .isInstanceOf(IllegalArgumentException.class);
        d.onPacketSent(ping(INITIAL, 1, 10 * MS));
        assertThat(d.lossDetectionTimer()).isEqualTo(10 * MS + INITIAL_PTO);
    }

    // --- §7.6 persistent congestion -----------------------------------------------------------

    /**
     * RFC 9002 §7.6.3, the example table, with one time unit = 1 s and the RTT estimate from earlier
     * exchanges close to the example's (smoothed + max(4*rttvar, granularity) + max_ack_delay ~ 2 units).
     */
    @Test
    void persistentCongestionExampleOfRfc9002Section763() {
        AckResult r = runPersistentCongestionExample(0);
        assertThat(numbers(r.lost())).containsExactly(102L, 103L, 104L, 105L, 106L, 107L, 108L);
        assertThat(r.persistentCongestion()).isTrue();
    }

    @Test
    void noPersistentCongestionWhenTheLostPeriodIsNotLongerThanTheDuration() {
        // max_ack_delay 0.3 s raises the duration above the 7 s lost period.
        AckResult r = runPersistentCongestionExample(300 * MS);
        assertThat(r.lost()).hasSize(7);
        assertThat(r.persistentCongestion()).isFalse();
    }

    /** §7.6.2: "none of the packets sent between the send times of these two packets are acknowledged". */
    @Test
    void noPersistentCongestionWhenAPacketInBetweenWasAcked() {
        assertThat(runAckInBetween(false).persistentCongestion()).isTrue();
        assertThat(runAckInBetween(true).persistentCongestion()).isFalse();
    }

    /**
     * Ping #50, ACK-only #51, pings #52-#60 spanning just over the persistent congestion duration from #50
     * but not from #52, then an ACK of the ACK-only #62 (no RTT sample, so the duration stays known)
     * declares them all lost. If #51 was acknowledged meanwhile, the period restarts at #52.
     */
    private AckResult runAckInBetween(boolean ack51) {
        LossDetector d = server();
        d.onHandshakeConfirmed(0);
        d.setPeerMaxAckDelay(0);
        for (int pn = 0; pn < 20; pn++) {
            d.onPacketSent(ping(APPLICATION, pn, pn * 1000 * MS));
            d.onAckReceived(APPLICATION, AckFrame.of(0, pn, pn), 0, pn * 1000 * MS + 100 * MS);
        }
        long duration = d.persistentCongestionDuration();
        long t = 100_000 * MS;
        d.onPacketSent(ping(APPLICATION, 50, t));
        d.onPacketSent(ackOnly(APPLICATION, 51, t + 10 * MS));
        if (ack51) {
            AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 51, 51), 0, t + 60 * MS);
            assertThat(r.rttUpdated()).isFalse();
            assertThat(r.lost()).isEmpty();
        }
        for (int pn = 52; pn < 60; pn++) {
            d.onPacketSent(ping(APPLICATION, pn, t + 20 * MS + (pn - 52) * MS));
        }
        d.onPacketSent(ping(APPLICATION, 60, t + duration + 5 * MS));
        d.onPacketSent(ackOnly(APPLICATION, 61, t + duration + 6 * MS));
        d.onPacketSent(ackOnly(APPLICATION, 62, t + duration + 7 * MS));
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 62, 62), 0, t + duration + 1000 * MS);
        assertThat(r.rttUpdated()).isFalse();
        assertThat(d.persistentCongestionDuration()).isEqualTo(duration);
        assertThat(r.lost()).extracting(SentPacket::packetNumber).contains(50L, 52L, 60L).doesNotContain(62L);
        return r;
    }

    /** Returns the result of the acknowledgment of #9 at t = 12.2 (packets #n are numbered 100 + n). */
    private AckResult runPersistentCongestionExample(long maxAckDelay) {
        long s = 1000 * MS;
        long t0 = 100 * s;
        LossDetector d = server();
        d.onHandshakeConfirmed(0);
        d.setPeerMaxAckDelay(maxAckDelay);
        // Earlier exchanges: twenty RTT samples of 1.2 s.
        for (int pn = 0; pn < 20; pn++) {
            long sent = t0 - (20 - pn) * 2 * s;
            d.onPacketSent(ping(APPLICATION, pn, sent));
            d.onAckReceived(APPLICATION, AckFrame.of(0, pn, pn), 0, sent + 1200 * MS);
        }
        d.skipPacketNumber(APPLICATION, 100);
        long[] sendTimes = {0, 1, 2, 3, 4, 5, 6, 8, 12};
        for (int i = 0; i < 9; i++) {
            d.onPacketSent(ping(APPLICATION, 101 + i, t0 + sendTimes[i] * s));
            if (i == 1) {
                d.onAckReceived(APPLICATION, AckFrame.of(0, 101, 101), 0, t0 + 1200 * MS);
            }
        }
        return d.onAckReceived(APPLICATION, AckFrame.of(0, 109, 109), 0, t0 + 12200 * MS);
    }

    /** §7.6.2: "a prior RTT sample existed when these two packets were sent". */
    @Test
    void noPersistentCongestionForPacketsSentBeforeTheFirstRttSample() {
        LossDetector d = server();
        for (int pn = 0; pn < 10; pn++) {
            d.onPacketSent(ping(HANDSHAKE, pn, pn * 1000 * MS));
        }
        AckResult r = d.onAckReceived(HANDSHAKE, AckFrame.of(0, 9, 9), 0, 9100 * MS);
        assertThat(r.lost()).hasSize(9);
        assertThat(r.persistentCongestion()).isFalse();
    }

    @Test
    void nonAckElicitingPacketsDoNotEstablishPersistentCongestion() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onAckReceived(APPLICATION, AckFrame.of(0, 0, 0), 0, 10 * MS);
        d.onPacketSent(ackOnly(APPLICATION, 1, 20 * MS));
        d.onPacketSent(ackOnly(APPLICATION, 2, 4000 * MS));
        d.onPacketSent(ping(APPLICATION, 3, 5001 * MS));
        AckResult r = d.onAckReceived(APPLICATION, AckFrame.of(0, 3, 3), 0, 5011 * MS);
        assertThat(numbers(r.lost())).containsExactly(1L, 2L);
        assertThat(r.persistentCongestion()).isFalse();
    }

    // --- ECN (Appendix B.7, RFC 9000 §13.4.2) ---------------------------------------------------

    @Test
    void reportsIncreasedCeCount() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, MS));
        AckResult first = d.onAckReceived(APPLICATION,
                new AckFrame(0, AckRanges.of(0, 0), new EcnCounts(1, 0, 0)), 0, 10 * MS);
        assertThat(first.ecnCeIncreased()).isFalse();
        AckResult second = d.onAckReceived(APPLICATION,
                new AckFrame(0, AckRanges.of(0, 1), new EcnCounts(1, 0, 1)), 0, 11 * MS);
        assertThat(second.ecnCeIncreased()).isTrue();
        assertThat(second.largestAckedTimeSent()).isEqualTo(MS);
    }

    @Test
    void decreasingEcnCountsDisableEcn() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, MS));
        d.onPacketSent(ping(APPLICATION, 2, MS));
        d.onAckReceived(APPLICATION, new AckFrame(0, AckRanges.of(0, 0), new EcnCounts(1, 0, 1)), 0, 10 * MS);
        AckResult r = d.onAckReceived(APPLICATION, new AckFrame(0, AckRanges.of(1, 1), new EcnCounts(0, 0, 2)), 0,
                11 * MS);
        assertThat(r.ecnCeIncreased()).isFalse();
        assertThat(d.ecnFailed()).isTrue();
        assertThat(d.onAckReceived(APPLICATION, new AckFrame(0, AckRanges.of(2, 2), new EcnCounts(5, 0, 5)), 0,
                12 * MS).ecnCeIncreased()).isFalse();
    }

    /** RFC 9000 §13.4.2.1: "MUST NOT fail ECN validation as a result of processing an ACK frame that does not increase the largest acknowledged". */
    @Test
    void reorderedAckDoesNotFailEcnValidation() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 0, 0));
        d.onPacketSent(ping(APPLICATION, 1, MS));
        d.onAckReceived(APPLICATION, new AckFrame(0, AckRanges.of(1, 1), new EcnCounts(2, 0, 0)), 0, 10 * MS);
        d.onAckReceived(APPLICATION, new AckFrame(0, AckRanges.of(0, 0), new EcnCounts(1, 0, 0)), 0, 11 * MS);
        assertThat(d.ecnFailed()).isFalse();
    }

    // --- efficiency and accounting ------------------------------------------------------------

    @Test
    void ackWithManyRangesAcknowledgesExactlyThoseRanges() {
        LossDetector d = server();
        d.onHandshakeConfirmed(0);
        int n = 20_000;
        for (int pn = 0; pn < n; pn++) {
            d.onPacketSent(ping(APPLICATION, pn, 1_000 * MS + pn));
        }
        AckRanges.Builder b = AckRanges.builder();
        for (int pn = n - 1; pn >= 0; pn -= 2) {
            b.add(pn, pn);
        }
        AckResult r = d.onAckReceived(APPLICATION, new AckFrame(0, b.build(), null), 0, 1_050 * MS);
        assertThat(r.newlyAcked()).hasSize(n / 2);
        assertThat(r.newlyAcked()).allMatch(p -> p.packetNumber() % 2 == 1);
        // Every even packet below n - 3 is lost by packet threshold; n - 2 is still in the reordering window.
        assertThat(r.lost()).hasSize(n / 2 - 1);
        assertThat(d.outstanding(APPLICATION)).isEqualTo(1);
        assertThat(d.bytesInFlight()).isEqualTo(1200);
    }

    @Test
    void paddingOnlyPacketIsInFlightButNotAckEliciting() {
        SentPacket p = SentPacket.of(0, APPLICATION, 0, 1200, List.<Frame>of(new PaddingFrame(10)));
        assertThat(p.inFlight()).isTrue();
        assertThat(p.ackEliciting()).isFalse();
        LossDetector d = server();
        d.onPacketSent(p);
        assertThat(d.bytesInFlight()).isEqualTo(1200);
        assertThat(d.lossDetectionTimer()).isEqualTo(LossDetector.NEVER);
    }

    @Test
    void rejectsPacketNumbersThatDoNotIncrease() {
        LossDetector d = server();
        d.onPacketSent(ping(APPLICATION, 3, 0));
        assertThatThrownBy(() -> d.onPacketSent(ping(APPLICATION, 3, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.onPacketSent(ping(APPLICATION, 4, -1))).isInstanceOf(IllegalArgumentException.class);
    }
}
