package io.quic4j.transport.recovery;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.EcnCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss detection and the probe timeout of one connection, as RFC 9002 Appendix A writes them
 * (OnPacketSent, OnAckReceived, DetectAndRemoveLostPackets, SetLossDetectionTimer,
 * OnLossDetectionTimeout, OnPacketNumberSpaceDiscarded), with persistent congestion (§7.6) and the ECN-CE
 * signal of Appendix B.7. Sans-I/O: every call takes the current time; the single loss detection timer is
 * read with {@link #lossDetectionTimer()} and fired by calling {@link #onLossDetectionTimeout(long)}.
 *
 * <p>It does not call congestion control; it reports what happened ({@link AckResult}, {@link
 * TimeoutResult}, the packets {@link #discardSpace} removed) and the connection feeds that to {@code
 * transport.congestion}.
 *
 * <p>What it needs from the connection, as calls:
 * <ul>
 * <li>{@link #setPeerMaxAckDelay(long)}: the peer's max_ack_delay transport parameter (default 25 ms);
 * <li>the ACK Delay of each ACK, already scaled with the peer's ack_delay_exponent
 *     ({@link #decodeAckDelay(long, int)} does it);
 * <li>{@link #onHandshakeConfirmed(long)} (RFC 9001 §4.1.2);
 * <li>{@link #setHandshakeKeysAvailable(boolean)} (client: which packet an anti-deadlock probe uses);
 * <li>{@link #setAmplificationBlocked(boolean, long)} (server: whether the anti-amplification limit
 *     stops it sending, RFC 9000 §8.1).
 * </ul>
 * Whether the client has received a Handshake ACK it works out itself from the ACKs it processes.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * detector.onPacketSent(SentPacket.of(pn, space, now, size, frames));
 * AckResult r = detector.onAckReceived(space, ackFrame, LossDetector.decodeAckDelay(ackFrame.ackDelay(), exp), now);
 * if (now >= detector.lossDetectionTimer()) {
 *     switch (detector.onLossDetectionTimeout(now)) { ... }
 * }
 * }</pre>
 */
public final class LossDetector {
    /** "Never" for timers: no time compares after it. */
    public static final long NEVER = Long.MAX_VALUE;
    /** An absent time value (no sample, no packet). */
    public static final long NO_TIME = Long.MIN_VALUE;
    /** RFC 9000 §18.2: the default max_ack_delay, 25 ms. */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 25_000_000L;
    /** RFC 9002 §7.6.1: kPersistentCongestionThreshold. */
    public static final int PERSISTENT_CONGESTION_THRESHOLD = 3;
    /** RFC 9002 §6.2.4: probes sent per PTO (the RFC allows one or two; two resist a single loss). */
    public static final int PTO_PROBES = 2;

    /** Past this many doublings the PTO saturates rather than overflows. */
    private static final int MAX_BACKOFF_SHIFT = 30;

    private final boolean server;
    private final RttEstimator rtt;
    private final SentPacketLog[] spaces = new SentPacketLog[3];

    private long maxAckDelay = DEFAULT_MAX_ACK_DELAY_NANOS;
    private boolean handshakeConfirmed;
    private boolean handshakeKeysAvailable;
    private boolean handshakeAckReceived;
    private boolean amplificationBlocked;
    private boolean ecnFailed;
    private int ptoCount;
    private long firstRttSample = NO_TIME;
    private long timer = NEVER;
    /** Outputs of {@link #ptoTimeAndSpace(long)}. */
    private PacketNumberSpace ptoSpace = PacketNumberSpace.INITIAL;
    private boolean ptoAntiDeadlock;

    /**
     * @param server whether this endpoint is the server (a server assumes the client validated its address,
     *     RFC 9002 Appendix A.8 PeerCompletedAddressValidation)
     * @param rtt the path's RTT estimator, updated by ACKs; the connection may read it (for congestion
     *     control and the idle timeout) but should not update it itself
     */
    public LossDetector(boolean server, RttEstimator rtt) {
        if (rtt == null) {
            throw new IllegalArgumentException("rtt must not be null");
        }
        this.server = server;
        this.rtt = rtt;
        for (PacketNumberSpace s : PacketNumberSpace.values()) {
            spaces[s.ordinal()] = new SentPacketLog(s);
        }
    }

    /**
     * Scales an ACK frame's ACK Delay field (RFC 9000 §19.3, §18.2) to nanoseconds, saturating.
     *
     * @param encoded the field as decoded from the frame
     * @param ackDelayExponent the peer's ack_delay_exponent, 0..20 (3 if it sent none)
     * @return the delay in nanoseconds
     */
    public static long decodeAckDelay(long encoded, int ackDelayExponent) {
        if (ackDelayExponent < 0 || ackDelayExponent > 20) {
            throw new IllegalArgumentException("ack_delay_exponent must be 0..20, was " + ackDelayExponent);
        }
        if (encoded < 0) {
            throw new IllegalArgumentException("ACK Delay must not be negative, was " + encoded);
        }
        long micros = encoded > (Long.MAX_VALUE >> ackDelayExponent) ? Long.MAX_VALUE : encoded << ackDelayExponent;
        return micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : micros * 1000;
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs from the connection

    /**
     * @param nanos the peer's max_ack_delay (RFC 9000 §18.2), 0 or more
     */
    public void setPeerMaxAckDelay(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("max_ack_delay must not be negative, was " + nanos);
        }
        this.maxAckDelay = nanos;
    }

    /**
     * The handshake is confirmed (RFC 9001 §4.1.2): the Application Data space may now arm the PTO
     * (RFC 9002 §6.2.1), ACK delays are capped at max_ack_delay (§5.3), and a client stops arming the
     * anti-deadlock PTO. Re-arms the timer.
     *
     * @param now the current time
     */
    public void onHandshakeConfirmed(long now) {
        handshakeConfirmed = true;
        setLossDetectionTimer(now);
    }

    /**
     * Client only: whether Handshake keys are installed, so that an anti-deadlock probe is a Handshake
     * packet rather than a padded Initial (RFC 9002 §6.2.2.1).
     *
     * @param available whether the client has Handshake keys
     */
    public void setHandshakeKeysAvailable(boolean available) {
        this.handshakeKeysAvailable = available;
    }

    /**
     * Server only: whether the anti-amplification limit (RFC 9000 §8.1) currently stops it sending. While
     * blocked the PTO is not armed (RFC 9002 §6.2.2.1). Call with {@code false} when a datagram from the
     * client lifts the limit; the timer is re-armed, and if {@link #lossDetectionTimer()} is then not after
     * {@code now} the connection must call {@link #onLossDetectionTimeout(long)} at once (Appendix A.6,
     * OnDatagramReceived).
     *
     * @param blocked whether nothing more can be sent before more is received
     * @param now the current time
     */
    public void setAmplificationBlocked(boolean blocked, long now) {
        if (amplificationBlocked != blocked) {
            amplificationBlocked = blocked;
            setLossDetectionTimer(now);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Sending

    /**
     * OnPacketSent (RFC 9002 Appendix A.5): tracks a packet just sent. Packet numbers in a space must
     * increase and send times must not go backwards; numbers left out are treated as skipped.
     *
     * @param packet the packet; its {@code timeSent} is "now"
     * @throws IllegalStateException if the packet's space was discarded
     * @throws IllegalArgumentException if its packet number is not above the largest sent in its space,
     *     or its time is before the previous send in that space
     */
    public void onPacketSent(SentPacket packet) {
        SentPacketLog log = live(packet.space());
        log.add(packet);
        if (packet.inFlight()) {
            setLossDetectionTimer(packet.timeSent());
        }
    }

    /**
     * Declares a packet number deliberately left unused, to catch a peer that acknowledges packets it
     * never received (RFC 9000 §21.4 optimistic ACK attack): an ACK for it is a PROTOCOL_VIOLATION. The
     * next packet sent in the space must have a higher number. The last
     * {@value SentPacketLog#MAX_SKIPPED_RANGES} skipped runs per space are remembered.
     *
     * @param space the space
     * @param packetNumber a number above every packet sent in that space
     */
    public void skipPacketNumber(PacketNumberSpace space, long packetNumber) {
        live(space).skip(packetNumber);
    }

    private SentPacketLog live(PacketNumberSpace space) {
        SentPacketLog log = spaces[space.ordinal()];
        if (log.discarded) {
            throw new IllegalStateException(space + " keys were discarded; nothing more is sent in that space");
        }
        return log;
    }

    // ---------------------------------------------------------------------------------------------
    // Acknowledgments

    /**
     * OnAckReceived (RFC 9002 Appendix A.7): removes the packets the ACK newly acknowledges, takes an RTT
     * sample when the largest acknowledged is newly acknowledged and at least one newly acknowledged
     * packet is ack-eliciting (§5.1), reads the ECN counts, detects lost packets, resets the PTO backoff
     * (unless a client is not sure the server validated its address) and re-arms the timer.
     *
     * <p>The whole frame is checked before anything changes: acknowledging a packet number never sent in
     * this space, or one deliberately skipped, is a connection error (RFC 9000 §13.1, §21.4).
     *
     * @param space the space of the packet that carried the ACK
     * @param ack the frame
     * @param ackDelayNanos its ACK Delay scaled with the peer's ack_delay_exponent (ignored for Initial,
     *     RFC 9002 §5.3)
     * @param now when the ACK was received
     * @return what was acknowledged and lost
     * @throws QuicTransportException PROTOCOL_VIOLATION for an ACK of an unsent or skipped packet number
     */
    public AckResult onAckReceived(PacketNumberSpace space, AckFrame ack, long ackDelayNanos, long now) {
        SentPacketLog log = spaces[space.ordinal()];
        if (log.discarded) {
            // The keys that could carry this ACK are gone; it cannot be processed (RFC 9002 §6.4).
            return AckResult.nothingNew(space);
        }
        AckRanges ranges = ack.ranges();
        validate(log, ack);
        if (space == PacketNumberSpace.HANDSHAKE) {
            handshakeAckReceived = true;
        }
        long largest = ranges.largest();
        boolean largestIncreased = largest > log.largestAcked;
        log.largestAcked = Math.max(log.largestAcked, largest);
        SentPacket largestPacket = log.get(largest);

        List<SentPacket> newlyAcked = new ArrayList<>();
        log.removeAcked(ranges, newlyAcked);
        if (newlyAcked.isEmpty()) {
            return AckResult.nothingNew(space);
        }

        boolean rttUpdated = false;
        long largestTimeSent = NO_TIME;
        if (largestPacket != null) {
            largestTimeSent = largestPacket.timeSent();
            // RFC 9002 §5.1: only when the largest acknowledged is newly acknowledged and an ack-eliciting
            // packet is among those newly acknowledged.
            if (includesAckEliciting(newlyAcked)) {
                long delay = space == PacketNumberSpace.INITIAL ? 0 : Math.max(ackDelayNanos, 0);
                if (!rtt.hasSample()) {
                    firstRttSample = now;
                }
                rtt.update(now - largestPacket.timeSent(), delay, handshakeConfirmed, maxAckDelay);
                rttUpdated = true;
            }
        }

        // RFC 9000 §13.4.2.1: "MUST NOT fail ECN validation as a result of processing an ACK frame that does
        // not increase the largest acknowledged packet number"; such a reordered ACK carries older counts.
        boolean ceIncreased = largestIncreased && processEcn(log, ack.ecnCounts());

        List<SentPacket> lost = new ArrayList<>();
        boolean persistent = log.removeLost(now, lossDelay(), persistentCongestionDuration(), firstRttSample, lost);

        // RFC 9002 §6.2.1: "a client does not reset the PTO backoff factor on receiving acknowledgments in
        // Initial packets" while unsure the server validated its address.
        if (peerCompletedAddressValidation()) {
            ptoCount = 0;
        }
        setLossDetectionTimer(now);
        return new AckResult(space, newlyAcked, lost, rttUpdated, ceIncreased, largestTimeSent, persistent);
    }

    private static void validate(SentPacketLog log, AckFrame ack) {
        AckRanges ranges = ack.ranges();
        long frameType = ack.type();
        if (ranges.largest() > log.largestSent) {
            // RFC 9000 §13.1: "An endpoint SHOULD treat receipt of an acknowledgment for a packet it did not
            // send as a connection error of type PROTOCOL_VIOLATION".
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, frameType, "ACK in "
                    + log.space + " space acknowledges packet " + ranges.largest() + " but the largest sent is "
                    + log.largestSent);
        }
        for (int i = 0; i < ranges.size(); i++) {
            long skipped = log.skippedIn(ranges.smallest(i), ranges.largest(i));
            if (skipped >= 0) {
                // RFC 9000 §21.4: a skipped packet number acknowledged means an optimistic ACK.
                throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, frameType, "ACK in "
                        + log.space + " space acknowledges packet " + skipped + ", which was never sent");
            }
        }
    }

    private static boolean includesAckEliciting(List<SentPacket> packets) {
        for (SentPacket p : packets) {
            if (p.ackEliciting()) {
                return true;
            }
        }
        return false;
    }

    /**
     * ProcessECN (RFC 9002 Appendix B.7) with the one validation rule kept here (RFC 9000 §13.4.2.1):
     * counts never decrease, else ECN is disabled. Only called for ACKs that increase the largest
     * acknowledged, so a reordered ACK never fails validation.
     */
    private boolean processEcn(SentPacketLog log, EcnCounts counts) {
        if (counts == null || ecnFailed) {
            return false;
        }
        if (counts.ect0() < log.ecnEct0 || counts.ect1() < log.ecnEct1 || counts.ecnCe() < log.ecnCe) {
            ecnFailed = true;
            return false;
        }
        boolean ceIncreased = counts.ecnCe() > log.ecnCe;
        log.ecnEct0 = counts.ect0();
        log.ecnEct1 = counts.ect1();
        log.ecnCe = counts.ecnCe();
        return ceIncreased;
    }

    /** RFC 9002 §6.1.2: max(kTimeThreshold * max(smoothed_rtt, latest_rtt), kGranularity). */
    private long lossDelay() {
        long base = Math.max(rtt.smoothedRtt(), rtt.latestRtt());
        // kTimeThreshold = 9/8
        return Math.max(base + (base >> 3), RttEstimator.GRANULARITY_NANOS);
    }

    /**
     * RFC 9002 §7.6.1: (smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay) *
     * kPersistentCongestionThreshold, with the current estimates.
     *
     * @return the persistent congestion duration in nanoseconds
     */
    public long persistentCongestionDuration() {
        return (rtt.smoothedRtt() + Math.max(4 * rtt.rttVar(), RttEstimator.GRANULARITY_NANOS) + maxAckDelay)
                * PERSISTENT_CONGESTION_THRESHOLD;
    }

    // ---------------------------------------------------------------------------------------------
    // The timer

    /**
     * @return when {@link #onLossDetectionTimeout(long)} is due, or {@link #NEVER}
     */
    public long lossDetectionTimer() {
        return timer;
    }

    /** GetLossTimeAndSpace (Appendix A.8): the earliest loss_time, or null if none is set. */
    private SentPacketLog earliestLossTime() {
        SentPacketLog best = null;
        for (SentPacketLog log : spaces) {
            if (log.lossTime != NEVER && (best == null || log.lossTime < best.lossTime)) {
                best = log;
            }
        }
        return best;
    }

    private int totalAckElicitingInFlight() {
        return spaces[0].ackElicitingInFlight + spaces[1].ackElicitingInFlight + spaces[2].ackElicitingInFlight;
    }

    /** Saturating {@code value * 2^ptoCount}. */
    private long backoff(long value) {
        int shift = Math.min(ptoCount, MAX_BACKOFF_SHIFT);
        return value > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : value << shift;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
    }

    /**
     * The PTO period of RFC 9002 §6.2.1 without backoff: smoothed_rtt + max(4*rttvar, kGranularity), plus
     * max_ack_delay for the Application Data space only.
     *
     * @param space the space
     * @return the period in nanoseconds
     */
    public long probeTimeout(PacketNumberSpace space) {
        long pto = rtt.smoothedRtt() + Math.max(4 * rtt.rttVar(), RttEstimator.GRANULARITY_NANOS);
        return space == PacketNumberSpace.APPLICATION ? pto + maxAckDelay : pto;
    }

    /**
     * GetPtoTimeAndSpace (Appendix A.8). Leaves the space in {@link #ptoSpace} and whether this is the
     * client's anti-deadlock PTO in {@link #ptoAntiDeadlock}.
     *
     * <p>One addition to the pseudocode: a client not yet sure the server validated its address also arms
     * the anti-deadlock PTO when its only ack-eliciting packets in flight are 0-RTT packets, whose PTO may
     * not be armed before confirmation; RFC 9002 §6.2.2.1 requires the timer "even if there are no packets
     * in flight", and 0-RTT packets alone cannot unblock the server.
     *
     * @return the PTO time, or NEVER
     */
    private long ptoTimeAndSpace(long now) {
        long duration = backoff(rtt.smoothedRtt() + Math.max(4 * rtt.rttVar(), RttEstimator.GRANULARITY_NANOS));
        long ptoTimeout = NEVER;
        ptoSpace = PacketNumberSpace.INITIAL;
        ptoAntiDeadlock = false;
        for (SentPacketLog log : spaces) {
            if (log.ackElicitingInFlight == 0) {
                continue;
            }
            if (log.space == PacketNumberSpace.APPLICATION) {
                // RFC 9002 §6.2.1: "MUST NOT set its PTO timer for the Application Data packet number space
                // until the handshake is confirmed".
                if (!handshakeConfirmed) {
                    break;
                }
                // max_ack_delay, with backoff, for the Application Data space only.
                duration = saturatingAdd(duration, backoff(maxAckDelay));
            }
            long t = saturatingAdd(log.timeOfLastAckEliciting, duration);
            if (t < ptoTimeout) {
                ptoTimeout = t;
                ptoSpace = log.space;
            }
        }
        if (ptoTimeout == NEVER && !peerCompletedAddressValidation()) {
            // Anti-deadlock PTO (client): starts from now.
            ptoSpace = handshakeKeysAvailable ? PacketNumberSpace.HANDSHAKE : PacketNumberSpace.INITIAL;
            ptoAntiDeadlock = true;
            return saturatingAdd(now, duration);
        }
        return ptoTimeout;
    }

    /** PeerCompletedAddressValidation (Appendix A.8). */
    private boolean peerCompletedAddressValidation() {
        // A server assumes the client validated the server's address implicitly; a client knows the server
        // validated its address once a Handshake packet of its own was acknowledged or the handshake is
        // confirmed.
        return server || handshakeAckReceived || handshakeConfirmed;
    }

    /** SetLossDetectionTimer (Appendix A.8). */
    private void setLossDetectionTimer(long now) {
        SentPacketLog loss = earliestLossTime();
        if (loss != null) {
            // Time threshold loss detection; RFC 9002 §6.2.1: no PTO while this timer is set.
            timer = loss.lossTime;
            return;
        }
        if (amplificationBlocked) {
            // RFC 9002 §6.2.2.1: the server's timer is not set if nothing can be sent.
            timer = NEVER;
            return;
        }
        if (totalAckElicitingInFlight() == 0 && peerCompletedAddressValidation()) {
            // Nothing to detect lost. A client that is not sure the server validated its address keeps the
            // timer armed even so, lest an amplification-limited server deadlock (§6.2.2.1).
            timer = NEVER;
            return;
        }
        timer = ptoTimeAndSpace(now);
    }

    /**
     * OnLossDetectionTimeout (Appendix A.9): either declares packets lost by time threshold, or counts a
     * PTO (doubling the next one) and says which probes to send. Does nothing if the timer is not due.
     *
     * @param now the current time
     * @return what to do
     */
    public TimeoutResult onLossDetectionTimeout(long now) {
        if (timer == NEVER || now < timer) {
            return TimeoutResult.NotDue.INSTANCE;
        }
        SentPacketLog loss = earliestLossTime();
        if (loss != null) {
            List<SentPacket> lost = new ArrayList<>();
            boolean persistent = loss.removeLost(now, lossDelay(), persistentCongestionDuration(), firstRttSample,
                    lost);
            setLossDetectionTimer(now);
            return new TimeoutResult.Lost(loss.space, lost, persistent);
        }
        ptoTimeAndSpace(now);
        // A client's anti-deadlock probe is one packet: a Handshake packet proves address ownership; a
        // padded Initial earns the server more amplification credit. Otherwise one or two probes.
        TimeoutResult result = new TimeoutResult.Probe(ptoSpace, ptoAntiDeadlock ? 1 : PTO_PROBES, ptoAntiDeadlock);
        // RFC 9002 §6.2.1: "When a PTO timer expires, the PTO backoff MUST be increased".
        ptoCount++;
        setLossDetectionTimer(now);
        return result;
    }

    // ---------------------------------------------------------------------------------------------
    // Discarding state

    /**
     * OnPacketNumberSpaceDiscarded (Appendix A.11, RFC 9002 §6.4): Initial or Handshake keys were discarded
     * (or, for Application Data, 0-RTT was rejected before any 1-RTT packet was sent). Every outstanding
     * packet of the space is forgotten, its timers cleared, the PTO backoff reset and the timer re-armed.
     * Later ACKs in the space are ignored; sending in it is an error.
     *
     * @param space the space
     * @param now the current time
     * @return the packets forgotten; the connection removes the in-flight ones from congestion control with
     *     {@code onPacketDiscarded} (Appendix B.9), not as lost
     */
    public List<SentPacket> discardSpace(PacketNumberSpace space, long now) {
        SentPacketLog log = spaces[space.ordinal()];
        if (log.discarded) {
            return List.of();
        }
        List<SentPacket> dropped = log.clear();
        log.discarded = space != PacketNumberSpace.APPLICATION;
        ptoCount = 0;
        setLossDetectionTimer(now);
        return dropped;
    }

    /**
     * A client received a Retry (RFC 9002 §6.3): loss recovery starts over. Every outstanding packet is
     * forgotten (their frames are to be sent again, in packets with new numbers: numbers never restart,
     * RFC 9000 §17.2.5.3), the RTT estimator and PTO backoff reset, the timer cleared until the next send.
     *
     * @param now the current time
     * @return the packets forgotten, for retransmission of their frames and removal from bytes in flight
     */
    public List<SentPacket> resetAfterRetry(long now) {
        List<SentPacket> dropped = new ArrayList<>();
        for (SentPacketLog log : spaces) {
            if (!log.discarded) {
                dropped.addAll(log.clear());
            }
        }
        rtt.reset();
        firstRttSample = NO_TIME;
        ptoCount = 0;
        timer = NEVER;
        return dropped;
    }

    // ---------------------------------------------------------------------------------------------
    // State, for the connection and tests

    /** @return the RTT estimator this detector updates */
    public RttEstimator rtt() {
        return rtt;
    }

    /** @return pto_count: PTOs since the last acknowledgment that reset it */
    public int ptoCount() {
        return ptoCount;
    }

    /** @return bytes in in-flight packets that are neither acknowledged, lost nor discarded, all spaces */
    public long bytesInFlight() {
        return spaces[0].bytesInFlight + spaces[1].bytesInFlight + spaces[2].bytesInFlight;
    }

    /**
     * @param space a space
     * @return whether ack-eliciting packets are outstanding there (for coalescing probes, §6.2.4)
     */
    public boolean hasAckElicitingInFlight(PacketNumberSpace space) {
        return spaces[space.ordinal()].ackElicitingInFlight > 0;
    }

    /**
     * @param space a space
     * @return how many packets of the space are outstanding (neither acknowledged, lost nor discarded)
     */
    public int outstanding(PacketNumberSpace space) {
        return spaces[space.ordinal()].outstanding;
    }

    /**
     * @param space a space
     * @return the largest packet number acknowledged there, or -1
     */
    public long largestAcked(PacketNumberSpace space) {
        return spaces[space.ordinal()].largestAcked;
    }

    /**
     * @param space a space
     * @return the largest packet number sent or skipped there, or -1
     */
    public long largestSent(PacketNumberSpace space) {
        return spaces[space.ordinal()].largestSent;
    }

    /**
     * @param space a space
     * @return whether {@link #discardSpace} discarded it
     */
    public boolean isDiscarded(PacketNumberSpace space) {
        return spaces[space.ordinal()].discarded;
    }

    /** @return whether the peer's ECN counts failed validation (RFC 9000 §13.4.2): stop marking ECT */
    public boolean ecnFailed() {
        return ecnFailed;
    }

    /** @return when the first RTT sample was taken, or {@link #NO_TIME} */
    public long firstRttSampleTime() {
        return firstRttSample;
    }

    /** @return whether the handshake is confirmed */
    public boolean handshakeConfirmed() {
        return handshakeConfirmed;
    }

    /** @return whether a Handshake packet of ours was acknowledged */
    public boolean handshakeAckReceived() {
        return handshakeAckReceived;
    }
}
