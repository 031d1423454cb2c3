package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.crypto.AeadSpec;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Authenticated packets with forbidden or malformed content close the connection with the RFC's error code
 * and frame type (RFC 9000 §12.4, §19, §17.3.1); nothing escapes {@code receive}.
 */
class ForgedPacketTest {

    /** A 1-RTT packet from {@code from} to its peer, protected with its keys, carrying {@code payload}. */
    static ByteBuffer forge(Connection from, ByteBuffer payload, int reservedBits) {
        ConnectionState s = from.state();
        PacketSpace space = s.space(PacketNumberSpace.APPLICATION);
        long pn = space.takePacketNumber();
        ByteBuffer out = ByteBuffer.allocate(1500);
        int pnOffset = ShortHeaderPacket.write(out, s.peerCid, false, s.oneRtt.phase(), pn, 4);
        out.put(0, (byte) (out.get(0) | reservedBits << 3));
        out.put(payload);
        while (out.position() - pnOffset < 8) {
            out.put((byte) 0); // PADDING, so header protection has a sample
        }
        int payloadEnd = out.position();
        int end = s.oneRtt.sealer().protect(out, 0, pnOffset, 4, pn, payloadEnd);
        return out.limit(end).position(0);
    }

    static ByteBuffer frames(Frame... frames) {
        ByteBuffer b = ByteBuffer.allocate(1200);
        for (Frame f : frames) {
            f.encode(b);
        }
        return b.flip();
    }

    static CloseReason deliverForged(Pipe p, Connection from, Connection to, ByteBuffer payload, int reserved) {
        to.receive(forge(from, payload, reserved), from == p.client ? Pipe.CLIENT_ADDRESS : Pipe.SERVER_ADDRESS,
                p.now);
        return to.closeReason().orElseThrow(() -> new AssertionError("did not close"));
    }

    @Test
    void handshakeDoneFromAClientIsAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(new HandshakeDoneFrame()), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.HANDSHAKE_DONE);
    }

    @Test
    void newTokenFromAClientIsAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(new NewTokenFrame(ByteBuffer.wrap(new byte[]{1}))),
                0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.NEW_TOKEN);
    }

    @Test
    void truncatedFrameIsAFrameEncodingError() {
        Pipe p = new Pipe().handshake();
        // A STREAM frame with a Length field of 100 and 2 bytes of data.
        ByteBuffer payload = ByteBuffer.wrap(new byte[]{0x0a, 0x00, 0x40, 0x64, 1, 2});
        CloseReason r = deliverForged(p, p.client, p.server, payload, 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.FRAME_ENCODING_ERROR.code());
    }

    @Test
    void nonZeroReservedBitsAfterAuthenticationAreAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(io.quic4j.transport.wire.frame.PingFrame.INSTANCE),
                2);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
    }

    @Test
    void ackOfAPacketNeverSentIsAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(AckFrame.of(0, 1_000_000, 1_000_000)), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.ACK);
    }

    @Test
    void ackOfASkippedPacketNumberRevealsAnOptimisticAckAndCloses() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        p.server.state().skipCountdown = 1;
        p.server.write(id, ByteBuffer.wrap(new byte[]{2}), false);
        p.deliver(p.drain(p.server), p.client);
        long skipped = p.server.state().lastSkippedPacketNumber;
        assertThat(skipped).isPositive();
        // RFC 9000 §21.4: only a peer acknowledging what it never received acknowledges a skipped number.
        CloseReason r = deliverForged(p, p.client, p.server, frames(AckFrame.of(0, skipped, skipped)), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
    }

    @Test
    void honestPeersNeverAcknowledgeASkippedNumber() {
        Pipe p = new Pipe().handshake();
        p.server.state().skipCountdown = 1;
        p.client.state().skipCountdown = 1;
        long id = p.client.openBidirectionalStream();
        byte[] data = DataTransferTest.bytes(300_000, 4);
        assertThat(DataTransferTest.transfer(p, p.client, p.server, id, data)).isEqualTo(data);
        assertThat(p.server.state().lastSkippedPacketNumber).isPositive();
        assertThat(p.client.state().lastSkippedPacketNumber).isPositive();
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void challengesFarOutrunningTheirAnswersAreAProtocolViolation() {
        // RFC 9000 §21.9: excessive non-productive packets MAY be a connection error. 100 challenges per packet:
        // at most 4 answers are kept, so the 257th dropped answer closes.
        Pipe p = new Pipe().handshake();
        io.quic4j.transport.wire.frame.PathChallengeFrame[] flood = new io.quic4j.transport.wire.frame.PathChallengeFrame[100];
        for (int packet = 0; packet < 3; packet++) {
            for (int i = 0; i < flood.length; i++) {
                flood[i] = new io.quic4j.transport.wire.frame.PathChallengeFrame(packet * 100L + i);
            }
            p.server.receive(forge(p.client, frames(flood), 0), Pipe.CLIENT_ADDRESS, p.now);
            assertThat(p.server.state().control.pendingPathResponses()).isLessThanOrEqualTo(
                    ControlFrames.MAX_PATH_RESPONSES);
        }
        CloseReason r = p.server.closeReason().orElseThrow();
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(r.frameType()).isEqualTo(FrameType.PATH_CHALLENGE);
    }

    @Test
    void aFewChallengesPerPacketAreAnsweredAndDoNotClose() {
        Pipe p = new Pipe().handshake();
        for (int packet = 0; packet < 50; packet++) {
            p.server.receive(forge(p.client, frames(new io.quic4j.transport.wire.frame.PathChallengeFrame(packet),
                    new io.quic4j.transport.wire.frame.PathChallengeFrame(~packet)), 0), Pipe.CLIENT_ADDRESS, p.now);
            p.drain(p.server);
        }
        assertThat(p.server.isOpen()).isTrue();
    }

    @Test
    void streamDataBeyondTheFlowControlLimitIsAFlowControlError() {
        Pipe p = new Pipe().handshake();
        long limit = ConnectionConfig.DEFAULTS.initialMaxStreamData();
        StreamFrame f = new StreamFrame(0, limit, ByteBuffer.wrap(new byte[]{1}), false, true);
        CloseReason r = deliverForged(p, p.client, p.server, frames(f), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.FLOW_CONTROL_ERROR.code());
    }

    @Test
    void streamBeyondTheStreamLimitIsAStreamLimitError() {
        Pipe p = new Pipe().handshake();
        long id = 4 * ConnectionConfig.DEFAULTS.initialMaxStreamsBidi();
        StreamFrame f = new StreamFrame(id, 0, ByteBuffer.wrap(new byte[]{1}), false, true);
        CloseReason r = deliverForged(p, p.client, p.server, frames(f), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.STREAM_LIMIT_ERROR.code());
    }

    @Test
    void datagramFrameWithoutNegotiationIsAProtocolViolation() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server,
                frames(new DatagramFrame(ByteBuffer.wrap(new byte[]{1, 2}), true)), 0);
        assertThat(r.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
    }

    @Test
    void theCloseReachesThePeerWithTheErrorCode() {
        Pipe p = new Pipe().handshake();
        deliverForged(p, p.client, p.server, frames(new HandshakeDoneFrame()), 0);
        p.flight();
        CloseReason peer = Pipe.find(p.clientEvents, ConnectionEvent.Closing.class).orElseThrow().reason();
        assertThat(peer.kind()).isEqualTo(CloseReason.Kind.PEER);
        assertThat(peer.errorCode()).isEqualTo(TransportError.PROTOCOL_VIOLATION.code());
        assertThat(peer.frameType()).isEqualTo(FrameType.HANDSHAKE_DONE);
    }

    @Test
    void certificateForAnotherNameClosesWithCryptoErrorOfTheTlsAlert() {
        Pipe p = new Pipe();
        // The certificate is for "localhost": the client's TLS check of the server name fails with an alert.
        Connection c = Connection.client(ConnectionConfig.DEFAULTS, Pipe.clientTls(), "wrong.example",
                Pipe.SERVER_ADDRESS, Pipe.seeded(9), p.now);
        java.util.List<ByteBuffer> first = p.drain(c);
        Connection server = p.accept(first.getFirst());
        for (ByteBuffer d : first) {
            server.receive(d, Pipe.CLIENT_ADDRESS, p.now);
        }
        for (int i = 0; i < 10 && c.isOpen(); i++) {
            for (ByteBuffer d : p.drain(c)) {
                server.receive(d, Pipe.CLIENT_ADDRESS, p.now);
            }
            for (ByteBuffer d : p.drain(server)) {
                c.receive(d, Pipe.SERVER_ADDRESS, p.now);
            }
        }
        CloseReason r = c.closeReason().orElseThrow();
        // RFC 9001 §4.8: CRYPTO_ERROR 0x100 + the TLS alert.
        assertThat(r.errorCode()).isBetween(0x101L, 0x1ffL);
        // The server hears it (in a Handshake packet).
        for (ByteBuffer d : p.drain(c)) {
            server.receive(d, Pipe.CLIENT_ADDRESS, p.now);
        }
        assertThat(server.closeReason().orElseThrow().errorCode()).isEqualTo(r.errorCode());
    }

    static {
        // The tag length the forged packets rely on.
        assert AeadSpec.TAG_LENGTH == 16;
    }
}
