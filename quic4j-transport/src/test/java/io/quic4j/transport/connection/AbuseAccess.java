package io.quic4j.transport.connection;

import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.recovery.SentPacket;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the attack tests of {@code io.quic4j.transport.abuse} need from inside a {@link Connection}: packets
 * forged with an abuser's own keys (so the server authenticates them, as it would a malicious but
 * authenticated peer's), and read-only looks at the bounded queues they attack. Test code only.
 */
public final class AbuseAccess {
    private static final int PACKET_NUMBER_LENGTH = 4;

    private AbuseAccess() {
    }

    /** @return the server's TLS settings of the connection tests (certificate for "localhost") */
    public static TlsEngineConfig serverTls() {
        return Pipe.serverTls();
    }

    /** @return the client's TLS settings of the connection tests (trusts the test CA) */
    public static TlsEngineConfig clientTls() {
        return Pipe.clientTls();
    }

    /**
     * @param frames frames in order
     * @return their encoding, ready to be a packet's payload
     */
    public static ByteBuffer frames(Frame... frames) {
        int length = 0;
        for (Frame f : frames) {
            length += f.encodedLength();
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (Frame f : frames) {
            f.encode(b);
        }
        return b.flip();
    }

    /**
     * A 1-RTT packet from {@code from} to its peer, protected with {@code from}'s keys and its next packet
     * number, as one datagram.
     *
     * @param from an established connection (the abuser)
     * @param payload frames; may be longer than a usual datagram
     * @param now the current time: the packet is recorded as sent (not in flight), so the abuser's own
     *     connection does not take the server's ACK of it for an ACK of a packet never sent
     * @return the datagram
     */
    public static ByteBuffer oneRtt(Connection from, ByteBuffer payload, long now) {
        ConnectionState s = from.state();
        PacketSpace space = s.space(PacketNumberSpace.APPLICATION);
        long pn = space.takePacketNumber();
        ByteBuffer out = ByteBuffer.allocate(payload.remaining() + 64);
        int pnOffset = ShortHeaderPacket.write(out, s.peerCid, false, s.oneRtt.phase(), pn, PACKET_NUMBER_LENGTH);
        out.put(payload.duplicate());
        padForSample(out, pnOffset);
        int end = s.oneRtt.sealer().protect(out, 0, pnOffset, PACKET_NUMBER_LENGTH, pn, out.position());
        recordSent(s, PacketNumberSpace.APPLICATION, pn, end, now);
        return out.limit(end).position(0);
    }

    /**
     * An Initial or Handshake packet from {@code from} with its keys of that level; an Initial is padded to
     * 1200 bytes (RFC 9000 §14.1) so a server takes it.
     *
     * @param from the abuser, whose keys of that level are still installed
     * @param space {@link PacketNumberSpace#INITIAL} or {@link PacketNumberSpace#HANDSHAKE}
     * @param payload frames
     * @param now the current time (the packet is recorded as sent, not in flight)
     * @return the datagram
     */
    public static ByteBuffer longHeader(Connection from, PacketNumberSpace space, ByteBuffer payload, long now) {
        ConnectionState s = from.state();
        PacketSpace ps = s.space(space);
        long pn = ps.takePacketNumber();
        PacketType type = space == PacketNumberSpace.INITIAL ? PacketType.INITIAL : PacketType.HANDSHAKE;
        ByteBuffer out = ByteBuffer.allocate(Math.max(ConnectionConfig.MIN_DATAGRAM_SIZE, payload.remaining() + 128));
        int pnOffset = LongHeaderPacket.write(out, type, s.version, s.peerCid, s.localCid,
                type == PacketType.INITIAL ? s.initialToken.duplicate() : LongHeaderPacket.NO_TOKEN, pn,
                PACKET_NUMBER_LENGTH);
        out.put(payload.duplicate());
        padForSample(out, pnOffset);
        if (type == PacketType.INITIAL) {
            while (out.position() + 16 < ConnectionConfig.MIN_DATAGRAM_SIZE) {
                out.put((byte) 0); // PADDING
            }
        }
        LongHeaderPacket.fillLength(out, pnOffset, out.position() + 16);
        int end = ps.sealer().protect(out, 0, pnOffset, PACKET_NUMBER_LENGTH, pn, out.position());
        recordSent(s, space, pn, end, now);
        return out.limit(end).position(0);
    }

    private static void recordSent(ConnectionState s, PacketNumberSpace space, long pn, int length, long now) {
        s.recovery.onPacketSent(new SentPacket(pn, space, now, false, false, length, List.of()), now);
    }

    private static void padForSample(ByteBuffer out, int pnOffset) {
        while (out.position() - pnOffset < 8) {
            out.put((byte) 0); // PADDING, so header protection has its sample
        }
    }

    /** @return PATH_RESPONSEs {@code c} owes on its current path and has not sent yet */
    public static int pendingPathResponses(Connection c) {
        return c.state().control.pendingPathResponses();
    }

    /** @return control frames {@code c} has queued for its next 1-RTT packets */
    public static int queuedControlFrames(Connection c) {
        return c.state().control.size();
    }

    /**
     * Makes {@code c} skip the packet number of its next 1-RTT packet (RFC 9000 §21.4).
     *
     * @param c the connection
     */
    public static void skipNextPacketNumber(Connection c) {
        c.state().skipCountdown = 1;
    }

    /** @return the 1-RTT packet number {@code c} skipped last, or -1 */
    public static long lastSkippedPacketNumber(Connection c) {
        return c.state().lastSkippedPacketNumber;
    }

    /**
     * Stops {@code c} from skipping 1-RTT packet numbers, so a test can acknowledge every number up to the largest
     * sent without tripping the optimistic-ACK detection.
     *
     * @param c the connection
     */
    public static void stopSkipping(Connection c) {
        c.state().skipCountdown = Long.MAX_VALUE;
    }

    /** @return the largest 1-RTT packet number {@code c} has sent or skipped */
    public static long largestSent(Connection c) {
        return c.state().space(PacketNumberSpace.APPLICATION).peekPacketNumber() - 1;
    }
}
