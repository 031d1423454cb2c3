package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** NAT rebinding (RFC 9000 §9.3): the peer sees a new source address, and replies to it still arrive. */
class NatRebindingTest {
    private static final InetSocketAddress CLIENT = Simulator.address("192.168.1.10", 50000);
    private static final InetSocketAddress SERVER = Simulator.address("10.0.0.2", 4433);
    private static final InetAddress NAT_IP = InetAddress.ofLiteral("203.0.113.1");
    private static final long MS = 1_000_000L;

    /** Pings the server every 10 ms and counts the echoes. */
    private static final class Pinger extends Sink {
        private long nextPing;
        private int seq;

        @Override
        public Datagram poll(long now) {
            if (now < nextPing || seq >= 100) {
                return null;
            }
            nextPing = now + 10 * MS;
            return Datagram.of(CLIENT, SERVER, ByteBuffer.allocate(4).putInt(seq++).array());
        }

        @Override
        public long nextTimeout() {
            return seq >= 100 ? NO_TIMEOUT : nextPing;
        }
    }

    /** Echoes each datagram to the address it came from, remembering the addresses seen. */
    private static final class Echo extends Sink {
        final Set<InetSocketAddress> seen = new LinkedHashSet<>();
        private final List<Datagram> out = new ArrayList<>();

        @Override
        public void receive(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress to, long now) {
            seen.add(from);
            byte[] b = new byte[datagram.remaining()];
            datagram.get(b);
            out.add(Datagram.of(to, from, b));
        }

        @Override
        public Datagram poll(long now) {
            return out.isEmpty() ? null : out.removeFirst();
        }
    }

    @Test
    void rebindingChangesTheSourceSeenByThePeerAndRepliesFollowTheNewMapping() {
        Simulator sim = new Simulator(1);
        Pinger client = new Pinger();
        Echo server = new Echo();
        Node c = sim.addEndpoint("client", client, CLIENT);
        Node s = sim.addEndpoint("server", server, SERVER);
        LinkConfig up = LinkConfig.builder().delay(Duration.ofMillis(2))
                .nat(NatConfig.rebindingAt(NAT_IP, Duration.ofMillis(305))).build();
        sim.connect(c, s, up, LinkConfig.builder().delay(Duration.ofMillis(2)).build());
        List<TraceEvent> rebinds = new ArrayList<>();
        sim.addTraceListener(e -> {
            if (e.kind() == TraceEvent.Kind.REBOUND) {
                rebinds.add(e);
            }
        });

        sim.runUntil(() -> false, Duration.ofSeconds(2));

        assertThat(server.seen).hasSize(2);
        List<InetSocketAddress> seen = List.copyOf(server.seen);
        assertThat(seen).allMatch(a -> a.getAddress().equals(NAT_IP)).doesNotContain(CLIENT);
        assertThat(seen.get(0).getPort()).isNotEqualTo(seen.get(1).getPort());
        assertThat(rebinds).singleElement().satisfies(e -> {
            assertThat(e.destination()).isEqualTo(seen.get(0));
            assertThat(e.seenSource()).isEqualTo(seen.get(1));
            assertThat(e.source()).isEqualTo(CLIENT);
        });
        // Every ping got its echo, before and after the rebinding, addressed to the client's own address.
        assertThat(client.received).hasSize(100).allMatch(r -> r.to().equals(CLIENT) && r.from().equals(SERVER));
        assertThat(sim.seenAddress(c, CLIENT, s)).isEqualTo(seen.get(1));
        assertThat(sim.stats(s, c).dropped(DropReason.NO_ROUTE)).isZero();
    }

    @Test
    void repliesToTheOldMappingAreDroppedAfterRebinding() {
        Simulator sim = new Simulator(1);
        Pinger client = new Pinger();
        Echo server = new Echo();
        Node c = sim.addEndpoint("client", client, CLIENT);
        Node s = sim.addEndpoint("server", server, SERVER);
        // The rebinding happens while an echo is in flight towards the old mapping (ping at 300 ms, 2 ms
        // each way: the echo leaves the server at 302 ms and would reach the NAT at 304 ms).
        LinkConfig up = LinkConfig.builder().delay(Duration.ofMillis(2))
                .nat(NatConfig.rebindingAt(NAT_IP, Duration.ofMillis(303))).build();
        sim.connect(c, s, up, LinkConfig.builder().delay(Duration.ofMillis(2)).build());
        sim.runUntil(() -> false, Duration.ofSeconds(2));
        assertThat(sim.stats(s, c).dropped(DropReason.NO_ROUTE)).isEqualTo(1);
        assertThat(client.received).hasSize(99);
    }

    @Test
    void randomRebindingWithAddressChangeIsSeededAndRepliesStillArrive() {
        List<Set<InetSocketAddress>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Simulator sim = new Simulator(42);
            Pinger client = new Pinger();
            Echo server = new Echo();
            Node c = sim.addEndpoint("client", client, CLIENT);
            Node s = sim.addEndpoint("server", server, SERVER);
            NatConfig nat = new NatConfig(NAT_IP, List.of(), Duration.ofMillis(150), true);
            sim.connect(c, s, LinkConfig.builder().delay(Duration.ofMillis(1)).nat(nat).build(),
                    LinkConfig.builder().delay(Duration.ofMillis(1)).build());
            sim.runUntil(() -> false, Duration.ofSeconds(2));
            assertThat(server.seen.size()).isGreaterThan(2);
            assertThat(server.seen.stream().map(InetSocketAddress::getAddress).distinct().count())
                    .isEqualTo(server.seen.size());
            // Only echoes in flight across a rebinding may be lost.
            assertThat(client.received.size()).isGreaterThanOrEqualTo(100 - server.seen.size());
            runs.add(server.seen);
        }
        assertThat(runs.get(0)).containsExactlyElementsOf(runs.get(1));
    }

    @Test
    void reliableTransferCompletesAcrossRebindings() {
        Simulator sim = new Simulator(5);
        byte[] data = new byte[200_000];
        new SplittableRandom(5).nextBytes(data);
        ReliableTransfer.Sender sender = new ReliableTransfer.Sender(CLIENT, SERVER, data, 1000, 16, 50 * MS);
        ReliableTransfer.Receiver receiver = new ReliableTransfer.Receiver(SERVER, 200);
        Node c = sim.addEndpoint("client", sender, CLIENT);
        Node s = sim.addEndpoint("server", receiver, SERVER);
        LinkConfig link = LinkConfig.builder().delay(Duration.ofMillis(10)).bandwidth(10_000_000).build();
        sim.connect(c, s, link.toBuilder().nat(NatConfig.rebindingAt(NAT_IP, Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(150))).build(), link);
        RunResult r = sim.runUntil(sender::done, Duration.ofSeconds(30));
        assertThat(r.conditionMet()).isTrue();
        assertThat(receiver.data()).isEqualTo(data);
        assertThat(receiver.peersSeen).hasSize(4);
    }
}
