package io.quic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The lossy UDP proxy over real loopback sockets. No timing is asserted; waits are bounded and generous. */
class LossyUdpProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BURST = 50;

    @Test
    void forwardsEveryDatagramIntactAndInOrderWithoutImpairment() throws IOException {
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), Impairment.none(), 1)) {
            send(client, proxy, 0, 300);
            List<Integer> got = drain(sink, proxy.stats().clientToServer().forwarded());
            assertThat(got).hasSize(300).isSorted().doesNotHaveDuplicates();
            assertThat(proxy.stats().clientToServer()).isEqualTo(new ProxyStats.Direction(300, 300, 0, 0, 0));
        }
    }

    @Test
    void fixedDelayKeepsOrderAndDeliversEverything() throws IOException {
        Impairment delayed = Impairment.builder().delay(Duration.ofMillis(20)).build();
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), delayed, 1)) {
            send(client, proxy, 0, 200);
            await(() -> proxy.stats().clientToServer().inFlight() == 0);
            assertThat(drain(sink, 200)).hasSize(200).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void halfLossDropsAboutHalfAndCountersAddUp() throws IOException {
        Impairment lossy = Impairment.builder().loss(0.5).build();
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), lossy, 42)) {
            send(client, proxy, 0, 400);
            ProxyStats.Direction c2s = proxy.stats().clientToServer();
            assertThat(c2s.received()).isEqualTo(400);
            assertThat(c2s.dropped()).isBetween(120L, 280L);
            assertThat(c2s.forwarded() + c2s.dropped()).isEqualTo(400);
            List<Integer> got = drain(sink, c2s.forwarded());
            assertThat(got).hasSize((int) c2s.forwarded()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void sameSeedDropsTheSameDatagrams() throws IOException {
        Impairment lossy = Impairment.builder().loss(0.3).build();
        Set<Integer> first = deliveredThrough(lossy, 7);
        assertThat(deliveredThrough(lossy, 7)).isEqualTo(first);
        assertThat(deliveredThrough(lossy, 8)).isNotEqualTo(first);
    }

    @Test
    void duplicationDeliversExtraCopies() throws IOException {
        Impairment dup = Impairment.builder().duplicate(0.25).build();
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), dup, 3)) {
            send(client, proxy, 0, 300);
            ProxyStats.Direction c2s = proxy.stats().clientToServer();
            assertThat(c2s.duplicated()).isPositive();
            assertThat(c2s.forwarded()).isEqualTo(300 + c2s.duplicated());
            List<Integer> got = drain(sink, c2s.forwarded());
            assertThat(got).hasSize(300 + (int) c2s.duplicated());
            assertThat(new HashSet<>(got)).hasSize(300);
        }
    }

    @Test
    void reorderingDeliversOutOfOrderButEverything() throws IOException {
        Impairment reorder = Impairment.builder().reorder(0.2, Duration.ofMillis(200), 3).build();
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), reorder, 5)) {
            send(client, proxy, 0, 300);
            await(() -> proxy.stats().clientToServer().inFlight() == 0);
            ProxyStats.Direction c2s = proxy.stats().clientToServer();
            assertThat(c2s.reordered()).isPositive();
            assertThat(c2s.forwarded()).isEqualTo(300);
            List<Integer> got = drain(sink, 300);
            assertThat(got).hasSize(300).doesNotHaveDuplicates().isNotEqualTo(got.stream().sorted().toList());
        }
    }

    @Test
    void heldBackDatagramsAreBounded() throws IOException {
        Impairment reorder = Impairment.builder().reorder(1.0, Duration.ofMinutes(1), 1).maxHeld(10).build();
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), reorder, 5)) {
            sendHeld(client, proxy, 0, 50);
            await(() -> proxy.stats().clientToServer().reordered() + proxy.stats().clientToServer().dropped() == 50);
            ProxyStats.Direction c2s = proxy.stats().clientToServer();
            // Every datagram is picked for reordering and none overtakes: 10 held, the other 40 dropped.
            assertThat(c2s.reordered()).isEqualTo(10);
            assertThat(c2s.dropped()).isEqualTo(40);
            assertThat(c2s.inFlight()).isEqualTo(10);
        }
    }

    @Test
    void bothDirectionsWorkThroughAnEchoServerWithOneUpstreamPerClient() throws Exception {
        Impairment lossy = Impairment.builder().loss(0.2, 0.2).build();
        try (DatagramSocket server = socket();
                DatagramSocket a = socket();
                DatagramSocket b = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(server), lossy, 11)) {
            Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread echo = Thread.ofPlatform().daemon().start(() -> echo(server, seen, running));
            send(a, proxy, 0, 100);
            send(b, proxy, 1000, 100);
            ProxyStats.Direction c2s = proxy.stats().clientToServer();
            await(() -> proxy.stats().serverToClient().received() == c2s.forwarded());
            ProxyStats stats = proxy.stats();
            assertThat(stats.serverToClient().dropped()).isPositive();
            assertThat(stats.clientToServer().dropped()).isPositive();
            // Every echo forwarded is already in a client's socket buffer: drain each until it is empty.
            List<Integer> toA = drain(a, -1);
            List<Integer> toB = drain(b, -1);
            assertThat(toA.size() + toB.size()).isEqualTo(stats.serverToClient().forwarded());
            assertThat(toA).allMatch(seq -> seq < 1000);
            assertThat(toB).allMatch(seq -> seq >= 1000);
            assertThat(seen).hasSize(2).doesNotContain(address(a), address(b), proxy.localAddress());
            assertThat(stats.clients()).isEqualTo(2);
            running.set(false);
            echo.join(WAIT);
        }
    }

    @Test
    void proxiesAnIpv6ServerFromIpv6Loopback() throws IOException {
        DatagramSocket sink;
        try {
            sink = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
        } catch (SocketException e) {
            Assumptions.abort("no IPv6 loopback on this machine: " + e.getMessage());
            return;
        }
        try (sink;
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), Impairment.none(), 1)) {
            assertThat(proxy.localAddress().getAddress()).isEqualTo(InetAddress.ofLiteral("::1"));
            send(client, proxy, 0, 20);
            assertThat(drain(sink, 20)).hasSize(20).isSorted();
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedClientBeyondTheBound() throws IOException {
        try (DatagramSocket sink = socket();
                DatagramSocket a = socket();
                DatagramSocket b = socket();
                DatagramSocket c = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), Impairment.none(), 1, 2)) {
            send(a, proxy, 0, 1);
            send(b, proxy, 1, 1);
            send(c, proxy, 2, 1);
            assertThat(proxy.stats().clients()).isEqualTo(2);
            assertThat(proxy.stats().evictedClients()).isEqualTo(1);
            assertThat(drain(sink, 3)).containsExactly(0, 1, 2);
        }
    }

    @Test
    void closeIsIdempotentStopsTheThreadAndFreesThePort() throws IOException {
        InetSocketAddress bound;
        LossyUdpProxy proxy;
        try (DatagramSocket sink = socket()) {
            proxy = LossyUdpProxy.start(address(sink), Impairment.none(), 1);
            bound = proxy.localAddress();
            assertThat(proxy.isRunning()).isTrue();
            proxy.close();
            proxy.close();
        }
        assertThat(proxy.isRunning()).isFalse();
        assertThat(proxy.failure()).isEmpty();
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertThat(again.getLocalPort()).isEqualTo(bound.getPort());
        }
    }

    @Test
    void rejectsInvalidImpairmentSayingWhatToChange() {
        assertThatThrownBy(() -> Impairment.builder().loss(1.5, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lossClientToServer must be a probability in [0, 1]");
        assertThatThrownBy(() -> Impairment.builder().reorder(0.1, Duration.ofMillis(5), 0).build())
                .hasMessageContaining("reorderAfter must be >= 1");
        assertThatThrownBy(() -> Impairment.builder().delay(Duration.ofMillis(-1)).build())
                .hasMessageContaining("delay must be in [0,");
        assertThatThrownBy(() -> Impairment.builder().maxHeld(0).build()).hasMessageContaining("maxHeld");
    }

    private Set<Integer> deliveredThrough(Impairment impairment, long seed) throws IOException {
        try (DatagramSocket sink = socket();
                DatagramSocket client = socket();
                LossyUdpProxy proxy = LossyUdpProxy.start(address(sink), impairment, seed)) {
            send(client, proxy, 0, 200);
            return new HashSet<>(drain(sink, proxy.stats().clientToServer().forwarded()));
        }
    }

    /** Echoes to whoever sent, recording the addresses seen, until told to stop. */
    private static void echo(DatagramSocket server, Set<InetSocketAddress> seen, AtomicBoolean running) {
        byte[] buf = new byte[2048];
        while (running.get()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                server.receive(p);
                seen.add((InetSocketAddress) p.getSocketAddress());
                server.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            } catch (SocketTimeoutException e) {
                // keep polling the running flag
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Sends datagrams {@code from .. from+count-1} in bursts, waiting for the proxy to take each burst. */
    private static void send(DatagramSocket client, LossyUdpProxy proxy, int from, int count) throws IOException {
        sendHeld(client, proxy, from, count);
        // A datagram is counted as received before the proxy decides its fate: wait for the decisions too.
        await(() -> proxy.stats().clientToServer().inFlight() == 0);
    }

    /** Sends and waits until the proxy has read them all, but not for what it does with them (it may hold some). */
    private static void sendHeld(DatagramSocket client, LossyUdpProxy proxy, int from, int count) throws IOException {
        long before = proxy.stats().clientToServer().received();
        for (int i = 0; i < count; i++) {
            byte[] payload = payload(from + i);
            client.send(new DatagramPacket(payload, payload.length, proxy.localAddress()));
            long sent = before + i + 1;
            if ((i + 1) % BURST == 0 || i + 1 == count) {
                await(() -> proxy.stats().clientToServer().received() >= sent);
            }
        }
    }

    /**
     * Receives {@code expected} datagrams (or, when negative, until none arrives for 200 ms), checking each
     * is intact, and returns their sequence numbers in arrival order.
     */
    private static List<Integer> drain(DatagramSocket socket, long expected) throws IOException {
        List<Integer> seqs = new ArrayList<>();
        byte[] buf = new byte[2048];
        socket.setSoTimeout(expected < 0 ? 200 : (int) WAIT.toMillis());
        while (expected < 0 || seqs.size() < expected) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                if (expected < 0) {
                    break;
                }
                throw new AssertionError("received " + seqs.size() + " of " + expected + " datagrams", e);
            }
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int seq = b.getInt();
            assertThat(p.getLength()).isEqualTo(payload(seq).length);
            assertThat(ByteBuffer.wrap(p.getData(), 0, p.getLength())).isEqualTo(ByteBuffer.wrap(payload(seq)));
            seqs.add(seq);
        }
        return seqs;
    }

    private static byte[] payload(int seq) {
        byte[] b = new byte[4 + seq % 1100];
        ByteBuffer.wrap(b).putInt(seq);
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static DatagramSocket socket() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.setReceiveBufferSize(4 * 1024 * 1024);
        s.setSoTimeout(200);
        return s;
    }

    private static InetSocketAddress address(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }
}
