package io.quic4j.transport.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameCodec;
import io.quic4j.transport.wire.frame.FrameRules;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.packet.LongHeaderPacket;
import io.quic4j.transport.wire.packet.Packet;
import io.quic4j.transport.wire.packet.PacketNumber;
import io.quic4j.transport.wire.packet.PacketParser;
import io.quic4j.transport.wire.packet.UnmaskedHeader;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 9001 / RFC 9369 Appendix A.2 client Initial read the way a server's receive path will read
 * it: header parse (stage 1), header and packet protection removed, header checks (stage 2), frames
 * decoded and checked against the packet type, and the client's transport parameters taken out of the
 * ClientHello in the CRYPTO frame.
 */
class WireStackTest {

    static List<RfcVectors.Version> versions() {
        return List.of(RfcVectors.V1, RfcVectors.V2);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void serverReadsTheRfcClientInitialEndToEnd(RfcVectors.Version v) throws PacketDecryptionException {
        ByteBuffer datagram = ByteBuffer.wrap(RfcVectors.hex(v.clientInitialProtected()));
        assertThat(datagram.remaining()).isEqualTo(1200);

        Packet parsed = PacketParser.parse(datagram, 0, 0);
        assertThat(parsed).isInstanceOf(LongHeaderPacket.class);
        LongHeaderPacket packet = (LongHeaderPacket) parsed;
        assertThat(packet.type()).isEqualTo(PacketType.INITIAL);
        assertThat(packet.version()).isEqualTo(v.version());
        assertThat(packet.destination()).isEqualTo(RfcVectors.DCID);
        assertThat(packet.end()).isEqualTo(1200);

        PacketOpener opener = new PacketOpener(InitialKeys.derive(packet.version(), packet.destination()).client());
        long pn = opener.unprotect(datagram, packet.start(), packet.pnOffset(), packet.end(),
                (truncated, length) -> PacketNumber.decode(PacketNumber.NONE, truncated, length));
        assertThat(pn).isEqualTo(2);

        UnmaskedHeader header = packet.unmask(datagram.get(packet.start()) & 0xff, datagram);
        header.requireReservedBitsZero();
        assertThat(header.packetNumber(PacketNumber.NONE)).isEqualTo(2);

        ByteBuffer payload = datagram.slice(header.payloadOffset(),
                packet.end() - AeadSpec.TAG_LENGTH - header.payloadOffset());
        List<Frame> frames = new ArrayList<>();
        while (payload.hasRemaining()) {
            Frame frame = FrameCodec.decode(payload);
            FrameRules.checkAllowed(frame.type(), PacketType.INITIAL);
            frames.add(frame);
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isEqualTo(new PaddingFrame(917));
        CryptoFrame crypto = (CryptoFrame) frames.get(0);
        assertThat(crypto.offset()).isZero();

        TransportParameters params = TransportParameters.decode(quicTransportParameters(crypto.data()), Role.CLIENT);
        assertThat(params.initialSourceConnectionId()).contains(ConnectionId.ofHex("8394c8f03e515708"));
        assertThat(params.maxIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(params.initialMaxData()).isEqualTo((1L << 62) - 1);
        assertThat(params.initialMaxStreamDataBidiLocal()).isEqualTo(0xffff);
        assertThat(params.initialMaxStreamDataBidiRemote()).isEqualTo(0xffff);
        assertThat(params.initialMaxStreamDataUni()).isEqualTo(0xffff);
        assertThat(params.initialMaxStreamsBidi()).isEqualTo(16);
        assertThat(params.initialMaxStreamsUni()).isEqualTo(16);
    }

    /**
     * Walks a ClientHello (RFC 8446 §4.1.2) to the quic_transport_parameters extension (RFC 9001 §8.2,
     * type 0x39). Test-only: the TLS module owns real ClientHello parsing.
     */
    static ByteBuffer quicTransportParameters(ByteBuffer hello) {
        assertThat(hello.get()).isEqualTo((byte) 1); // msg_type client_hello
        int length = (hello.get() & 0xff) << 16 | (hello.getShort() & 0xffff);
        assertThat(hello.remaining()).isEqualTo(length);
        hello.position(hello.position() + 2 + 32); // legacy_version, random
        hello.position(hello.position() + 1 + (hello.get(hello.position()) & 0xff)); // session id
        hello.position(hello.position() + 2 + (hello.getShort(hello.position()) & 0xffff)); // cipher suites
        hello.position(hello.position() + 1 + (hello.get(hello.position()) & 0xff)); // compression
        int end = hello.position() + 2 + (hello.getShort() & 0xffff);
        while (hello.position() < end) {
            int type = hello.getShort() & 0xffff;
            int extLength = hello.getShort() & 0xffff;
            if (type == 0x39) {
                return hello.slice(hello.position(), extLength);
            }
            hello.position(hello.position() + extLength);
        }
        throw new AssertionError("no quic_transport_parameters extension in the ClientHello");
    }
}
