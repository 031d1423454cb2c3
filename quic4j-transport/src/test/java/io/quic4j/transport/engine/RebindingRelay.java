package io.quic4j.transport.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay between one client and a server that switches to a new upstream socket (a new local port)
 * after every {@code rebindEvery} datagrams from the client, as a NAT rebinding would (RFC 9000 §9.3). Old
 * upstream sockets stay open, so late replies to them still reach the client. One platform thread per
 * socket; {@link #close()} closes the sockets and waits for the threads.
 */
final class RebindingRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final InetSocketAddress server;
    private final int rebindEvery;
    private final List<DatagramChannel> upstreams = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger rebinds = new AtomicInteger();
    private volatile DatagramChannel upstream;
    private volatile SocketAddress client;
    private volatile boolean closed;

    RebindingRelay(InetSocketAddress server, int rebindEvery) throws IOException {
        this.server = server;
        this.rebindEvery = rebindEvery;
        this.front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.upstream = newUpstream();
        start("rebinding-relay-front", this::clientToServer);
    }

    /** @return where the client sends */
    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    /** @return how many times the upstream socket was replaced */
    int rebinds() {
        return rebinds.get();
    }

    private DatagramChannel newUpstream() throws IOException {
        DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        upstreams.add(ch);
        start("rebinding-relay-up", () -> serverToClient(ch));
        return ch;
    }

    private void clientToServer() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        long count = 0;
        try {
            while (!closed) {
                client = front.receive(buf.clear());
                if (++count % rebindEvery == 0) {
                    upstream = newUpstream();
                    rebinds.incrementAndGet();
                }
                upstream.send(buf.flip(), server);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serverToClient(DatagramChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (!closed) {
                ch.receive(buf.clear());
                SocketAddress to = client;
                if (to != null) {
                    front.send(buf.flip(), to);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void start(String name, Runnable r) {
        Thread t = Thread.ofPlatform().daemon().name(name).start(r);
        threads.add(t);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        front.close();
        for (DatagramChannel ch : upstreams) {
            ch.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
