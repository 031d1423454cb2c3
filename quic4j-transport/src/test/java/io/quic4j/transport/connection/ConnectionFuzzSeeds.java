package io.quic4j.transport.connection;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.frame.AckFrame;
import io.quic4j.transport.wire.frame.ConnectionCloseFrame;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.DatagramFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.NewConnectionIdFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.RetireConnectionIdFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of {@link ConnectionFuzzTest}: datagrams the peer really sends after the deterministic
 * handshake (so they authenticate), and frame payloads, every frame type alone (the frame decoder's seeds) and short
 * stories (a stream opened, written and finished; connection IDs issued and retired; a path challenged). The seeds
 * are committed under {@code src/test/resources}; rerun this when the handshake or a wire form changes, from the
 * repository root:
 *
 * <pre>{@code
 * mvn -B -q -o test -pl quic4j-transport -am -Dtest=ConnectionFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dquic4j.fuzzSeeds=$PWD/quic4j-transport/src/test/resources
 * }</pre>
 */
class ConnectionFuzzSeeds {
    private static final ByteBuffer HELLO = ByteBuffer.wrap("hello, quic".getBytes(StandardCharsets.US_ASCII));

    @Test
    @EnabledIfSystemProperty(named = "quic4j.fuzzSeeds", matches = ".+")
    void write() throws IOException {
        Path root = Path.of(System.getProperty("quic4j.fuzzSeeds"), "io", "quic4j", "transport");
        Path datagrams = root.resolve("connection/ConnectionFuzzTestInputs/datagrams");
        Path frames = root.resolve("connection/ConnectionFuzzTestInputs/frames");
        Files.createDirectories(datagrams);
        Files.createDirectories(frames);

        for (int victim = 0; victim < 2; victim++) {
            String side = victim == 0 ? "to-server" : "to-client";
            List<ByteBuffer> sent = peerStreamFlight(victim == 0);
            Files.write(datagrams.resolve(side + "-stream"), script(victim, 0, sent));
            Files.write(datagrams.resolve(side + "-stream-from-new-address"), script(victim, 1, sent));
            Files.write(datagrams.resolve(side + "-stream-twice-then-timer"),
                    concat(script(victim, 0, sent), chunks(0, sent), chunks(2, List.of(ByteBuffer.allocate(0)))));
        }

        // Every frame type alone, to each side.
        try (Stream<Path> decoderSeeds = Files.list(root.resolve("wire/frame/FrameFuzzTestInputs/decodePayload"))) {
            for (Path seed : decoderSeeds.sorted().toList()) {
                ByteBuffer payload = ByteBuffer.wrap(Files.readAllBytes(seed));
                if (payload.remaining() > 1400) {
                    continue;
                }
                Files.write(frames.resolve("to-server-" + seed.getFileName()), script(0, 0, List.of(payload)));
                Files.write(frames.resolve("to-client-" + seed.getFileName()), script(1, 0, List.of(payload)));
            }
        }
        // Stories over several packets, with a timer in between.
        ConnectionId cid = ConnectionId.ofHex("0a0b0c0d0e0f1011");
        StatelessResetToken token = StatelessResetToken.ofHex("00112233445566778899aabbccddeeff");
        for (int victim = 0; victim < 2; victim++) {
            String side = victim == 0 ? "to-server" : "to-client";
            long bidi = victim == 0 ? 0 : 1; // a stream the peer opens
            long uni = victim == 0 ? 2 : 3;
            Files.write(frames.resolve(side + "-stream-story"), concat(
                    script(victim, 0, List.of(payload(new StreamFrame(bidi, 0, HELLO, false, true)))),
                    chunks(0, List.of(payload(new StreamFrame(bidi, 11, HELLO, true, true),
                            new StreamFrame(uni, 0, HELLO, false, true)))),
                    chunks(1, List.of(ByteBuffer.allocate(0))),
                    chunks(0, List.of(payload(new ResetStreamFrame(uni, 7, 11), new StopSendingFrame(bidi, 8),
                            new MaxStreamDataFrame(bidi, 1 << 20), new MaxDataFrame(1 << 22),
                            new MaxStreamsFrame(true, 200)))),
                    chunks(0, List.of(payload(new StreamFrame(bidi + 4, 1L << 20, HELLO, true, true),
                            new DatagramFrame(HELLO, true), PingFrame.INSTANCE)))));
            Files.write(frames.resolve(side + "-connection-ids"), concat(
                    script(victim, 0, List.of(payload(new NewConnectionIdFrame(8, 0, cid, token)))),
                    chunks(0, List.of(payload(new RetireConnectionIdFrame(1), new RetireConnectionIdFrame(0)))),
                    chunks(0, List.of(payload(new NewConnectionIdFrame(9, 9, ConnectionId.ofHex("a0a1a2a3a4a5a6a7"),
                            token))))));
            Files.write(frames.resolve(side + "-path-and-acks"), concat(
                    script(victim, 0, List.of(payload(new PathChallengeFrame(0x1122334455667788L),
                            AckFrame.of(0, 0, 0)))),
                    chunks(1, List.of(ByteBuffer.allocate(0))),
                    chunks(0, List.of(payload(AckFrame.of(3, 0, 3), new CryptoFrame(0, HELLO)))),
                    chunks(0, List.of(payload(ConnectionCloseFrame.transport(TransportError.PROTOCOL_VIOLATION, 0,
                            "fuzz"))))));
        }
        Files.write(frames.resolve("to-client-server-only-frames"), script(1, 0, List.of(payload(
                HandshakeDoneFrame.INSTANCE, new NewTokenFrame(HELLO)))));
    }

    /**
     * What the peer sends on a stream it opens right after the handshake, exactly as {@link ConnectionFuzzTest}'s
     * victim will find the connection: valid, new packets.
     */
    private static List<ByteBuffer> peerStreamFlight(boolean serverVictim) {
        Pipe p = new Pipe(ConnectionFuzzTest.CONFIG, ConnectionFuzzTest.CONFIG).handshake();
        p.flight();
        Connection peer = serverVictim ? p.client : p.server;
        long stream = peer.openBidirectionalStream();
        peer.write(stream, HELLO.duplicate(), true);
        peer.sendDatagram(HELLO.duplicate());
        return Pipe.copy(p.drain(peer));
    }

    private static ByteBuffer payload(Frame... frames) {
        return ForgedPacketTest.frames(frames);
    }

    private static byte[] script(int victim, int op, List<ByteBuffer> chunks) {
        return concat(new byte[]{(byte) victim}, chunks(op, chunks));
    }

    private static byte[] chunks(int op, List<ByteBuffer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer c : chunks) {
            out.write(op);
            out.write(c.remaining() >> 8);
            out.write(c.remaining());
            byte[] bytes = new byte[c.remaining()];
            c.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
