package io.quic4j.transport.crypto;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.QuicVersion;
import io.quic4j.transport.wire.Role;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.AckRanges;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.EcnCounts;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameCodec;
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
import io.quic4j.transport.wire.packet.ShortHeaderPacket;
import io.quic4j.transport.wire.packet.VersionNegotiationPacket;
import io.quic4j.transport.wire.params.GreaseParameter;
import io.quic4j.transport.wire.params.PreferredAddress;
import io.quic4j.transport.wire.params.TransportParameters;
import io.quic4j.transport.wire.params.VersionInformation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Writes the seed corpora of the Jazzer fuzz targets from real encodings: RFC 9001 / RFC 9369 Appendix A
 * packets, one encoded frame of each type, and encoded transport parameters. The seeds are committed under
 * {@code src/test/resources}; rerun this when a codec's wire form changes, from the repository root, with JDK 25's {@code java}:
 *
 * <pre>{@code
 * mvn -q test-compile dependency:build-classpath -pl quic4j-transport -Dmdep.outputFile=target/cp.txt
 * cd quic4j-transport && java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.quic4j.transport.crypto.FuzzSeeds src/test/resources
 * }</pre>
 *
 * It lives in the crypto test package because the RFC vectors do.
 */
public final class FuzzSeeds {
    private static final ConnectionId DCID = ConnectionId.ofHex("0102030405060708");
    private static final ConnectionId SCID = ConnectionId.ofHex("a1a2a3a4");
    private static final StatelessResetToken TOKEN = StatelessResetToken.ofHex("00112233445566778899aabbccddeeff");

    private FuzzSeeds() {
    }

    /**
     * @param args the resources root, e.g. {@code src/test/resources}
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0], "io", "quic4j", "transport");
        frames(root.resolve("wire/frame/FrameFuzzTestInputs/decodePayload"));
        packets(root.resolve("wire/packet/PacketFuzzTestInputs/parseDatagram"));
        parameters(root.resolve("wire/params/TransportParametersFuzzTestInputs/decode"));
        protectedPackets(root.resolve("crypto/PacketOpenerFuzzTestInputs/unprotect"));
    }

    private static void frames(Path dir) throws IOException {
        ByteBuffer data = ByteBuffer.wrap("hello, quic".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        write(dir, "padding", new PaddingFrame(5));
        write(dir, "ping", PingFrame.INSTANCE);
        write(dir, "ack", AckFrame.of(25, 8, 10, 3, 5));
        write(dir, "ack-ecn", new AckFrame(1000, AckRanges.of(1_000_000, 1_000_100, 900, 999_000, 0, 10),
                new EcnCounts(5, 6, 7)));
        write(dir, "reset-stream", new ResetStreamFrame(4, 0x101, 123_456));
        write(dir, "stop-sending", new StopSendingFrame(8, 0x102));
        write(dir, "crypto", new CryptoFrame(70_000, data));
        write(dir, "new-token", new NewTokenFrame(data));
        for (int flags = 0; flags < 8; flags++) {
            // OFF, LEN and FIN in every combination: types 0x08-0x0f.
            long offset = (flags & 4) != 0 ? 1L << 40 : 0;
            write(dir, "stream-0x0" + Integer.toHexString(8 + flags), new StreamFrame(1, offset, data,
                    (flags & 1) != 0, (flags & 2) != 0));
        }
        write(dir, "max-data", new MaxDataFrame(1L << 30));
        write(dir, "max-stream-data", new MaxStreamDataFrame(2, 65_536));
        write(dir, "max-streams-bidi", new MaxStreamsFrame(true, 100));
        write(dir, "max-streams-uni", new MaxStreamsFrame(false, 1L << 60));
        write(dir, "data-blocked", new DataBlockedFrame(1L << 20));
        write(dir, "stream-data-blocked", new StreamDataBlockedFrame(3, 999));
        write(dir, "streams-blocked-bidi", new StreamsBlockedFrame(true, 7));
        write(dir, "streams-blocked-uni", new StreamsBlockedFrame(false, 8));
        write(dir, "new-connection-id", new NewConnectionIdFrame(5, 2, DCID, TOKEN));
        write(dir, "retire-connection-id", new RetireConnectionIdFrame(3));
        write(dir, "path-challenge", new PathChallengeFrame(0x0102030405060708L));
        write(dir, "path-response", new PathResponseFrame(0x0807060504030201L));
        write(dir, "connection-close-transport", ConnectionCloseFrame.transport(TransportError.FLOW_CONTROL_ERROR,
                0x08, "stream 1 over its limit"));
        write(dir, "connection-close-application", ConnectionCloseFrame.application(0x10c, "bye"));
        write(dir, "handshake-done", HandshakeDoneFrame.INSTANCE);
        write(dir, "datagram", new DatagramFrame(data, false));
        write(dir, "datagram-len", new DatagramFrame(data, true));
        write(dir, "one-rtt-mix", new AckFrame(3, AckRanges.of(0, 40), null), new MaxDataFrame(100_000),
                new StreamFrame(0, 10, data, false, true), PingFrame.INSTANCE, new PaddingFrame(3),
                new StreamFrame(4, 0, data, true, false));
        Files.write(dir.resolve("rfc9001-client-initial-payload"), RfcVectors.clientInitialPayload());
        Files.write(dir.resolve("rfc9001-server-initial-payload"), RfcVectors.SERVER_INITIAL_PAYLOAD);
    }

    private static void write(Path dir, String name, Frame... frames) throws IOException {
        int length = 0;
        for (Frame f : frames) {
            length += f.encodedLength();
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (Frame f : frames) {
            f.encode(out);
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), out.array());
    }

    /** Packet seeds: {@code [short-header DCID length, revealed first-byte bits]} then the datagram. */
    private static void packets(Path dir) throws IOException {
        for (RfcVectors.Version v : List.of(RfcVectors.V1, RfcVectors.V2)) {
            String name = v.version() == QuicVersion.V1 ? "rfc9001" : "rfc9369";
            writePrefixed(dir, name + "-client-initial", 8, 0, RfcVectors.hex(v.clientInitialProtected()));
            writePrefixed(dir, name + "-server-initial", 8, 1, RfcVectors.hex(v.serverInitialProtected()));
            writePrefixed(dir, name + "-retry", 8, 0, RfcVectors.hex(v.retry()));
            writePrefixed(dir, name + "-chacha20-short-header", 0, 0x1b, RfcVectors.hex(v.chachaPacket()));
            writePrefixed(dir, name + "-coalesced-initial-handshake-1rtt", 8, 0x13, coalesced(v.version()));
            writePrefixed(dir, name + "-0rtt", 8, 0x0c, longHeader(v.version(), PacketType.ZERO_RTT));
        }
        ByteBuffer vn = ByteBuffer.allocate(64);
        VersionNegotiationPacket.write(vn, 0x40, ByteBuffer.wrap(SCID.toBytes()), ByteBuffer.wrap(DCID.toBytes()),
                QuicVersion.V2.wire(), QuicVersion.V1.wire(), 0x1a2a3a4a);
        writePrefixed(dir, "version-negotiation", 8, 0, vn.flip());
        ByteBuffer unknown = ByteBuffer.wrap(longHeader(QuicVersion.V1, PacketType.INITIAL));
        unknown.putInt(1, 0xff00001d); // a draft version: opaque past the connection IDs (RFC 8999 §5.1)
        writePrefixed(dir, "unsupported-version", 8, 0, unknown);
    }

    private static byte[] coalesced(QuicVersion version) {
        ByteBuffer out = ByteBuffer.allocate(1200);
        int pn = LongHeaderPacket.write(out, PacketType.INITIAL, version, DCID, SCID,
                ByteBuffer.wrap(new byte[]{9, 9, 9}), 0, 1);
        out.put(new byte[60]);
        LongHeaderPacket.fillLength(out, pn, out.position());
        pn = LongHeaderPacket.write(out, PacketType.HANDSHAKE, version, DCID, SCID, LongHeaderPacket.NO_TOKEN, 4, 513,
                2);
        out.put(new byte[40]);
        LongHeaderPacket.fillLength(out, pn, 4, out.position());
        ShortHeaderPacket.write(out, DCID, true, true, 70_000, 3);
        out.put(new byte[30]);
        return toArray(out.flip());
    }

    private static byte[] longHeader(QuicVersion version, PacketType type) {
        ByteBuffer out = ByteBuffer.allocate(100);
        int pn = LongHeaderPacket.write(out, type, version, DCID, SCID, LongHeaderPacket.NO_TOKEN, 1, 7, 1);
        out.put(new byte[30]);
        LongHeaderPacket.fillLength(out, pn, 1, out.position());
        return toArray(out.flip());
    }

    private static void parameters(Path dir) throws IOException {
        TransportParameters client = TransportParameters.builder().maxIdleTimeout(Duration.ofSeconds(30))
                .maxUdpPayloadSize(1452).initialMaxData(1 << 20).initialMaxStreamDataBidiLocal(1 << 18)
                .initialMaxStreamDataBidiRemote(1 << 18).initialMaxStreamDataUni(1 << 18).initialMaxStreamsBidi(100)
                .initialMaxStreamsUni(3).ackDelayExponent(8).maxAckDelay(Duration.ofMillis(40))
                .disableActiveMigration(true).activeConnectionIdLimit(8).initialSourceConnectionId(SCID)
                .versionInformation(VersionInformation.of(QuicVersion.V1.wire(), QuicVersion.V1.wire(),
                        QuicVersion.V2.wire()))
                .maxDatagramFrameSize(1200).build();
        TransportParameters server = client.toBuilder().originalDestinationConnectionId(DCID)
                .statelessResetToken(TOKEN).retrySourceConnectionId(ConnectionId.ofHex("b1b2"))
                .preferredAddress(PreferredAddress.of(new InetSocketAddress("192.0.2.1", 443),
                        new InetSocketAddress("2001:db8::1", 443), ConnectionId.ofHex("c1c2c3c4"), TOKEN))
                .build();
        writeParameters(dir, "client", client, Role.CLIENT, null);
        writeParameters(dir, "client-grease", client, Role.CLIENT, GreaseParameter.of(31 * 5 + 27, (byte) 1, (byte) 2));
        writeParameters(dir, "server", server, Role.SERVER, null);
        writeParameters(dir, "defaults", TransportParameters.DEFAULTS, Role.CLIENT, null);
        // The RFC 9001 Appendix A.2 ClientHello's quic_transport_parameters extension.
        ByteBuffer hello = ((CryptoFrame) FrameCodec.decode(ByteBuffer.wrap(RfcVectors.clientInitialPayload())))
                .data();
        Files.write(dir.resolve("rfc9001-client-hello"), toArray(WireStackTest.quicTransportParameters(hello)));
    }

    private static void writeParameters(Path dir, String name, TransportParameters params, Role sender,
            GreaseParameter grease) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(params.encodedLength() + 64);
        if (grease == null) {
            params.encode(out, sender);
        } else {
            params.encode(out, sender, grease);
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), toArray(out.flip()));
    }

    /**
     * Opener seeds: {@code [version bit | server-keys bit << 1, Packet Number offset]} then the RFC datagram
     * that those Initial keys open.
     */
    private static void protectedPackets(Path dir) throws IOException {
        for (RfcVectors.Version v : List.of(RfcVectors.V1, RfcVectors.V2)) {
            int version = v.version() == QuicVersion.V1 ? 0 : 1;
            String name = version == 0 ? "rfc9001" : "rfc9369";
            writePrefixed(dir, name + "-client-initial", version, 17, RfcVectors.hex(v.clientInitialProtected()));
            writePrefixed(dir, name + "-server-initial", version | 2, 17,
                    RfcVectors.hex(v.serverInitialProtected()));
        }
    }

    private static void writePrefixed(Path dir, String name, int b0, int b1, ByteBuffer body) throws IOException {
        writePrefixed(dir, name, b0, b1, toArray(body));
    }

    private static void writePrefixed(Path dir, String name, int b0, int b1, byte[] body) throws IOException {
        byte[] seed = new byte[body.length + 2];
        seed[0] = (byte) b0;
        seed[1] = (byte) b1;
        System.arraycopy(body, 0, seed, 2, body.length);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), seed);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
