package io.quic4j.transport.engine;

import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.endpoint.ServerEndpoint;
import io.quic4j.transport.endpoint.ServerEndpointConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.IdentityHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * One loop's share of a server (DESIGN.md §2): its SO_REUSEPORT socket, its sans-I/O
 * {@link ServerEndpoint}, and a {@link ConnectionDriver} per connection. Datagrams whose Destination
 * Connection ID names another loop (the kernel hashed a migrated client to the wrong socket) are copied to
 * that loop; replies leave from whichever loop owns the connection, on the same address and port. Loop
 * thread only, apart from {@link #forward}, which other loops call through {@link EventLoop#execute}.
 */
final class ServerLoop implements ServerEndpoint.Observer, UdpSocket.Receiver, EventLoop.Flushable {
    private final ServerEngine engine;
    private final EventLoop loop;
    private final ServerEndpoint endpoint;
    private final UdpSocket socket;
    private final LoopConnectionIds ids;
    private final IdentityHashMap<Connection, ConnectionDriver> drivers = new IdentityHashMap<>();
    private final ConnectionDriver.Io io;
    private boolean statelessQueued;
    private long forwarded;
    /** The figures last read on the loop thread, for a server whose loop has stopped. */
    private volatile QuicServerStats lastStats;

    ServerLoop(ServerEngine engine, EventLoop loop, ServerEndpointConfig config, InetSocketAddress bind,
            boolean reusePort, int socketBufferSize, LoopConnectionIds ids) throws IOException {
        this.engine = engine;
        this.loop = loop;
        this.ids = ids;
        this.endpoint = new ServerEndpoint(config, new SecureRandom(), this);
        this.socket = UdpSocket.open(loop, bind, reusePort, socketBufferSize, this);
        this.io = new ConnectionDriver.Io() {
            @Override
            public InetSocketAddress send(Connection c, ByteBuffer out, long now) {
                return endpoint.send(c, out, now);
            }

            @Override
            public void onTimeout(Connection c, long now) {
                endpoint.onTimeout(c, now);
                pollAccepted();
            }

            @Override
            public void afterCommand(Connection c, long now) {
                endpoint.afterCommand(c, now);
            }

            @Override
            public UdpSocket socket() {
                return socket;
            }
        };
    }

    InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    // ---- datagrams in ----

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress from, long now) {
        ServerLoop[] loops = engine.loops();
        if (loops.length > 1) {
            int owner = ids.loopOf(datagram);
            ServerLoop target = owner >= 0 && owner != loop.index() ? loops[owner] : null;
            if (target != null) { // null while the server is still starting its loops
                ByteBuffer copy = ByteBuffer.allocate(datagram.remaining()).put(datagram).flip();
                forwarded++;
                try {
                    target.loop.execute(() -> target.forward(copy, from));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // That loop has shut down: the datagram is lost, as it would be on the network.
                }
                return;
            }
        }
        receive(datagram, from, now);
    }

    /** A datagram another loop read for one of our connections. */
    void forward(ByteBuffer datagram, InetSocketAddress from) {
        if (socket.isOpen()) {
            receive(datagram, from, System.nanoTime());
        }
    }

    private void receive(ByteBuffer datagram, InetSocketAddress from, long now) {
        endpoint.receive(datagram, from, now);
        pollAccepted();
        if (!statelessQueued) {
            statelessQueued = true;
            loop.wantsFlush(this);
        }
    }

    private void pollAccepted() {
        for (Connection c; (c = endpoint.pollAccepted()) != null;) {
            ConnectionDriver d = drivers.get(c);
            if (d == null) {
                continue;
            }
            if (!engine.offerAccepted(d.handle)) {
                // RFC 9000 §20.1: CONNECTION_REFUSED, "the server refused to accept a new connection".
                c.closeTransport(TransportError.CONNECTION_REFUSED, "accept backlog is full or the server is closing",
                        System.nanoTime());
                d.afterCommand();
            }
        }
    }

    // ---- the endpoint's observer ----

    @Override
    public void activity(Connection c) {
        ConnectionDriver d = drivers.get(c);
        if (d == null) {
            d = new ConnectionDriver(loop, c, io, engine.settings());
            drivers.put(c, d);
            ConnectionDriver created = d;
            d.onRemoved(() -> drivers.remove(c, created));
        }
        d.afterActivity();
    }

    @Override
    public void removed(Connection c) {
        ConnectionDriver d = drivers.get(c);
        if (d != null) {
            d.onEndpointRemoved();
        }
    }

    // ---- stateless answers out ----

    @Override
    public boolean flush(long now) {
        statelessQueued = false;
        ByteBuffer out = loop.sendBuffer();
        while (!socket.isBlocked()) {
            InetSocketAddress to = endpoint.sendStateless(out.clear());
            if (to == null) {
                return false;
            }
            socket.send(out.flip(), to);
        }
        statelessQueued = true;
        socket.awaitWritable(this);
        return false;
    }

    // ---- shutdown ----

    /**
     * Starts the graceful close of this loop's connections (DESIGN.md §4).
     *
     * @param closeAt when connections still busy are closed anyway
     * @param deadline when the socket closes whatever is left
     * @param goodbye the code and reason connections are closed with
     * @param done completed when the socket is closed
     */
    void shutdown(long closeAt, long deadline, Drain.Goodbye goodbye, CompletableFuture<Void> done) {
        endpoint.stopAccepting();
        new Drain(loop, drivers::values, closeAt, deadline, goodbye, false, () -> {
            socket.close();
            done.complete(null);
        }).start();
    }

    /** @return this loop's endpoint figures; loop thread only */
    QuicServerStats stats() {
        QuicServerStats s = endpoint.stats();
        lastStats = s;
        return s;
    }

    /** @return the figures last read by {@link #stats()} (any thread), or {@code null} if never read */
    QuicServerStats lastStats() {
        return lastStats;
    }

    /** @return datagrams handed to another loop */
    long forwarded() {
        return forwarded;
    }

    /** @return the number of live connections on this loop */
    int connectionCount() {
        return drivers.size();
    }
}
