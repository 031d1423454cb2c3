package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.connection.ConnectionTracer.DropReason;
import io.quic4j.transport.crypto.PacketDecryptionException;
import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameCodec;
import io.quic4j.transport.wire.frame.FrameRules;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.PacketParser;
import io.quic4j.transport.wire.packet.RetryPacket;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import io.quic4j.transport.wire.packet.UnmaskedHeader;
import io.quic4j.transport.wire.packet.UnsupportedVersionPacket;
import io.quic4j.transport.wire.packet.VersionNegotiationPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Receive processing: splits a datagram into its coalesced packets (RFC 9000 §12.2), removes header and
 * packet protection (RFC 9001 §5.4, §5.3) with the keys of the packet's level, and hands the frames of
 * each authenticated packet to the {@link FrameHandler}.
 *
 * <p>What is dropped silently, as the RFCs require: anything the stage-1 parse rejects (and the rest of
 * the datagram with it), packets for a level without keys, packets that fail to decrypt (RFC 9001 §5.5),
 * duplicates (RFC 9000 §12.3), and coalesced packets whose Destination Connection ID differs from the
 * first one's (§12.2). What closes the connection: non-zero reserved bits after authentication
 * (§17.2), a frame not allowed in its packet type (§12.4), a malformed frame, a packet without frames.
 */
final class PacketReceiver {
    private final ConnectionState state;
    private final FrameHandler frames;
    private int datagramStart;

    PacketReceiver(ConnectionState state, FrameHandler frames) {
        this.state = state;
        this.frames = frames;
    }

    /**
     * Processes one datagram. The buffer is modified in place (protection removal).
     *
     * @param datagram the datagram, from position to limit
     * @param now the time
     * @throws QuicTransportException for an error that closes the connection
     */
    void receive(ByteBuffer datagram, long now) {
        int generation = state.keyGeneration;
        receivePackets(datagram, now);
        // Keys arrived while processing: packets that came too early get their turn (each only once more).
        while (generation != state.keyGeneration && !state.early.isEmpty()) {
            generation = state.keyGeneration;
            for (ByteBuffer packet : state.early.takeAll()) {
                receivePackets(packet, now);
            }
        }
    }

    private void receivePackets(ByteBuffer datagram, long now) {
        int offset = datagram.position();
        datagramStart = offset;
        int limit = datagram.limit();
        ConnectionId firstDestination = null;
        while (offset < limit) {
            Packet packet;
            try {
                ByteBuffer view = datagram.duplicate();
                packet = PacketParser.parse(view, offset, state.localCidLength());
            } catch (QuicTransportException e) {
                // RFC 9000 §12.2: a packet we cannot parse ends the datagram; its boundaries are unknown.
                drop(null, limit - offset, DropReason.INVALID, now);
                return;
            }
            switch (packet) {
                case VersionNegotiationPacket vn -> {
                    state.versionNegotiation.onVersionNegotiation(vn, now);
                    return;
                }
                case RetryPacket retry -> {
                    state.versionNegotiation.onRetry(retry, datagram, now);
                    return;
                }
                case UnsupportedVersionPacket u -> {
                    drop(null, u.end() - u.start(), DropReason.UNSUPPORTED, now);
                    return;
                }
                case LongHeaderPacket lh -> {
                    if (firstDestination == null) {
                        firstDestination = lh.destination();
                    } else if (!firstDestination.equals(lh.destination())) {
                        // RFC 9000 §12.2: "Receivers SHOULD ignore any subsequent packets with a different
                        // Destination Connection ID than the first packet in the datagram."
                        drop(lh.type(), lh.end() - lh.start(), DropReason.CONNECTION_UNKNOWN, now);
                        offset = lh.end();
                        continue;
                    }
                    receiveLong(datagram, lh, now);
                    offset = lh.end();
                }
                case ShortHeaderPacket sh -> {
                    if (firstDestination != null && !firstDestination.equals(sh.destination())) {
                        drop(PacketType.ONE_RTT, sh.end() - sh.start(), DropReason.CONNECTION_UNKNOWN, now);
                        return;
                    }
                    receiveShort(datagram, sh, now);
                    return;
                }
            }
        }
    }

    private void receiveLong(ByteBuffer datagram, LongHeaderPacket lh, long now) {
        int length = lh.end() - lh.start();
        if (lh.version() != state.version) {
            drop(lh.type(), length, DropReason.UNSUPPORTED, now);
            return;
        }
        PacketType type = lh.type();
        if (type == PacketType.ZERO_RTT) {
            // No 0-RTT in this connection core: RFC 9001 §4.6.2 lets a server discard what it cannot use.
            drop(type, length, DropReason.UNSUPPORTED, now);
            return;
        }
        if (type == PacketType.INITIAL && !state.isClient()
                && datagram.limit() - datagramStart < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            // RFC 9000 §14.1: "A server MUST discard an Initial packet that is carried in a UDP datagram with a
            // payload that is smaller than the smallest allowed maximum datagram size of 1200 bytes."
            drop(type, length, DropReason.REJECTED, now);
            return;
        }
        if (state.peerCidLearned && !lh.source().equals(state.peerCid)) {
            // RFC 9000 §7.2: "Once a client has received a valid Initial packet from the server, it MUST discard
            // any subsequent packet it receives on that connection with a different Source Connection ID." The
            // client's Source Connection ID cannot change either (§7.2), so a server does the same.
            drop(type, length, DropReason.CONNECTION_UNKNOWN, now);
            return;
        }
        PacketSpace space = state.space(PacketNumberSpace.of(type));
        PacketOpener opener = space.opener();
        if (!state.acceptsDestination(lh.destination(), true)) {
            drop(type, length, DropReason.CONNECTION_UNKNOWN, now);
            return;
        }
        if (opener == null) {
            if (space.discarded() || !state.early.add(datagram, lh.start(), lh.end())) {
                drop(type, length, DropReason.KEY_UNAVAILABLE, now);
            }
            return;
        }
        int first;
        UnmaskedHeader header;
        long packetNumber;
        int payloadEnd;
        try {
            first = opener.removeHeaderProtection(datagram, lh.start(), lh.pnOffset(), lh.end());
            header = lh.unmask(first, datagram);
            packetNumber = header.packetNumber(space.largestReceived());
            payloadEnd = opener.decryptPayload(datagram, lh.start(), lh.pnOffset(), header.packetNumberLength(),
                    packetNumber, lh.end());
        } catch (PacketDecryptionException | QuicTransportException e) {
            // RFC 9001 §5.5: a packet that cannot be unprotected is discarded.
            drop(type, length, DropReason.DECRYPTION_FAILURE, now);
            state.checkIntegrityLimit(opener.integrityLimitReached());
            return;
        }
        onAuthenticated(datagram, type, space, header, packetNumber, payloadEnd, lh, now);
    }

    private void receiveShort(ByteBuffer datagram, ShortHeaderPacket sh, long now) {
        // RFC 9001 §5.7: "Even if it has 1-RTT secrets, a server MUST NOT process incoming 1-RTT protected
        // packets before the TLS handshake is complete." They wait with the other early packets.
        OneRttKeys keys = state.isClient() || state.handshakeComplete ? state.oneRtt : null;
        if (keys == null && state.acceptsDestination(sh.destination(), false)
                && state.early.add(datagram, sh.start(), sh.end())) {
            return;
        }
        if (keys == null || !state.acceptsDestination(sh.destination(), false)) {
            drop(PacketType.ONE_RTT, sh.end() - sh.start(),
                    keys == null ? DropReason.KEY_UNAVAILABLE : DropReason.CONNECTION_UNKNOWN, now);
            state.checkStatelessReset(datagram, now);
            return;
        }
        PacketSpace space = state.space(PacketNumberSpace.APPLICATION);
        UnmaskedHeader header;
        long packetNumber;
        int payloadEnd;
        OneRttKeys.Choice choice;
        try {
            int first = keys.headerOpener().removeHeaderProtection(datagram, sh.start(), sh.pnOffset(), sh.end());
            header = sh.unmask(first, datagram);
            packetNumber = header.packetNumber(space.largestReceived());
            choice = keys.choose(header.keyPhase(), packetNumber);
            PacketOpener opener = keys.opener(choice);
            payloadEnd = opener.decryptPayload(datagram, sh.start(), sh.pnOffset(), header.packetNumberLength(),
                    packetNumber, sh.end());
        } catch (PacketDecryptionException | QuicTransportException e) {
            drop(PacketType.ONE_RTT, sh.end() - sh.start(), DropReason.DECRYPTION_FAILURE, now);
            state.checkIntegrityLimit(keys.integrityLimitReached());
            state.checkStatelessReset(datagram, now);
            return;
        }
        if (keys.onOpened(choice, packetNumber, now, state.threePto())) {
            state.stats.keyUpdates++;
            state.tracer.keyUpdated(false, state.stats.keyUpdates, now);
        }
        onAuthenticated(datagram, PacketType.ONE_RTT, space, header, packetNumber, payloadEnd, sh, now);
    }

    private void drop(PacketType type, int length, DropReason reason, long now) {
        state.stats.packetsDropped++;
        state.tracer.packetDropped(type, length, reason, now);
    }

    /**
     * Tracing only: the packet's frames, decoded ahead of processing from a copy of the position, so the
     * trace shows the packet before its effects. A malformed frame ends the list; processing then closes the
     * connection for it.
     */
    private static List<Frame> decodeForTrace(ByteBuffer payload) {
        ByteBuffer copy = payload.duplicate();
        List<Frame> list = new ArrayList<>();
        try {
            while (copy.hasRemaining()) {
                list.add(FrameCodec.decode(copy));
            }
        } catch (QuicTransportException e) {
            // Reported by the processing pass.
        }
        return list;
    }

    private void onAuthenticated(ByteBuffer datagram, PacketType type, PacketSpace space, UnmaskedHeader header,
            long packetNumber, int payloadEnd, Packet packet, long now) {
        // RFC 9000 §17.2/§17.3.1: reserved bits are checked only now, after authentication (RFC 9001 §9.5).
        header.requireReservedBitsZero();
        if (space.isDuplicate(packetNumber)) {
            drop(type, packet.end() - packet.start(), DropReason.DUPLICATE, now);
            return;
        }
        state.stats.packetsReceived++;
        ByteBuffer payload = datagram.duplicate();
        payload.limit(payloadEnd).position(header.payloadOffset());
        if (state.tracing()) {
            state.tracer.packetReceived(type, packetNumber, packet.end() - packet.start(), decodeForTrace(payload),
                    now);
        }
        if (!payload.hasRemaining()) {
            // RFC 9000 §12.4: "An endpoint MUST treat receipt of a packet containing no frames as a
            // connection error of type PROTOCOL_VIOLATION."
            throw QuicTransportException.of(io.quic4j.transport.TransportError.PROTOCOL_VIOLATION,
                    "packet " + packetNumber + " has no frames");
        }
        boolean largest = packetNumber > space.largestReceived();
        frames.onPacketStart(type, packet, now);
        boolean ackEliciting = false;
        boolean nonProbing = false;
        while (payload.hasRemaining()) {
            Frame frame = FrameCodec.decode(payload);
            FrameRules.checkAllowed(frame.type(), type);
            if (!(frame instanceof PaddingFrame)) {
                ackEliciting |= FrameRules.isAckEliciting(frame);
                nonProbing |= !FrameRules.isProbing(frame.type());
                frames.onFrame(frame, type, space, now);
            }
        }
        space.onPacketReceived(packetNumber, ackEliciting, now);
        // The path first: a Handshake packet then validates the address it came from (RFC 9000 §8.1).
        state.path.onPacket(state.datagramSource,
                packet instanceof ShortHeaderPacket sh ? sh.destination() : null, largest, nonProbing,
                state.datagramLength,
                now);
        frames.onPacketEnd(type, packet, ackEliciting, now);
    }
}
