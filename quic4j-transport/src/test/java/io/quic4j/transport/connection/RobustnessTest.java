package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a peer (or the network) sends never throws out of the connection (RFC 9001 §5.5, RFC 9000 §12.2). */
class RobustnessTest {

    @Test
    void corruptedPacketIsDroppedNotFatal() {
        Pipe p = new Pipe().handshake();
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}), true);
        List<ByteBuffer> d = p.drain(p.client);
        ByteBuffer bad = Pipe.copy(d).getFirst();
        int i = bad.limit() - 5;
        bad.put(i, (byte) (bad.get(i) ^ 0x40));
        long droppedBefore = p.server.stats().packetsDropped();
        p.server.receive(bad, Pipe.CLIENT_ADDRESS, p.now);
        assertThat(p.server.stats().packetsDropped()).isEqualTo(droppedBefore + 1);
        assertThat(p.server.isOpen()).isTrue();
        // The intact copy still gets through.
        p.deliver(d, p.server);
        ByteBuffer dst = ByteBuffer.allocate(10);
        assertThat(p.server.read(id, dst)).isEqualTo(3);
    }

    @Test
    void serverDiscardsAnInitialInADatagramShorterThan1200Bytes() {
        Pipe p = new Pipe();
        List<ByteBuffer> first = p.drain(p.client);
        Connection server = p.accept(first.getFirst());
        // A valid, authenticated-looking Initial with a PING, not padded: a 60-byte datagram.
        ConnectionState c = p.client.state();
        PacketSpace initial = c.space(io.quic4j.transport.recovery.PacketNumberSpace.INITIAL);
        long pn = initial.takePacketNumber();
        ByteBuffer out = ByteBuffer.allocate(200);
        int pnOffset = io.quic4j.transport.wire.packet.LongHeaderPacket.write(out,
                io.quic4j.transport.wire.PacketType.INITIAL, c.version, c.peerCid, c.localCid,
                io.quic4j.transport.wire.packet.LongHeaderPacket.NO_TOKEN, pn, 4);
        out.put(new byte[]{1, 0, 0, 0});
        // Length is covered by the AEAD: fill it before protecting.
        io.quic4j.transport.wire.packet.LongHeaderPacket.fillLength(out, pnOffset, out.position() + 16);
        int end = initial.sealer().protect(out, 0, pnOffset, 4, pn, out.position());
        byte[] packet = new byte[end];
        out.get(0, packet);
        server.receive(ByteBuffer.wrap(packet.clone()), Pipe.CLIENT_ADDRESS, p.now);
        assertThat(server.stats().packetsDropped()).isEqualTo(1);
        assertThat(server.stats().packetsReceived()).isZero();
        // The very same packet in a datagram of 1200 bytes (followed by zeros) is processed.
        ByteBuffer padded = ByteBuffer.allocate(1200).put(packet).position(0);
        server.receive(padded, Pipe.CLIENT_ADDRESS, p.now);
        assertThat(server.stats().packetsReceived()).isEqualTo(1);
    }

    @Test
    void datagramsAreReadFromPositionToLimitOfALargerBuffer() {
        Pipe p = new Pipe();
        List<ByteBuffer> first = p.drain(p.client);
        Connection server = p.accept(first.getFirst());
        for (ByteBuffer d : first) {
            ByteBuffer big = ByteBuffer.allocate(d.remaining() + 300);
            big.position(100).put(d.duplicate()).flip().position(100);
            big.limit(100 + d.remaining());
            server.receive(big, Pipe.CLIENT_ADDRESS, p.now);
        }
        assertThat(server.stats().packetsDropped()).isZero();
        assertThat(server.stats().packetsReceived()).isEqualTo(first.size());
    }

    @Test
    void randomDatagramsNeitherThrowNorCloseAnEstablishedConnection() {
        Pipe p = new Pipe().handshake();
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + r.nextInt(1400)];
            r.nextBytes(junk);
            if (i % 2 == 0) {
                junk[0] = (byte) (0x40 | junk[0] & 0x3f); // looks like a short header
            }
            p.server.receive(ByteBuffer.wrap(junk), Pipe.CLIENT_ADDRESS, p.now);
            p.client.receive(ByteBuffer.wrap(junk), Pipe.SERVER_ADDRESS, p.now);
        }
        assertThat(p.server.isOpen()).isTrue();
        assertThat(p.client.isOpen()).isTrue();
    }

    @Test
    void bitFlipsAnywhereInTheHandshakeNeverThrow() {
        Random r = new Random(11);
        for (int run = 0; run < 30; run++) {
            Pipe p = new Pipe(ConnectionConfig.DEFAULTS, ConnectionConfig.DEFAULTS, run);
            for (int step = 0; step < 20; step++) {
                for (Connection from : new Connection[]{p.client, p.server}) {
                    if (from == null) {
                        continue;
                    }
                    List<ByteBuffer> out = p.drain(from);
                    for (ByteBuffer d : out) {
                        if (r.nextInt(3) == 0) {
                            int at = d.position() + r.nextInt(d.remaining());
                            d.put(at, (byte) (d.get(at) ^ (1 << r.nextInt(8))));
                        }
                    }
                    p.deliver(out, from == p.client ? p.server : p.client);
                }
                p.advanceToNextTimer();
            }
            // Corruption may fail the handshake, but only ever as a protocol close, never as our own bug.
            for (Connection c : new Connection[]{p.client, p.server}) {
                if (c != null && c.closeReason().isPresent()) {
                    assertThat(c.closeReason().get().errorCode()).as("run %d: %s", run, c.closeReason())
                            .isNotEqualTo(io.quic4j.transport.TransportError.INTERNAL_ERROR.code());
                }
            }
        }
    }
}
