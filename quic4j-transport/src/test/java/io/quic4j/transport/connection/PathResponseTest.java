package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.PacketType;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameRules;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PathChallengeFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §8.2.2: "A PATH_RESPONSE frame MUST be sent on the network path where the PATH_CHALLENGE frame was
 * received." A client probing a new address without moving to it (§9.1) gets its answer at that address, in
 * a datagram expanded to 1200 bytes as far as that unvalidated address's anti-amplification limit allows
 * (§8.2.2, §8, §9.3), and the server's current path stays where it was.
 */
class PathResponseTest {
    static final InetSocketAddress PROBED = new InetSocketAddress("127.0.0.1", 40002);

    /** Records the frames of every packet sent, or every packet received. */
    static final class Frames implements ConnectionTracer {
        final List<List<Frame>> packets = new ArrayList<>();
        private final boolean sending;

        Frames(boolean sending) {
            this.sending = sending;
        }

        @Override
        public void packetSent(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
            if (sending) {
                packets.add(List.copyOf(frames));
            }
        }

        @Override
        public void packetReceived(PacketType type, long packetNumber, int length, List<Frame> frames, long now) {
            if (!sending) {
                packets.add(List.copyOf(frames));
            }
        }

        void clear() {
            packets.clear();
        }
    }

    private final Frames serverSent = new Frames(true);
    private final Frames clientReceived = new Frames(false);

    /**
     * A confirmed connection with nothing left to send, traced. The server's datagrams are not delivered to
     * the client from here on (unless a test does), so the client owes no ACK and its PATH_CHALLENGEs go in
     * probing packets (RFC 9000 §9.1: PATH_CHALLENGE and PADDING only).
     */
    private Pipe pipe() {
        Pipe p = new Pipe(ConnectionConfig.builder().tracers((role, odcid, now) -> clientReceived).build(),
                ConnectionConfig.builder().tracers((role, odcid, now) -> serverSent).build()).handshake();
        p.flight();
        // A first PATH_CHALLENGE on the current path takes the client's pending ACK along.
        p.client.state().control.queue(new PathChallengeFrame(1));
        p.deliver(p.drain(p.client), p.server);
        p.drain(p.server);
        serverSent.clear();
        clientReceived.clear();
        return p;
    }

    /** The client's next datagram: one probing packet with a PATH_CHALLENGE carrying {@code data}. */
    private static ByteBuffer probe(Pipe p, long data) {
        p.client.state().control.queue(new PathChallengeFrame(data));
        List<ByteBuffer> d = p.drain(p.client);
        assertThat(d).hasSize(1);
        return d.getFirst();
    }

    private static boolean probingOnly(List<Frame> frames) {
        return frames.stream().allMatch(f -> FrameRules.isProbing(f.type()));
    }

    private List<PathResponseFrame> responsesSent() {
        List<PathResponseFrame> out = new ArrayList<>();
        for (List<Frame> packet : serverSent.packets) {
            for (Frame f : packet) {
                if (f instanceof PathResponseFrame r) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Test
    void pathResponseToAProbeFromANewAddressGoesToThatAddressExpandedTo1200Bytes() {
        Pipe p = pipe();
        ByteBuffer probe = probe(p, 7);
        assertThat(probe.remaining()).isGreaterThanOrEqualTo(1200);
        p.server.receive(probe, PROBED, p.now);
        assertThat(p.server.state().path.migrations()).as("a probing packet does not move the path (§9.3)").isZero();

        ByteBuffer out = ByteBuffer.allocate(1500);
        InetSocketAddress to = p.server.send(out, p.now);
        // RFC 9000 §8.2.2: on the path the challenge came from, not the current one.
        assertThat(to).isEqualTo(PROBED);
        assertThat(out.position()).as("§8.2.2: expanded, 3 x 1200 allows it").isGreaterThanOrEqualTo(1200);
        assertThat(serverSent.packets).hasSize(1);
        assertThat(serverSent.packets.getFirst()).allMatch(f -> f instanceof PathResponseFrame
                || f instanceof PaddingFrame).contains(new PathResponseFrame(7));
        // The current path is unchanged: everything else still goes to the client's address.
        assertThat(p.server.state().peerAddress).isEqualTo(Pipe.CLIENT_ADDRESS);
        for (InetSocketAddress next; (next = p.server.send(out.clear(), p.now)) != null;) {
            assertThat(next).isEqualTo(Pipe.CLIENT_ADDRESS);
        }
        assertThat(responsesSent()).as("one answer per challenge (§8.2.2)").containsExactly(new PathResponseFrame(7));
    }

    /** A second probe's answer, as bytes, for the client to read. */
    private ByteBuffer serverSentDatagram(Pipe p, long data) {
        p.server.receive(probe(p, data), PROBED, p.now);
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(PROBED);
        return out.flip();
    }

    @Test
    void clientReadsThePathResponseSentToItsProbingAddress() {
        Pipe p = pipe();
        ByteBuffer answer = serverSentDatagram(p, 9);
        p.client.receive(answer, Pipe.SERVER_ADDRESS, p.now);
        // A packet of PATH_RESPONSE and PADDING only, readable with the connection's keys.
        assertThat(clientReceived.packets).anySatisfy(frames -> {
            assertThat(frames).contains(new PathResponseFrame(9));
            assertThat(probingOnly(frames)).isTrue();
        });
    }

    @Test
    void pathResponseToAnUnexpandedProbeStaysWithinThreeTimesWhatCameFromThatAddress() {
        Pipe p = pipe();
        // RFC 9000 §8.2.2: "an endpoint MUST NOT expand the datagram containing the PATH_RESPONSE if the
        // resulting data exceeds the anti-amplification limit"; 100 bytes from there allow 300 back.
        p.server.state().pathResponses.onChallenge(PROBED, 5, 100);
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(PROBED);
        assertThat(out.position()).isEqualTo(300);
        assertThat(responsesSent()).containsExactly(new PathResponseFrame(5));
        // The limit is spent: a second challenge from there waits for more bytes from that address.
        p.server.state().pathResponses.onChallenge(PROBED, 6, 100);
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            assertThat(to).isNotEqualTo(PROBED);
        }
        assertThat(p.server.state().pathResponses.pending()).isOne();
        p.server.receive(probe(p, 10), PROBED, p.now);
        assertThat(p.server.send(out.clear(), p.now)).isEqualTo(PROBED);
        assertThat(responsesSent()).containsExactly(new PathResponseFrame(5), new PathResponseFrame(6),
                new PathResponseFrame(10));
    }

    @Test
    void pathResponseToAChallengeOnTheCurrentPathGoesToTheCurrentPath() {
        Pipe p = pipe();
        ByteBuffer challenge = probe(p, 11);
        p.server.receive(challenge, Pipe.CLIENT_ADDRESS, p.now);
        assertThat(p.server.state().pathResponses.pending()).isZero();
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(Pipe.CLIENT_ADDRESS);
        // RFC 9000 §8.2.2: expanded to 1200 bytes; the current path is validated.
        assertThat(out.position()).isGreaterThanOrEqualTo(1200);
        assertThat(responsesSent()).containsExactly(new PathResponseFrame(11));
    }

    @Test
    void answersOwedToAnAddressTheClientThenMovesToGoOnTheNewPathWithinItsLimit() {
        Pipe p = pipe();
        ByteBuffer first = probe(p, 12);
        int received = first.remaining();
        p.server.receive(first, PROBED, p.now);
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(PROBED);
        int sent = out.position();
        // A second probe, unanswered yet, then a small non-probing packet: the server follows the client.
        ByteBuffer second = probe(p, 13);
        received += second.remaining();
        p.server.receive(second, PROBED, p.now);
        long id = p.client.openBidirectionalStream();
        p.client.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        for (ByteBuffer d : p.drain(p.client)) {
            received += d.remaining();
            p.server.receive(d, PROBED, p.now);
        }
        assertThat(p.server.state().peerAddress).isEqualTo(PROBED);
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            assertThat(to).isEqualTo(PROBED);
            sent += out.position();
        }
        // RFC 9000 §9.3: what went to that address before the move counts against its limit too.
        assertThat(sent).isLessThanOrEqualTo(3 * received);
        assertThat(responsesSent()).containsExactly(new PathResponseFrame(12), new PathResponseFrame(13));
    }

    @Test
    void aFloodOfChallengesFromManyAddressesKeepsOnlyTheLatestFew() {
        Pipe p = pipe();
        // Eight probes fit the client's initial congestion window (no ACK reaches it here).
        int addresses = 2 * PathResponses.MAX_ADDRESSES;
        for (int i = 0; i < addresses; i++) {
            p.server.receive(probe(p, 100 + i), new InetSocketAddress("127.0.0.1", 50_000 + i), p.now);
        }
        // DESIGN.md §5: a bound on what a peer can make us store.
        PathResponses owed = p.server.state().pathResponses;
        assertThat(owed.addresses()).isEqualTo(PathResponses.MAX_ADDRESSES);
        assertThat(owed.pending()).isEqualTo(PathResponses.MAX_ADDRESSES);
        assertThat(p.server.state().path.migrations()).isZero();
        List<InetSocketAddress> elsewhere = new ArrayList<>();
        ByteBuffer out = ByteBuffer.allocate(1500);
        for (InetSocketAddress to; (to = p.server.send(out.clear(), p.now)) != null;) {
            if (!to.equals(Pipe.CLIENT_ADDRESS)) {
                elsewhere.add(to);
            }
        }
        List<InetSocketAddress> latest = new ArrayList<>();
        for (int i = addresses - PathResponses.MAX_ADDRESSES; i < addresses; i++) {
            latest.add(new InetSocketAddress("127.0.0.1", 50_000 + i));
        }
        assertThat(elsewhere).containsExactlyElementsOf(latest);
        assertThat(owed.pending()).isZero();
    }

    @Test
    void aFloodOfChallengesFromOneAddressKeepsOnlyTheLatestFew() {
        Pipe p = pipe();
        // Forty challenges in one probing packet.
        for (int i = 0; i < 39; i++) {
            p.client.state().control.queue(new PathChallengeFrame(200 + i));
        }
        p.server.receive(probe(p, 239), PROBED, p.now);
        assertThat(p.server.state().pathResponses.pending()).isEqualTo(PathResponses.MAX_PER_ADDRESS);
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(p.server.send(out, p.now)).isEqualTo(PROBED);
        assertThat(responsesSent()).containsExactly(new PathResponseFrame(236), new PathResponseFrame(237),
                new PathResponseFrame(238), new PathResponseFrame(239));
    }
}
