package io.quic4j.transport.connection;

import io.quic4j.transport.congestion.CongestionControl;
import io.quic4j.transport.congestion.CongestionController;
import io.quic4j.transport.congestion.Pacer;
import io.quic4j.transport.recovery.AckResult;
import io.quic4j.transport.recovery.LossDetector;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.recovery.SentPacket;
import io.quic4j.transport.recovery.TimeoutResult;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects loss detection ({@code recovery.LossDetector}, RFC 9002 §6) with congestion control and
 * pacing ({@code congestion}, RFC 9002 §7) and with the frames of the packets that were acknowledged
 * or lost: acknowledged CRYPTO and STREAM ranges are released, lost ones queued again (RFC 9000 §13.3),
 * lost control frames re-queued; acknowledged ACK frames let the receiver forget old ranges (§13.2.4).
 * Probes from the PTO are remembered per space until the assembler sends them.
 */
final class Recovery {
    /** RFC 9002 §6.1.1: kPacketThreshold, to tell which rule declared a loss in traces. */
    private static final int PACKET_THRESHOLD = 3;

    private final ConnectionState s;
    final LossDetector loss;
    final CongestionController cc;
    final Pacer pacer;
    private final int[] probes = new int[3];
    private long packetsLost;
    private int recoveryCredit;

    Recovery(ConnectionState state, CongestionControl control) {
        this.s = state;
        this.loss = new LossDetector(state.role == io.quic4j.transport.wire.Role.SERVER, state.rtt);
        this.cc = control.create(state.config.maxDatagramSize());
        this.pacer = new Pacer(cc, state.rtt::smoothedRtt, state.config.maxDatagramSize());
    }

    void onPeerParameters(TransportParameters peer) {
        loss.setPeerMaxAckDelay(peer.maxAckDelay().toNanos());
    }

    void onPacketSent(SentPacket packet, long now) {
        loss.onPacketSent(packet);
        if (packet.inFlight()) {
            cc.onPacketSent(now, packet.sentBytes());
            pacer.onPacketSent(now, packet.sentBytes());
        }
    }

    void onAck(PacketSpace space, AckFrame ack, long now) {
        int exponent = s.peerParams == null
                ? TransportParameters.DEFAULT_ACK_DELAY_EXPONENT
                : s.peerParams.ackDelayExponent();
        long delay = space.id == PacketNumberSpace.INITIAL ? 0 : LossDetector.decodeAckDelay(ack.ackDelay(), exponent);
        // RFC 9002 §7.8: "When bytes in flight is smaller than the congestion window and sending is not pacing
        // limited, the congestion window is underutilized ... the congestion window SHOULD NOT be increased".
        // Judged on the flight before this ACK, with the slack of slow start (which at most doubles the flight
        // per round trip) and of pacing (which keeps about cwnd / 1.25 in flight): a sender whose flight is under
        // half the window is limited by its application or by flow control, not by the window.
        boolean appLimited = 2 * cc.bytesInFlight() < cc.congestionWindow();
        AckResult r = loss.onAckReceived(space.id, ack, delay, now);
        space.onLargestAcked(ack.largestAcknowledged());
        long largestNewlyAcked = -1;
        for (SentPacket p : r.newlyAcked()) {
            largestNewlyAcked = Math.max(largestNewlyAcked, p.packetNumber());
            if (p.inFlight()) {
                cc.onPacketAcked(now, p.sentBytes(), p.timeSent(), appLimited, s.rtt.smoothedRtt(), s.rtt.minRtt());
            }
            for (Frame f : p.frames()) {
                onFrameAcked(space, f);
            }
            if (space.id == PacketNumberSpace.APPLICATION) {
                s.pathMtu.onAcked(p, now);
            }
        }
        if (space.id == PacketNumberSpace.APPLICATION && s.oneRtt != null && largestNewlyAcked >= 0) {
            s.oneRtt.onAckReceived(largestNewlyAcked);
            s.handshake.onOneRttAcknowledged(now);
        }
        onLost(space.id, r.lost(), r.persistentCongestion(), ack.largestAcknowledged(), now);
        if (r.ecnCeIncreased()) {
            cc.onCongestionEvent(now, r.largestAckedTimeSent());
        }
        s.traceMetrics(now);
    }

    private void onFrameAcked(PacketSpace space, Frame f) {
        switch (f) {
            case CryptoFrame c -> {
                if (!space.discarded()) {
                    space.crypto.onAcked(c);
                }
            }
            case StreamFrame _, ResetStreamFrame _, StopSendingFrame _, MaxDataFrame _, MaxStreamDataFrame _,
                    MaxStreamsFrame _, DataBlockedFrame _, StreamDataBlockedFrame _, StreamsBlockedFrame _ ->
                s.streams.onAcked(f);
            case AckFrame a -> space.acks.onAckAcknowledged(a.largestAcknowledged());
            case DatagramFrame _ -> s.datagrams.onAcked();
            default -> s.cids.onFrameAcked(f);
        }
    }

    /** @param largestAcked the largest packet number just acknowledged, or -1 for a loss timer */
    private void onLost(PacketNumberSpace id, List<SentPacket> lost, boolean persistent, long largestAcked,
            long now) {
        if (lost.isEmpty()) {
            return;
        }
        PacketSpace space = s.space(id);
        long newest = Long.MIN_VALUE;
        boolean inFlightLost = false;
        List<SentPacket> probesLost = null;
        for (SentPacket p : lost) {
            packetsLost++;
            // RFC 9002 §6.1: the packet threshold (kPacketThreshold, 3) or else the time threshold found it.
            s.tracer.packetLost(id, p.packetNumber(), p.frames(),
                    largestAcked - p.packetNumber() >= PACKET_THRESHOLD
                            ? ConnectionTracer.LossTrigger.REORDERING_THRESHOLD
                            : ConnectionTracer.LossTrigger.TIME_THRESHOLD,
                    now);
            if (id == PacketNumberSpace.APPLICATION && s.pathMtu.isProbe(p)) {
                // RFC 9000 §14.4: "Loss of a QUIC packet that is carried in a PMTU probe is therefore not a
                // reliable indication of congestion and SHOULD NOT trigger a congestion control reaction".
                // It leaves the flight; its PING and PADDING carry nothing to send again.
                cc.onPacketLost(p.sentBytes());
                s.pathMtu.onLost(p, now);
                if (probesLost == null) {
                    probesLost = new ArrayList<>(1);
                }
                probesLost.add(p);
                continue;
            }
            if (p.inFlight()) {
                cc.onPacketLost(p.sentBytes());
                newest = Math.max(newest, p.timeSent());
                inFlightLost = true;
            }
            requeue(space, p);
            if (id == PacketNumberSpace.APPLICATION) {
                s.pathMtu.onLost(p, now);
            }
        }
        if (inFlightLost) {
            if (!cc.inRecovery(newest)) {
                // RFC 9002 §7.3.2: "On entering a recovery period, a sender MAY send a single packet even if
                // bytes in flight now exceeds the congestion window." It carries the lost data at once, and
                // breaks the deadlock of a lost handshake message behind a full window.
                recoveryCredit = 1;
            }
            cc.onCongestionEvent(now, newest);
        }
        if (persistent && (probesLost == null || persistentWithoutProbes(lost, probesLost))) {
            cc.onPersistentCongestion(now);
        }
    }

    /**
     * RFC 9002 §7.6.2 again over the lost packets without the PMTU probes, which do not count as congestion
     * (RFC 9000 §14.4): two ack-eliciting packets further apart than the persistent congestion duration with
     * every packet between them lost. Loss detection already found such a pair with the probes included; this
     * looks only within runs of consecutive packet numbers, which is stricter, since a gap may have been
     * acknowledged.
     */
    private boolean persistentWithoutProbes(List<SentPacket> lost, List<SentPacket> probesLost) {
        long duration = loss.persistentCongestionDuration();
        long previous = -2;
        boolean started = false;
        long start = 0;
        for (SentPacket p : lost) {
            if (p.packetNumber() != previous + 1) {
                started = false;
            }
            previous = p.packetNumber();
            if (probesLost.contains(p) || !p.ackEliciting()) {
                continue;
            }
            if (!started) {
                started = true;
                start = p.timeSent();
            } else if (p.timeSent() - start > duration) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9000 §13.3: what a lost packet carried is sent again in new frames, if still needed. */
    private void requeue(PacketSpace space, SentPacket p) {
        for (Frame f : p.frames()) {
            switch (f) {
                case CryptoFrame c -> {
                    if (!space.discarded()) {
                        space.crypto.onLost(c);
                    }
                }
                case StreamFrame _, ResetStreamFrame _, StopSendingFrame _, MaxDataFrame _, MaxStreamDataFrame _,
                        MaxStreamsFrame _, DataBlockedFrame _, StreamDataBlockedFrame _, StreamsBlockedFrame _ ->
                    s.streams.onLost(f);
                case AckFrame a -> {
                }
                case PathChallengeFrame c -> s.path.onChallengeLost(c);
                // RFC 9221 §5: "DATAGRAM frames are not retransmitted upon loss detection".
                case DatagramFrame _ -> s.datagrams.onLost();
                case PathResponseFrame r -> {
                    // RFC 9000 §13.3: PATH_RESPONSE is never sent again.
                }
                default -> {
                    if (!s.cids.onFrameLost(f)) {
                        s.control.onLost(f);
                    }
                }
            }
        }
    }

    /** RFC 9002 §6.4: a discarded space's packets leave bytes in flight without counting as lost. */
    void onSpaceDiscarded(PacketNumberSpace id, long now) {
        for (SentPacket p : loss.discardSpace(id, now)) {
            if (p.inFlight()) {
                cc.onPacketDiscarded(p.sentBytes());
            }
        }
        probes[id.ordinal()] = 0;
    }

    /** Client after Retry (RFC 9002 §6.3): everything sent is forgotten and its CRYPTO data resent. */
    void onRetry(long now) {
        for (SentPacket p : loss.resetAfterRetry(now)) {
            if (p.inFlight()) {
                cc.onPacketDiscarded(p.sentBytes());
            }
            requeue(s.space(p.space()), p);
        }
    }

    long timer() {
        return loss.lossDetectionTimer();
    }

    void onTimeout(long now) {
        if (now < loss.lossDetectionTimer()) {
            return;
        }
        switch (loss.onLossDetectionTimeout(now)) {
            case TimeoutResult.Lost l -> onLost(l.space(), l.lost(), l.persistentCongestion(), -1, now);
            case TimeoutResult.Probe p -> {
                PacketNumberSpace space = p.space();
                if (p.antiDeadlock() && s.space(space).sealer() == null) {
                    space = PacketNumberSpace.INITIAL;
                }
                probes[space.ordinal()] = Math.max(probes[space.ordinal()], p.packets());
                if (space != PacketNumberSpace.APPLICATION) {
                    s.space(space).resendUnackedCrypto();
                }
                // RFC 9002 §6.2.4: "the sender SHOULD send ack-eliciting packets in other packet number spaces
                // with in-flight data, coalescing packets if possible". A 1-RTT probe next to a Handshake one
                // also shows a server that moved on to 1-RTT where a rebound client now is.
                for (PacketNumberSpace other : PacketNumberSpace.values()) {
                    if (other != space && !loss.isDiscarded(other) && loss.hasAckElicitingInFlight(other)) {
                        probes[other.ordinal()] = Math.max(probes[other.ordinal()], 1);
                    }
                }
            }
            case TimeoutResult.NotDue n -> {
            }
        }
        s.traceMetrics(now);
    }

    int probesPending(PacketNumberSpace id) {
        return probes[id.ordinal()];
    }

    boolean anyProbePending() {
        return probes[0] + probes[1] + probes[2] > 0;
    }

    void onProbeSent(PacketNumberSpace id) {
        if (probes[id.ordinal()] > 0) {
            probes[id.ordinal()]--;
        }
    }

    /** @return whether an ack-eliciting packet may be sent now: window room, or the recovery exception */
    boolean mayExceedWindow() {
        return recoveryCredit > 0;
    }

    /** An ack-eliciting packet was sent while the window was full. */
    void onWindowExceeded() {
        if (recoveryCredit > 0) {
            recoveryCredit--;
        }
    }

    long packetsLost() {
        return packetsLost;
    }
}
