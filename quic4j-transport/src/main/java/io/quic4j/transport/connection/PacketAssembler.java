package io.quic4j.transport.connection;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.crypto.AeadSpec;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.recovery.SentPacket;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameRules;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.PacketNumber;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Packet assembly: fills one datagram with up to three coalesced packets, Initial, Handshake and 1-RTT
 * (RFC 9000 §12.2), each with its ACK first, then CRYPTO data, then (1-RTT) control frames, flow control
 * and stream data. Packets are written in the clear, then padded and protected together at the end, so
 * the last packet can take the PADDING a datagram with an Initial needs (RFC 9000 §14.1).
 *
 * <p>Limits respected: the datagram size (what path MTU discovery found, {@link PathMtu}, never above ours
 * or the peer's max_udp_payload_size; probes of a larger size are datagrams of their own), the
 * anti-amplification limit (§8.1: bytes, not packets, so it caps the datagram), the congestion window and
 * the pacer for ack-eliciting packets (RFC 9002 §7, §7.7; PTO probes may exceed the window, §6.2.4).
 */
final class PacketAssembler {
    /** The smallest room worth starting a packet in: a header, a few frame bytes, the AEAD tag. */
    private static final int MIN_PACKET_ROOM = 64;
    /** RFC 9001 §6.6: update keys well before the confidentiality limit. */
    private static final double AEAD_LIMIT_MARGIN = 0.75;
    /** RFC 9000 §19.18: type and 8 bytes of data. */
    private static final int PATH_RESPONSE_LENGTH = new PathResponseFrame(0).encodedLength();

    private final ConnectionState s;

    /** One packet written in the clear, waiting for padding and protection. */
    private record Pending(PacketNumberSpace space, PacketType type, PacketSealer sealer, int start, int pnOffset,
            int pnLength, long packetNumber, int payloadEnd, List<Frame> frames, boolean ackEliciting) {
    }

    PacketAssembler(ConnectionState state) {
        this.s = state;
    }

    /**
     * Writes the next datagram at {@code out}'s position.
     *
     * @return the destination, or null if there is nothing to send now (position unchanged)
     */
    InetSocketAddress send(ByteBuffer out, long now) {
        return switch (s.close.phase()) {
            case CLOSED, DRAINING -> null;
            case CLOSING -> s.close.sendPending() ? sendClose(out, now) : null;
            case OPEN -> sendNormal(out, now);
        };
    }

    private int datagramLimit(ByteBuffer out, AmplificationLimit amplification) {
        if (out.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            // Every datagram we build may need padding to 1200 bytes (RFC 9000 §14.1).
            return 0;
        }
        // RFC 9000 §14: what DPLPMTUD found, which never exceeds our configured maximum nor the peer's
        // max_udp_payload_size (§18.2); 1200 until the search raises it.
        long limit = Math.min(out.remaining(), s.pathMtu.maxDatagramSize());
        return (int) Math.min(limit, amplification.allowance());
    }

    private InetSocketAddress sendNormal(ByteBuffer out, long now) {
        int start = out.position();
        // RFC 9000 §8.2.2: "An endpoint MUST NOT delay transmission of a packet containing a PATH_RESPONSE frame
        // unless constrained by congestion control"; answers owed to another path go first, on their own.
        InetSocketAddress elsewhere = sendPathResponses(out, now);
        if (elsewhere != null) {
            return elsewhere;
        }
        int size = datagramLimit(out, s.amplification);
        if (size < MIN_PACKET_ROOM) {
            return null;
        }
        maybeUpdateKeys(now);
        if (!s.close.isOpen()) {
            return sendClose(out, now);
        }
        InetSocketAddress probed = sendPmtuProbe(out, now);
        if (probed != null) {
            return probed;
        }
        if (s.recovery.anyProbePending()) {
            // A PTO probe must get through: at 1200 bytes it does even if the path has shrunk below the size in
            // use, and its acknowledgment then shows the larger packets lost, which is how PathMtu finds the
            // black hole (RFC 8899 §4.3). Without this, a path that shrinks during a transfer would only see
            // full-size PTO probes vanish until the idle timeout.
            size = Math.min(size, ConnectionConfig.MIN_DATAGRAM_SIZE);
        }
        List<Pending> packets = new ArrayList<>(3);
        int pos = start;
        for (PacketNumberSpace id : PacketNumberSpace.values()) {
            int room = start + size - pos;
            if (room < MIN_PACKET_ROOM) {
                break;
            }
            // RFC 9000 §14.1 and §8.1 together: a datagram with an ack-eliciting Initial is padded to 1200
            // bytes, so such a packet is only built when 1200 bytes fit in the datagram and the allowance.
            boolean mayElicit = id != PacketNumberSpace.INITIAL || size >= ConnectionConfig.MIN_DATAGRAM_SIZE;
            Pending p = build(id, out, pos, room, mayElicit, now, null);
            if (p != null) {
                packets.add(p);
                pos = p.payloadEnd + AeadSpec.TAG_LENGTH;
            }
        }
        if (packets.isEmpty()) {
            out.position(start);
            return null;
        }
        return finish(out, start, packets, size, now, s.amplification, s.peerAddress);
    }

    /**
     * A DPLPMTUD probe (RFC 9000 §14.4, RFC 8899 §4.1 "Probing using padding data"): a datagram of exactly the
     * size {@link PathMtu} wants to try, holding one 1-RTT packet of PING and PADDING, "since packets that are
     * larger than the current maximum datagram size are more likely to be dropped", so a lost probe loses no
     * data. Only sent when the congestion window has room for it, as "PMTU probes consume congestion window"
     * (RFC 9000 §14.4; RFC 8899 §3 item 7 lets congestion control delay them), never before a PTO probe, and not
     * paced: there is at most one outstanding.
     *
     * @return the peer's address, or null if no probe is sent now (position unchanged)
     */
    private InetSocketAddress sendPmtuProbe(ByteBuffer out, long now) {
        int size = s.pathMtu.probeSize(now);
        if (size == 0 || out.remaining() < size || s.recovery.anyProbePending()
                || s.amplification.allowance() < size || s.recovery.cc.availableWindow() < size) {
            return null;
        }
        PacketSealer sealer = sealer(PacketNumberSpace.APPLICATION);
        if (sealer == null) {
            return null;
        }
        List<Pending> packets = loneOneRttPacket(out, sealer, size, (frames, payloadLimit) -> {
            add(out, frames, PingFrame.INSTANCE, payloadLimit);
            add(out, frames, new PaddingFrame(payloadLimit - out.position()), payloadLimit);
        });
        s.pathMtu.onProbeSent(packets.getFirst().packetNumber, now);
        return finish(out, packets.getFirst().start, packets, size, now, s.amplification, s.peerAddress);
    }

    /**
     * Writes a datagram's only packet, a 1-RTT one of at most {@code size} bytes whose frames {@code fill} adds
     * (given the list and the payload limit), in the clear.
     *
     * @return that one packet, in a list for {@link #finish}
     */
    private List<Pending> loneOneRttPacket(ByteBuffer out, PacketSealer sealer, int size,
            ObjIntConsumer<List<Frame>> fill) {
        int start = out.position();
        PacketSpace space = s.space(PacketNumberSpace.APPLICATION);
        long pn = space.peekPacketNumber();
        int pnLength = PacketNumber.encodedLength(pn, space.largestAcked());
        int pnOffset = ShortHeaderPacket.write(out, s.peerCid, false, s.oneRtt.phase(), pn, pnLength);
        List<Frame> frames = new ArrayList<>();
        fill.accept(frames, start + size - AeadSpec.TAG_LENGTH);
        space.takePacketNumber();
        List<Pending> packets = new ArrayList<>(1);
        packets.add(new Pending(PacketNumberSpace.APPLICATION, PacketType.ONE_RTT, sealer, start, pnOffset, pnLength,
                pn, out.position(), frames, true));
        return packets;
    }

    /**
     * RFC 9000 §10.2.3: before confirmation the close goes in every level the peer may be reading, and an
     * application close in Initial or Handshake packets becomes a transport APPLICATION_ERROR without reason.
     */
    private InetSocketAddress sendClose(ByteBuffer out, long now) {
        int start = out.position();
        int size = datagramLimit(out, s.amplification);
        if (size < MIN_PACKET_ROOM) {
            return null;
        }
        ConnectionCloseFrame frame = s.close.frame();
        List<Pending> packets = new ArrayList<>(3);
        int pos = start;
        for (PacketNumberSpace id : PacketNumberSpace.values()) {
            if (s.handshakeConfirmed && id != PacketNumberSpace.APPLICATION) {
                continue;
            }
            ConnectionCloseFrame f = frame;
            if (id != PacketNumberSpace.APPLICATION && frame.application()) {
                f = ConnectionCloseFrame.transport(TransportError.APPLICATION_ERROR, 0, "");
            }
            int room = start + size - pos;
            if (room < MIN_PACKET_ROOM || room < f.encodedLength() + 80) {
                break;
            }
            Pending p = build(id, out, pos, room, true, now, f);
            if (p != null) {
                packets.add(p);
                pos = p.payloadEnd + AeadSpec.TAG_LENGTH;
            }
        }
        if (packets.isEmpty()) {
            out.position(start);
            return null;
        }
        s.close.onCloseSent();
        return finish(out, start, packets, size, now, s.amplification, s.peerAddress);
    }

    /**
     * RFC 9000 §8.2.2: "A PATH_RESPONSE frame MUST be sent on the network path where the PATH_CHALLENGE frame
     * was received." A datagram addressed to a probing peer's other address, with one 1-RTT packet of nothing
     * but its PATH_RESPONSEs, expanded to 1200 bytes unless that unvalidated address's limit (three times what
     * arrived from it, §8, §9.3) allows less. Not held back by the congestion window: the answers are few,
     * bounded by {@link PathResponses} and by that limit.
     *
     * @return that address, or null if no such answer can be sent now (position unchanged)
     */
    private InetSocketAddress sendPathResponses(ByteBuffer out, long now) {
        PathResponses.Probe probe = s.pathResponses.next(MIN_PACKET_ROOM);
        PacketSealer sealer = sealer(PacketNumberSpace.APPLICATION);
        if (probe == null || sealer == null) {
            return null;
        }
        int size = datagramLimit(out, probe.limit);
        if (size < MIN_PACKET_ROOM) {
            return null;
        }
        List<Pending> packets = loneOneRttPacket(out, sealer, size, (frames, payloadLimit) -> {
            while (probe.pending() > 0 && payloadLimit - out.position() >= PATH_RESPONSE_LENGTH) {
                add(out, frames, probe.poll(), payloadLimit);
            }
        });
        return finish(out, packets.getFirst().start, packets, size, now, probe.limit, probe.address);
    }

    private void maybeUpdateKeys(long now) {
        OneRttKeys keys = s.oneRtt;
        if (keys == null || !s.handshakeConfirmed) {
            // RFC 9001 §6.1: "An endpoint MUST NOT initiate a key update prior to having confirmed the handshake".
            return;
        }
        long sent = keys.packetsWithCurrentKey();
        long interval = s.config.keyUpdateInterval();
        long aeadLimit = AeadSpec.confidentialityLimit(keys.sealer().keys().suite());
        boolean due = (interval > 0 && sent >= interval) || sent >= (long) (aeadLimit * AEAD_LIMIT_MARGIN);
        if (due && keys.canInitiate(now)) {
            keys.initiate(now, s.threePto());
            s.stats.keyUpdates++;
            s.tracer.keyUpdated(true, s.stats.keyUpdates, now);
        } else if (keys.sealer().confidentialityLimitReached()) {
            // RFC 9001 §6.6: no more packets with this key; close rather than exceed it.
            s.lifecycle.closeTransport(TransportError.AEAD_LIMIT_REACHED, "confidentiality limit reached", now);
        }
    }

    private PacketSealer sealer(PacketNumberSpace id) {
        if (id == PacketNumberSpace.APPLICATION) {
            // RFC 9001 §6.6: a key at its confidentiality limit protects nothing more, not even a close.
            return s.oneRtt == null || s.oneRtt.sealer().confidentialityLimitReached() ? null : s.oneRtt.sealer();
        }
        return s.space(id).sealer();
    }

    /**
     * Writes one packet's header and frames in the clear.
     *
     * @param closeFrame when closing, the only frame to send
     * @return the packet, or null if it would carry nothing
     */
    private Pending build(PacketNumberSpace id, ByteBuffer out, int pos, int room, boolean mayElicit, long now,
            ConnectionCloseFrame closeFrame) {
        PacketSealer sealer = sealer(id);
        PacketSpace space = s.space(id);
        if (sealer == null) {
            return null;
        }
        boolean probe = mayElicit && s.recovery.probesPending(id) > 0;
        boolean windowFull = s.recovery.cc.availableWindow() <= 0;
        // Handshake data is not held back by the window: the peer cannot acknowledge (or even decrypt) the
        // 1-RTT packets that fill it until the handshake completes, and the Application Data PTO is not armed
        // before confirmation (RFC 9002 §6.2.1), so waiting could deadlock. It is small and bounded, and the
        // anti-amplification limit still applies.
        boolean handshakeData = id != PacketNumberSpace.APPLICATION && space.crypto.hasDataToSend();
        boolean cwndOpen = mayElicit && (probe || !windowFull || handshakeData || s.recovery.mayExceedWindow());
        boolean ackDue = space.acks.hasPacketsToAcknowledge()
                && (space.acks.isAckDue(now) || closeFrame == null && wantsToElicit(id, space, cwndOpen, now));
        if (closeFrame == null && !ackDue && !(cwndOpen && wantsToElicit(id, space, true, now))) {
            return null;
        }
        PacketType type = switch (id) {
            case INITIAL -> PacketType.INITIAL;
            case HANDSHAKE -> PacketType.HANDSHAKE;
            case APPLICATION -> PacketType.ONE_RTT;
        };
        if (id == PacketNumberSpace.APPLICATION && closeFrame == null && --s.skipCountdown <= 0) {
            skipPacketNumber(space);
        }
        long pn = space.peekPacketNumber();
        int pnLength = PacketNumber.encodedLength(pn, space.largestAcked());
        out.position(pos);
        int pnOffset;
        if (type == PacketType.ONE_RTT) {
            if (room < ShortHeaderPacket.headerLength(s.peerCid.length(), pnLength) + AeadSpec.TAG_LENGTH + 8) {
                return null;
            }
            pnOffset = ShortHeaderPacket.write(out, s.peerCid, false, s.oneRtt.phase(), pn, pnLength);
        } else {
            ByteBuffer token = type == PacketType.INITIAL && s.isClient()
                    ? s.initialToken.duplicate()
                    : LongHeaderPacket.NO_TOKEN;
            int headerLength = LongHeaderPacket.headerLength(type, s.peerCid.length(), s.localCid.length(),
                    token.remaining(), LongHeaderPacket.DEFAULT_LENGTH_SIZE, pnLength);
            if (room < headerLength + AeadSpec.TAG_LENGTH + 8) {
                return null;
            }
            pnOffset = LongHeaderPacket.write(out, type, s.version, s.peerCid, s.localCid, token, pn, pnLength);
        }
        int payloadLimit = pos + room - AeadSpec.TAG_LENGTH;
        List<Frame> frames = new ArrayList<>();
        boolean elicit = false;
        if (closeFrame != null) {
            add(out, frames, closeFrame, payloadLimit);
        } else {
            if (ackDue || space.acks.hasPacketsToAcknowledge()) {
                AckFrame ack = space.acks.buildAck(now);
                if (ack != null && ack.encodedLength() <= payloadLimit - out.position()) {
                    add(out, frames, ack, payloadLimit);
                    space.acks.onAckSent();
                }
            }
            if (cwndOpen) {
                elicit = fillElicitingFrames(id, space, out, frames, payloadLimit, now);
                if (probe && !elicit && payloadLimit - out.position() >= 1) {
                    add(out, frames, PingFrame.INSTANCE, payloadLimit);
                    elicit = true;
                }
            }
        }
        if (frames.isEmpty()) {
            out.position(pos);
            return null;
        }
        // RFC 9001 §5.4.2: the packet number and payload together must be at least 4 bytes for the sample.
        int minPayload = 4 - pnLength;
        int payloadLength = out.position() - (pnOffset + pnLength);
        if (payloadLength < minPayload) {
            int n = minPayload - payloadLength;
            add(out, frames, new PaddingFrame(n), payloadLimit);
        }
        if (probe && elicit) {
            s.recovery.onProbeSent(id);
        } else if (elicit && windowFull && !handshakeData) {
            s.recovery.onWindowExceeded();
        }
        space.takePacketNumber();
        return new Pending(id, type, sealer, pos, pnOffset, pnLength, pn, out.position(), frames, elicit);
    }

    /**
     * RFC 9000 §21.4: "An endpoint that acknowledges packets it has not received might cause a congestion
     * controller to permit sending at rates beyond what the network supports. An endpoint MAY skip packet
     * numbers when sending packets to detect this behavior." A peer that acknowledges the skipped number is
     * closed with PROTOCOL_VIOLATION by loss detection. One number in every 128 to 383 packets, at random.
     */
    private void skipPacketNumber(PacketSpace space) {
        long skipped = space.takePacketNumber();
        s.recovery.loss.skipPacketNumber(PacketNumberSpace.APPLICATION, skipped);
        s.lastSkippedPacketNumber = skipped;
        s.skipCountdown = 128 + s.random.nextInt(256);
    }

    private static void add(ByteBuffer out, List<Frame> frames, Frame f, int payloadLimit) {
        if (f.encodedLength() > payloadLimit - out.position()) {
            throw new IllegalStateException("frame " + f + " does not fit");
        }
        f.encode(out);
        frames.add(f);
    }

    /** @return whether this space has ack-eliciting content to send now */
    private boolean wantsToElicit(PacketNumberSpace id, PacketSpace space, boolean cwndOpen, long now) {
        if (!cwndOpen) {
            return false;
        }
        if (s.recovery.probesPending(id) > 0 || space.crypto.hasDataToSend()) {
            return true;
        }
        if (id != PacketNumberSpace.APPLICATION) {
            return false;
        }
        return s.control.hasPending() || (s.datagrams.hasPending() || s.streams.hasFrameToSend()) && pacingAllows(now);
    }

    private boolean pacingAllows(long now) {
        return s.recovery.pacer.nextSendTime(now, s.pathMtu.maxDatagramSize()) <= now;
    }

    /** @return whether an ack-eliciting frame was added */
    private boolean fillElicitingFrames(PacketNumberSpace id, PacketSpace space, ByteBuffer out, List<Frame> frames,
            int payloadLimit, long now) {
        boolean elicit = false;
        for (CryptoFrame c; payloadLimit - out.position() > 8
                && (c = space.crypto.nextFrame(payloadLimit - out.position())) != null;) {
            add(out, frames, c, payloadLimit);
            space.onCryptoSent(c);
            elicit = true;
        }
        if (id != PacketNumberSpace.APPLICATION) {
            return elicit;
        }
        for (Frame f; (f = s.control.poll(payloadLimit - out.position())) != null;) {
            add(out, frames, f, payloadLimit);
            elicit |= FrameRules.isAckEliciting(f);
        }
        // RFC 9000 §13.3: what the streams owe (flow control, resets, data) goes after ACK, CRYPTO and the
        // connection's control frames; its acknowledgment and loss are reported back by Recovery.
        if (pacingAllows(now)) {
            // RFC 9221 §5: datagrams go "in the first available packet", under congestion control and pacing;
            // one that does not fit what is left waits for the next packet.
            for (Frame f; (f = s.datagrams.poll(payloadLimit - out.position())) != null;) {
                add(out, frames, f, payloadLimit);
                elicit = true;
            }
            for (Frame f; payloadLimit - out.position() > 0
                    && (f = s.streams.pollFrame(payloadLimit - out.position())) != null;) {
                add(out, frames, f, payloadLimit);
                elicit = true;
            }
        }
        if (!elicit) {
            Frame ping = s.control.pollPing(payloadLimit - out.position());
            if (ping != null) {
                add(out, frames, ping, payloadLimit);
                elicit = true;
            }
        } else {
            // Any ack-eliciting packet does what a keep-alive PING would.
            s.control.pollPing(Integer.MAX_VALUE);
        }
        return elicit;
    }

    private static boolean carriesPathProbe(List<Pending> packets) {
        for (Pending p : packets) {
            for (Frame f : p.frames) {
                if (f instanceof PathChallengeFrame || f instanceof PathResponseFrame) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean carriesChallenge(List<Pending> packets) {
        for (Pending p : packets) {
            for (Frame f : p.frames) {
                if (f instanceof PathChallengeFrame) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Pads, protects and records the packets of one datagram.
     *
     * @param amplification the limit of the address it goes to, charged with its size
     * @param to that address, returned
     */
    private InetSocketAddress finish(ByteBuffer out, int start, List<Pending> packets, int size, long now,
            AmplificationLimit amplification, InetSocketAddress to) {
        boolean hasInitial = false;
        boolean ackElicitingInitial = false;
        for (Pending p : packets) {
            if (p.type == PacketType.INITIAL) {
                hasInitial = true;
                ackElicitingInitial |= p.ackEliciting;
            }
        }
        // RFC 9000 §14.1: a client pads every datagram with an Initial to 1200 bytes; a server every
        // datagram with an ack-eliciting Initial. PADDING goes in the last packet.
        int end = packets.getLast().payloadEnd + AeadSpec.TAG_LENGTH;
        boolean pad = s.isClient() ? hasInitial : ackElicitingInitial;
        int target = start + ConnectionConfig.MIN_DATAGRAM_SIZE;
        if (!pad && carriesPathProbe(packets)) {
            // RFC 9000 §8.2.1/§8.2.2: datagrams with PATH_CHALLENGE or PATH_RESPONSE are expanded to 1200 bytes
            // "unless the anti-amplification limit for the path does not permit sending a datagram of this size".
            pad = true;
            target = start + Math.min(ConnectionConfig.MIN_DATAGRAM_SIZE, size);
            if (size < ConnectionConfig.MIN_DATAGRAM_SIZE && carriesChallenge(packets)) {
                s.path.onChallengeNotExpanded();
            }
        }
        if (pad && end < target) {
            int n = target - end;
            Pending last = packets.removeLast();
            List<Frame> frames = new ArrayList<>(last.frames);
            out.position(last.payloadEnd);
            PaddingFrame padding = new PaddingFrame(n);
            padding.encode(out);
            frames.add(padding);
            packets.add(new Pending(last.space, last.type, last.sealer, last.start, last.pnOffset, last.pnLength,
                    last.packetNumber, last.payloadEnd + n, frames, last.ackEliciting));
            end = target;
        }
        boolean handshakeSent = false;
        for (Pending p : packets) {
            int packetEnd = p.payloadEnd + AeadSpec.TAG_LENGTH;
            if (p.type != PacketType.ONE_RTT) {
                LongHeaderPacket.fillLength(out, p.pnOffset, packetEnd);
            }
            p.sealer.protect(out, p.start, p.pnOffset, p.pnLength, p.packetNumber, p.payloadEnd);
            SentPacket sent = SentPacket.of(p.packetNumber, p.space, now, packetEnd - p.start, p.frames);
            if (s.close.isOpen()) {
                s.recovery.onPacketSent(sent, now);
            }
            if (p.type == PacketType.ONE_RTT) {
                s.oneRtt.onPacketSent(p.packetNumber);
            }
            if (sent.ackEliciting()) {
                s.idle.onAckElicitingSent(now);
            }
            handshakeSent |= p.type == PacketType.HANDSHAKE;
            s.stats.packetsSent++;
            s.tracer.packetSent(p.type, p.packetNumber, packetEnd - p.start, p.frames, now);
        }
        out.position(end);
        int length = end - start;
        s.stats.bytesSent += length;
        amplification.onSent(length);
        if (handshakeSent) {
            s.handshake.onHandshakePacketSent(now);
        }
        return to;
    }
}
