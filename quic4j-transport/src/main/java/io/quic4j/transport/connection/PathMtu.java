package io.quic4j.transport.connection;

import io.quic4j.transport.pmtu.PmtuSearch;
import io.quic4j.transport.pmtu.PmtuState;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.recovery.SentPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection's maximum datagram size (RFC 9000 §14): BASE_PLPMTU, 1200 bytes, until the handshake is
 * confirmed, then whatever DPLPMTUD ({@link PmtuSearch}, RFC 8899) finds, never above our configured
 * {@code maxDatagramSize} nor the peer's max_udp_payload_size (RFC 9000 §18.2: "It is expected that this is
 * the space an endpoint dedicates to holding a single UDP payload"). It knows which 1-RTT packets were probes,
 * so that their loss is not taken for congestion (RFC 9000 §14.4), feeds the search with what was acknowledged
 * and lost, and passes a new size on to congestion control and pacing (RFC 9002 §7.2).
 */
final class PathMtu {
    private final ConnectionState s;
    final PmtuSearch search;
    /** Probes whose fate loss detection has not reported yet (a probe past its deadline stays here). */
    private final List<Long> probes = new ArrayList<>(4);
    /** The packet number of the probe the search waits for, or -1. */
    private long current = -1;
    private int applied = PmtuSearch.BASE_PLPMTU;

    PathMtu(ConnectionState state) {
        this.s = state;
        this.search = new PmtuSearch(state.config.maxDatagramSize());
    }

    /** @return the largest datagram to send now, probes aside */
    int maxDatagramSize() {
        return search.plpmtu();
    }

    /** RFC 9000 §14.3.1: the search starts once the handshake is done; the peer's limit is known by then. */
    void onHandshakeConfirmed(long now) {
        long max = s.config.maxDatagramSize();
        if (s.peerParams != null) {
            max = Math.min(max, s.peerParams.maxUdpPayloadSize());
        }
        search.start(now, (int) Math.max(PmtuSearch.BASE_PLPMTU, max));
        apply(now);
    }

    /** @return the size of the probe wanted now, or 0 */
    int probeSize(long now) {
        return s.handshakeConfirmed ? search.probeSize(now) : 0;
    }

    /** A probe went out in 1-RTT packet {@code packetNumber}. */
    void onProbeSent(long packetNumber, long now) {
        // RFC 8899 §5.1.1 asks for a PROBE_TIMER of seconds, for transports without loss detection; QUIC's loss
        // detection (RFC 9002 §6.1) declares a lost probe lost within about a round trip after a later packet is
        // acknowledged, so this deadline is only a backstop, at three probe timeouts.
        search.onProbeSent(now, s.threePto());
        probes.add(packetNumber);
        current = packetNumber;
    }

    /** @return whether {@code p} was a PMTU probe */
    boolean isProbe(SentPacket p) {
        return p.space() == PacketNumberSpace.APPLICATION && probes.contains(p.packetNumber());
    }

    /** An Application Data packet was acknowledged. */
    void onAcked(SentPacket p, long now) {
        if (probes.remove(Long.valueOf(p.packetNumber())) && p.packetNumber() == current) {
            current = -1;
            search.onProbeAcked(now);
        }
        search.onPacketAcked(p.sentBytes(), p.timeSent(), now);
        apply(now);
    }

    /** An Application Data packet was declared lost. */
    void onLost(SentPacket p, long now) {
        if (probes.remove(Long.valueOf(p.packetNumber()))) {
            if (p.packetNumber() == current) {
                current = -1;
                search.onProbeLost(now);
            }
        } else {
            search.onPacketLost(p.sentBytes(), p.timeSent(), now);
        }
        apply(now);
    }

    long timer() {
        return search.timer();
    }

    void onTimeout(long now) {
        if (now < search.timer()) {
            return;
        }
        search.onTimeout(now);
        if (!search.probeOutstanding()) {
            current = -1;
        }
        apply(now);
    }

    /** RFC 9000 §14.2: a new pair of addresses has its own maximum datagram size, found again from 1200. */
    void onPathChanged(long now) {
        current = -1;
        search.onPathChanged(now);
        apply(now);
    }

    private void apply(long now) {
        int size = search.plpmtu();
        if (size == applied) {
            return;
        }
        int old = applied;
        applied = size;
        s.recovery.cc.onMaxDatagramSizeChanged(size);
        s.recovery.pacer.onMaxDatagramSizeChanged(size);
        if (size < old) {
            s.datagrams.onMaxDatagramSizeDecreased();
        }
        s.tracer.mtuUpdated(old, size, search.state() == PmtuState.SEARCH_COMPLETE, now);
        ConnectionLog.debug(s, () -> "maximum datagram size " + size + " (" + search.state() + ")");
    }
}
