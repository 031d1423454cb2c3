package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.transport.FuzzSupport;
import io.quic4j.transport.TransportError;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz targets for a connection after its handshake (RFC 9000 §12-§13, §17, §19; RFC 9001 §5): a client and
 * a server {@link Connection} complete a deterministic handshake in memory ({@link Pipe}, seeded randomness and a
 * manual clock, so every run has the same keys and connection IDs), then the fuzzer's input is delivered to one of
 * them (the victim). Without {@code JAZZER_FUZZ} they replay {@code ConnectionFuzzTestInputs/<method>}; {@code
 * build/fuzz.sh connection-datagrams} and {@code connection-frames} fuzz them.
 *
 * <p>Input: byte 0 bit 0 picks the victim (0 the server, 1 the client); then chunks of {@code [op, length (2 bytes),
 * bytes]}. {@link #datagrams}: op 0 delivers the bytes as a raw datagram from the peer's address, op 1 from another
 * address (a migrating or spoofing peer), op 2 fires the victim's next timer. {@link #frames}: op 0 seals the bytes
 * as the payload of a 1-RTT packet with the peer's real keys and next packet number (so frame handling is reached,
 * not just the AEAD check), op 1 fires the victim's next timer. After each chunk the victim's events are taken, its
 * readable streams read, and everything it wants to send is sent (and dropped: the peer only holds the keys).
 *
 * <p>Properties: nothing escapes {@code receive}, {@code send}, {@code onTimeout} or {@code pollEvent}; a victim
 * that closes itself does so with a transport error code from RFC 9000 §20.1 or RFC 9368 (or CRYPTO_ERROR), never
 * INTERNAL_ERROR, which is what the connection reports when an unexpected exception reached its guard; and what
 * the victim allocates while handling the input is bounded by the input's size, so no length, offset or count read
 * from the wire makes it allocate by its value.
 */
class ConnectionFuzzTest {
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("127.0.0.2", 50000);
    /** Streams, flow control and datagrams on, so that their frames are accepted rather than refused at once. */
    static final ConnectionConfig CONFIG = ConnectionConfig.builder()
            .datagrams(DatagramConfig.DISABLED.withMaxFrameSize(65535)).build();
    /**
     * What handling the input may allocate, measured from after the handshake: seeds take 30-60 KB. Generous, so
     * that only allocation by a value read from the wire (an offset, a length, a count) exceeds it: each input byte
     * may cost a few packets' worth of work (a 1-RTT packet sealed, opened, acknowledged, replied to).
     */
    private static final long FIXED_ALLOWANCE = 8L << 20;
    private static final long PER_INPUT_BYTE = 8 * 1024;
    private static final int MAX_SEALED_PAYLOAD = 1400;

    @FuzzTest
    void datagrams(byte[] input) {
        run(input, false);
    }

    @FuzzTest
    void frames(byte[] input) {
        run(input, true);
    }

    /** @return the events the victim reported */
    private static List<ConnectionEvent> run(byte[] input, boolean sealed) {
        List<ConnectionEvent> events = new ArrayList<>();
        if (input.length == 0) {
            return events;
        }
        Pipe p = new Pipe(CONFIG, CONFIG).handshake();
        p.flight();
        boolean serverVictim = (input[0] & 1) == 0;
        Connection victim = serverVictim ? p.server : p.client;
        Connection peer = serverVictim ? p.client : p.server;
        InetSocketAddress peerAddress = serverVictim ? Pipe.CLIENT_ADDRESS : Pipe.SERVER_ADDRESS;
        long before = FuzzSupport.allocatedBytes();
        long classesBefore = FuzzSupport.loadedClasses();
        ByteBuffer script = ByteBuffer.wrap(input, 1, input.length - 1);
        while (script.remaining() >= 3 && !victim.isClosed()) {
            int op = script.get() & 0xff;
            int length = Math.min(script.getShort() & 0xffff, script.remaining());
            ByteBuffer chunk = script.slice(script.position(), length);
            script.position(script.position() + length);
            p.now += Pipe.MS;
            if (sealed) {
                if (op % 2 == 0) {
                    // At most what fits a 1500-byte datagram with a short header and the AEAD tag.
                    ByteBuffer payload = chunk.limit(Math.min(chunk.limit(), MAX_SEALED_PAYLOAD));
                    victim.receive(ForgedPacketTest.forge(peer, payload, 0), peerAddress, p.now);
                } else {
                    fireTimer(p, victim);
                }
            } else {
                switch (op % 3) {
                    case 0 -> victim.receive(copy(chunk), peerAddress, p.now);
                    case 1 -> victim.receive(copy(chunk), ELSEWHERE, p.now);
                    default -> fireTimer(p, victim);
                }
            }
            serve(p, victim, events);
        }
        long allocated = FuzzSupport.allocatedBytes() - before;
        // Only a run that loaded no class measures the connection alone (see FuzzSupport.loadedClasses).
        if (before >= 0 && classesBefore >= 0 && FuzzSupport.loadedClasses() == classesBefore) {
            assertThat(allocated).as("allocated %d bytes for a %d-byte input", allocated, input.length)
                    .isLessThanOrEqualTo(FIXED_ALLOWANCE + PER_INPUT_BYTE * input.length);
        }
        victim.closeReason().ifPresent(ConnectionFuzzTest::checkClose);
        return events;
    }

    /** A datagram of its own: the connection removes protection in place. */
    private static ByteBuffer copy(ByteBuffer chunk) {
        ByteBuffer datagram = ByteBuffer.allocate(chunk.remaining());
        datagram.put(chunk.duplicate()).flip();
        return datagram;
    }

    private static void fireTimer(Pipe p, Connection victim) {
        long t = victim.nextTimeout();
        if (t != Long.MAX_VALUE) {
            p.now = Math.max(p.now, t);
            victim.onTimeout(p.now);
        }
    }

    /** What an application and an endpoint do between datagrams: take events, read streams, send. */
    private static void serve(Pipe p, Connection victim, List<ConnectionEvent> events) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (ConnectionEvent e; (e = victim.pollEvent()) != null;) {
            events.add(e);
            if (e instanceof ConnectionEvent.StreamReadable r && victim.isOpen()) {
                for (int i = 0; i < 64 && victim.read(r.streamId(), sink.clear()) > 0; i++) {
                    // Reading returns flow-control credit, so MAX_STREAM_DATA and MAX_DATA get sent.
                }
            }
        }
        p.drain(victim);
    }

    /** A connection closes itself only for something the peer did wrong, and says what with an RFC code. */
    private static void checkClose(CloseReason reason) {
        if (reason.kind() != CloseReason.Kind.LOCAL) {
            return; // the peer's own CONNECTION_CLOSE, a stateless reset, or a timer: any code the peer chose
        }
        assertThat(reason.application()).as("%s", reason).isFalse();
        assertThat(reason.errorCode()).as("%s", reason).isNotEqualTo(TransportError.INTERNAL_ERROR.code());
        boolean rfcCode = reason.errorCode() <= TransportError.VERSION_NEGOTIATION_ERROR.code()
                || reason.errorCode() >= 0x100 && reason.errorCode() <= 0x1ff;
        assertThat(rfcCode).as("an RFC 9000 §20.1 code: %s", reason).isTrue();
    }

    /**
     * The datagram seeds are only useful if they still authenticate: the handshake must be as deterministic as when
     * they were recorded ({@link ConnectionFuzzSeeds}), or the fuzzer starts from packets that fail the AEAD check.
     */
    @Test
    void recordedDatagramsStillReachTheStream() throws IOException {
        for (String seed : List.of("to-server-stream", "to-client-stream", "to-server-stream-from-new-address")) {
            byte[] input;
            try (InputStream in = getClass().getResourceAsStream("ConnectionFuzzTestInputs/datagrams/" + seed)) {
                input = in.readAllBytes();
            }
            assertThat(run(input, false)).as(seed).anyMatch(ConnectionEvent.StreamReadable.class::isInstance)
                    .anyMatch(ConnectionEvent.DatagramReceived.class::isInstance);
        }
    }
}
