package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Dispatches the frames of an authenticated packet to the concern that owns them (RFC 9000 §19), with
 * the role rules the frame codec cannot know (only clients receive HANDSHAKE_DONE and NEW_TOKEN; DATAGRAM
 * needs negotiation).
 */
final class FrameHandler {
    /**
     * PATH_CHALLENGEs on the current path whose answers may be dropped unsent (because newer challenges
     * pushed them out of {@link ControlFrames}' bound) before the peer counts as flooding us.
     */
    static final long MAX_UNANSWERED_CHALLENGES = 256;
    private final ConnectionState s;
    private ConnectionId packetDestination = ConnectionId.EMPTY;

    FrameHandler(ConnectionState state) {
        this.s = state;
    }

    void onPacketStart(PacketType type, Packet packet, long now) {
        packetDestination = switch (packet) {
            case LongHeaderPacket lh -> lh.destination();
            case ShortHeaderPacket sh -> sh.destination();
            default -> ConnectionId.EMPTY;
        };
        if (packet instanceof LongHeaderPacket lh && !s.peerCidLearned
                && (type == PacketType.INITIAL || type == PacketType.HANDSHAKE)) {
            // RFC 9000 §7.2: the client switches to the server's chosen connection ID from the first Initial
            // it processes, and keeps it. A server takes the client's from its first authenticated packet
            // too, not from whatever parse created the connection (that datagram may have been corrupted).
            s.peerCid = lh.source();
            s.peerCidLearned = true;
        }
        s.peerPacketProcessed = true;
    }

    void onFrame(Frame frame, PacketType type, PacketSpace space, long now) {
        if (!s.close.isOpen()) {
            // RFC 9000 §10.2.1: "An endpoint that is closing is not required to process any received frame"
            // except to notice the peer's CONNECTION_CLOSE, which moves us to draining.
            if (frame instanceof ConnectionCloseFrame c) {
                s.lifecycle.onPeerClose(c, now);
            }
            return;
        }
        switch (frame) {
            case PaddingFrame p -> {
            }
            case PingFrame p -> {
            }
            case AckFrame a -> s.recovery.onAck(space, a, now);
            case CryptoFrame c -> s.handshake.onCrypto(space, c, now);
            case NewTokenFrame t -> onNewToken(t);
            case StreamFrame _, ResetStreamFrame _, StopSendingFrame _, MaxDataFrame _, MaxStreamDataFrame _,
                    MaxStreamsFrame _, DataBlockedFrame _, StreamDataBlockedFrame _, StreamsBlockedFrame _ ->
                s.streams.onFrame(frame, now);
            case NewConnectionIdFrame f -> s.cids.onNewConnectionId(f);
            case RetireConnectionIdFrame f -> s.cids.onRetireConnectionId(f, packetDestination);
            case PathChallengeFrame f -> onChallenge(f);
            case PathResponseFrame f -> s.path.onResponse(f, now);
            case ConnectionCloseFrame c -> s.lifecycle.onPeerClose(c, now);
            case HandshakeDoneFrame h -> s.handshake.onHandshakeDone(now);
            case DatagramFrame d -> s.datagrams.onReceived(d);
        }
    }

    /**
     * RFC 9000 §8.2.2: "A PATH_RESPONSE frame MUST be sent on the network path where the PATH_CHALLENGE frame
     * was received." One from the current path goes with the other control frames; one from elsewhere (a
     * peer probing a path it has not moved to, §9.1) goes back to that address, within its own limit.
     */
    private void onChallenge(PathChallengeFrame f) {
        InetSocketAddress from = s.datagramSource;
        if (from == null || from.equals(s.peerAddress)) {
            long dropped = s.control.queuePathResponse(f.data());
            if (dropped > MAX_UNANSWERED_CHALLENGES) {
                // RFC 9000 §21.9: "implementations SHOULD track cost of processing relative to progress and
                // treat excessive quantities of any non-productive packets as indicative of an attack.
                // Endpoints MAY respond to this condition with a connection error". A peer validating a path
                // has a few challenges outstanding (§8.2.1: "An endpoint MAY send multiple PATH_CHALLENGE frames
                // to guard against packet loss. However, an endpoint SHOULD NOT send multiple PATH_CHALLENGE
                // frames in a single packet"); one whose challenges keep outrunning our answers is not.
                throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, FrameType.PATH_CHALLENGE,
                        dropped + " PATH_CHALLENGEs dropped unanswered: challenges arrive far faster than they"
                                + " can be answered (RFC 9000 §21.9)");
            }
        } else {
            s.pathResponses.onChallenge(from, f.data(), s.path.bytesReceivedFrom(from));
        }
    }

    private void onNewToken(NewTokenFrame t) {
        if (!s.isClient()) {
            // RFC 9000 §19.7: "A server MUST treat receipt of a NEW_TOKEN frame as a connection error of type
            // PROTOCOL_VIOLATION."
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, FrameType.NEW_TOKEN,
                    "a client sent NEW_TOKEN");
        }
        ByteBuffer copy = ByteBuffer.allocate(t.token().remaining());
        copy.put(t.token().duplicate()).flip();
        s.emit(new ConnectionEvent.NewTokenReceived(copy.asReadOnlyBuffer()));
    }

    void onPacketEnd(PacketType type, Packet packet, boolean ackEliciting, long now) {
        // RFC 9000 §10.1: the idle timer restarts when a packet from the peer is processed.
        s.idle.onPacketReceived(now);
        if (type == PacketType.HANDSHAKE) {
            s.handshake.onHandshakePacketReceived(now);
        }
        s.close.onPacketWhileClosing();
    }
}
