package io.quic4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real UDP proxy on the loopback interface that loses, duplicates, reorders and delays datagrams between
 * clients and one server, for tests of a real UDP engine. Clients send to {@link #localAddress()}; for each
 * distinct client address the proxy opens its own upstream socket, so the server sees one address per
 * client, as behind a NAT. At most {@code maxClients} mappings are kept; the least recently used is evicted.
 *
 * <p>Each direction draws its decisions from its own {@link SplittableRandom} derived from the seed: the
 * timing of the network thread is not deterministic, but the decision for the n-th datagram of a direction
 * is (see {@link Impairment} for the order of the steps). One daemon thread named {@value #THREAD_NAME}
 * does all the work; {@link #close()} stops it, closes every socket and waits for it.
 *
 * <pre>{@code
 * try (LossyUdpProxy proxy = LossyUdpProxy.start(server.localAddress(),
 *         Impairment.builder().loss(0.1).build(), seed)) {
 *     client.connect(proxy.localAddress());
 *     ...
 *     ProxyStats stats = proxy.stats();
 * }
 * }</pre>
 */
public final class LossyUdpProxy implements AutoCloseable {
    /** The name of the proxy's thread. */
    public static final String THREAD_NAME = "lossy-udp-proxy";

    /** The default bound on client mappings. */
    public static final int DEFAULT_MAX_CLIENTS = 1024;

    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final int MAX_READS_PER_WAKEUP = 256;

    private final InetSocketAddress server;
    private final InetAddress loopback;
    private final ProtocolFamily family;
    private final int maxClients;
    private final Selector selector;
    private final DatagramChannel front;
    private final InetSocketAddress localAddress;
    private final ProxyLane toServer;
    private final ProxyLane toClient;
    private final Map<InetSocketAddress, Upstream> clients;
    private final AtomicInteger clientCount = new AtomicInteger();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private volatile Throwable failure;
    private Thread thread;

    private record Upstream(InetSocketAddress client, DatagramChannel channel) {
    }

    private LossyUdpProxy(InetSocketAddress server, Impairment impairment, long seed, int maxClients)
            throws IOException {
        this.server = server;
        this.maxClients = maxClients;
        boolean v6 = server.getAddress() instanceof Inet6Address;
        this.family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        this.loopback = InetAddress.ofLiteral(v6 ? "::1" : "127.0.0.1");
        SplittableRandom root = new SplittableRandom(seed);
        this.toServer = new ProxyLane(root.split(), impairment.lossClientToServer(), impairment);
        this.toClient = new ProxyLane(root.split(), impairment.lossServerToClient(), impairment);
        this.clients = new LinkedHashMap<>(16, 0.75f, true);
        this.selector = Selector.open();
        DatagramChannel channel = null;
        try {
            channel = openChannel();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
        this.front = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Starts a proxy with at most {@link #DEFAULT_MAX_CLIENTS} client mappings.
     *
     * @param server where datagrams from clients go; resolved, IPv4 or IPv6
     * @param impairment what to do to the datagrams
     * @param seed the seed of every random decision
     * @return the running proxy, bound to an ephemeral port of 127.0.0.1 (or ::1 for an IPv6 server)
     * @throws UncheckedIOException when a socket cannot be opened
     */
    public static LossyUdpProxy start(InetSocketAddress server, Impairment impairment, long seed) {
        return start(server, impairment, seed, DEFAULT_MAX_CLIENTS);
    }

    /**
     * Starts a proxy.
     *
     * @param server where datagrams from clients go; resolved, IPv4 or IPv6
     * @param impairment what to do to the datagrams
     * @param seed the seed of every random decision
     * @param maxClients the most client mappings kept, {@code >= 1}; the least recently used is evicted
     * @return the running proxy, bound to an ephemeral port of 127.0.0.1 (or ::1 for an IPv6 server)
     * @throws IllegalArgumentException when the server address is unresolved or maxClients is below 1
     * @throws UncheckedIOException when a socket cannot be opened
     */
    public static LossyUdpProxy start(InetSocketAddress server, Impairment impairment, long seed, int maxClients) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(impairment, "impairment");
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("server address must be resolved, got " + server);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1, got " + maxClients);
        }
        LossyUdpProxy proxy;
        try {
            proxy = new LossyUdpProxy(server, impairment, seed, maxClients);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's socket on loopback", e);
        }
        Thread t = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(proxy::run);
        proxy.thread = t;
        t.start();
        return proxy;
    }

    /**
     * Where clients send their datagrams.
     *
     * @return the proxy's loopback address and port
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The server datagrams are forwarded to.
     *
     * @return the server's address
     */
    public InetSocketAddress serverAddress() {
        return server;
    }

    /**
     * A snapshot of the counters, safe from any thread.
     *
     * @return the counters
     */
    public ProxyStats stats() {
        return new ProxyStats(toServer.stats(), toClient.stats(), clientCount.get(), evicted.get());
    }

    /**
     * Whether the proxy thread is still running.
     *
     * @return {@code false} once closed or failed
     */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * What stopped the proxy thread unexpectedly, if anything. Socket errors on single datagrams are not
     * failures: they count as drops.
     *
     * @return the failure, or empty
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops the thread and closes every socket, then waits for the thread to end (at most 10 s); idempotent.
     * Once this returns, the proxy's port is free.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            join();
            return;
        }
        selector.wakeup();
        join();
    }

    private void join() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.isAlive() && deadline - System.nanoTime() > 0) {
            try {
                t.join(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (t.isAlive()) {
                t.interrupt(); // wakes a blocked select if the wakeup was missed
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed.get()) {
                long now = System.nanoTime();
                toServer.onTimer(now);
                toClient.onTimer(now);
                long deadline = Math.min(toServer.nextDeadline(), toClient.nextDeadline());
                if (deadline == Long.MAX_VALUE) {
                    selector.select();
                } else {
                    long waitMillis = Math.max(1, (deadline - now + 999_999) / 1_000_000);
                    selector.select(waitMillis);
                }
                Thread.interrupted(); // an interrupt only means "look at the closed flag"
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        if (key.attachment() instanceof Upstream upstream) {
                            readFromServer(upstream);
                        } else {
                            readFromClients();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            closeAll();
        }
    }

    private void readFromClients() throws IOException {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            buffer.clear();
            SocketAddress from = front.receive(buffer);
            if (from == null) {
                return;
            }
            byte[] data = copy();
            Upstream upstream = upstreamFor((InetSocketAddress) from);
            if (upstream != null) {
                toServer.accept(new ProxyLane.Outgoing(upstream.channel(), server, data), System.nanoTime());
            }
        }
    }

    private void readFromServer(Upstream upstream) {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = upstream.channel().receive(buffer);
            } catch (IOException e) {
                // An ICMP error (server not listening yet) or an evicted mapping: nothing to forward.
                return;
            }
            if (from == null) {
                return;
            }
            toClient.accept(new ProxyLane.Outgoing(front, upstream.client(), copy()), System.nanoTime());
        }
    }

    private byte[] copy() {
        buffer.flip();
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return data;
    }

    private Upstream upstreamFor(InetSocketAddress client) {
        Upstream upstream = clients.get(client);
        if (upstream != null) {
            return upstream;
        }
        DatagramChannel channel = null;
        try {
            channel = openChannel();
            channel.connect(server);
            upstream = new Upstream(client, channel);
            channel.register(selector, SelectionKey.OP_READ, upstream);
        } catch (IOException e) {
            closeQuietly(channel);
            return null; // out of sockets or ports: the datagram is lost
        }
        clients.put(client, upstream);
        if (clients.size() > maxClients) {
            var eldest = clients.entrySet().iterator();
            Upstream old = eldest.next().getValue();
            eldest.remove();
            closeQuietly(old.channel());
            evicted.incrementAndGet();
        }
        clientCount.set(clients.size());
        return upstream;
    }

    private DatagramChannel openChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            channel.bind(new InetSocketAddress(loopback, 0));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void closeAll() {
        List<DatagramChannel> channels = new ArrayList<>();
        channels.add(front);
        for (Upstream u : clients.values()) {
            channels.add(u.channel());
        }
        clients.clear();
        clientCount.set(0);
        for (DatagramChannel c : channels) {
            closeQuietly(c);
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a UDP socket cannot lose data
        }
    }
}
