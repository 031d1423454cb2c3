package io.quic4j.transport.engine;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicConnectionStats;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.Connection;
import io.quic4j.transport.connection.ConnectionEvent;
import io.quic4j.transport.connection.ConnectionStats;
import io.quic4j.transport.stream.StreamId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The event loop's side of one connection (DESIGN.md §2): it owns the sans-I/O {@link Connection}, its
 * timer entry and its streams' {@link StreamDriver}s, turns the connection's events into completed futures,
 * and runs the commands the application's {@link ConnectionHandle} posts. Every method runs on the loop
 * thread; nothing here is shared.
 */
final class ConnectionDriver implements EventLoop.Flushable, EventLoop.Timed {
    /** Datagrams sent per flush turn at most, so that one busy connection cannot starve the others. */
    private static final int SEND_BURST = 32;

    /** How the driver reaches its connection through the endpoint that owns it. */
    interface Io {
        /** Writes the connection's next datagram (through its endpoint) into {@code out}. */
        InetSocketAddress send(Connection c, ByteBuffer out, long now);

        /** Runs the connection's due timers (through its endpoint). */
        void onTimeout(Connection c, long now);

        /** Lets the endpoint see the effect of an application command. */
        void afterCommand(Connection c, long now);

        /** @return the socket the connection sends on */
        UdpSocket socket();
    }

    final EventLoop loop;
    final Connection conn;
    final EngineSettings settings;
    private final Io io;
    private final TimerHeap.Entry<EventLoop.Timed> timer;
    private final HashMap<Long, StreamDriver> streams = new HashMap<>();
    private final ArrayDeque<PendingOpen> pendingOpens = new ArrayDeque<>();
    private final ArrayDeque<StreamDriver> incoming = new ArrayDeque<>();
    private final ArrayDeque<AcceptWaiter> acceptWaiters = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> datagrams = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<ByteBuffer>> datagramWaiters = new ArrayDeque<>();
    final CompletableFuture<ConnectionHandle> established = new CompletableFuture<>();
    final ConnectionHandle handle;
    private QuicCloseReason closing;
    private boolean removed;
    private boolean flushQueued;
    private boolean flushing;
    private boolean awaitingSocket;
    private boolean activityWhileFlushing;
    private long streamsRejected;
    private Runnable onRemoved = () -> {
    };

    private record PendingOpen(boolean bidirectional, CompletableFuture<QuicStream> future, String site) {
    }

    private record AcceptWaiter(CompletableFuture<QuicStream> future, String site) {
    }

    ConnectionDriver(EventLoop loop, Connection conn, Io io, EngineSettings settings) {
        this.loop = loop;
        this.conn = conn;
        this.io = io;
        this.settings = settings;
        this.timer = loop.timers().entry(this);
        this.handle = new ConnectionHandle(this);
    }

    /** @param action runs once, when the endpoint has forgotten the connection */
    void onRemoved(Runnable action) {
        this.onRemoved = action;
    }

    // ---- driven by the loop and the endpoint ----

    /**
     * The connection was just processed: hand its events to the application, re-arm its timer and give it
     * a turn at sending.
     */
    void afterActivity() {
        if (flushing) {
            // Each datagram of a burst reports activity; the events and the timer are settled once, after it.
            activityWhileFlushing = true;
            return;
        }
        settle();
        if (!removed && !flushQueued) {
            flushQueued = true;
            loop.wantsFlush(this);
        }
    }

    private void settle() {
        processEvents();
        if (removed) {
            return;
        }
        loop.timers().schedule(timer, conn.nextTimeout());
        handle.addresses(io.socket().localAddress(), conn.peerAddress());
    }

    @Override
    public void onTimer(long now) {
        if (!removed) {
            io.onTimeout(conn, now);
        }
    }

    @Override
    public boolean flush(long now) {
        flushQueued = false;
        awaitingSocket = false;
        if (removed) {
            return false;
        }
        UdpSocket socket = io.socket();
        ByteBuffer out = loop.sendBuffer();
        flushing = true;
        try {
            for (int i = 0; i < SEND_BURST; i++) {
                if (socket.isBlocked()) {
                    awaitingSocket = true;
                    socket.awaitWritable(this);
                    return false;
                }
                InetSocketAddress to = io.send(conn, out.clear(), now);
                if (to == null) {
                    return false;
                }
                socket.send(out.flip(), to);
            }
            flushQueued = true;
            return true;
        } finally {
            flushing = false;
            if (activityWhileFlushing) {
                activityWhileFlushing = false;
                settle();
            }
        }
    }

    /** Sends what the connection has now, at once (an immediate close must get its CONNECTION_CLOSE out). */
    void flushNow() {
        if (!awaitingSocket) {
            flush(System.nanoTime());
        }
    }

    private void processEvents() {
        for (ConnectionEvent e; (e = conn.pollEvent()) != null;) {
            switch (e) {
                case ConnectionEvent.HandshakeCompleted h -> handle.onHandshake(h.applicationProtocol(),
                        h.tls().peerCertificates());
                case ConnectionEvent.HandshakeConfirmed x -> {
                }
                case ConnectionEvent.StreamOpened o -> onPeerStream(o.streamId());
                case ConnectionEvent.StreamReadable r -> {
                    StreamDriver sd = streams.get(r.streamId());
                    if (sd != null) {
                        sd.onReadable();
                    }
                }
                case ConnectionEvent.StreamWritable w -> {
                    StreamDriver sd = streams.get(w.streamId());
                    if (sd != null) {
                        sd.onWritable();
                    }
                }
                case ConnectionEvent.StreamReset r -> {
                    StreamDriver sd = streams.get(r.streamId());
                    if (sd != null) {
                        sd.onReset(r.errorCode());
                    }
                }
                case ConnectionEvent.StreamStopped s -> {
                    StreamDriver sd = streams.get(s.streamId());
                    if (sd != null) {
                        sd.onStopped(s.errorCode());
                    }
                }
                case ConnectionEvent.DatagramReceived d -> onDatagram(d.data());
                case ConnectionEvent.NewTokenReceived t -> {
                }
                case ConnectionEvent.Closing c -> onClosing(reason(c.reason()));
                case ConnectionEvent.Closed c -> onClosed(reason(c.reason()));
            }
        }
        if (!pendingOpens.isEmpty() && closing == null) {
            retryOpens();
        }
    }

    static QuicCloseReason reason(CloseReason r) {
        QuicCloseReason.Initiator initiator = switch (r.kind()) {
            case LOCAL -> QuicCloseReason.Initiator.LOCAL;
            case PEER -> QuicCloseReason.Initiator.PEER;
            case IDLE_TIMEOUT -> QuicCloseReason.Initiator.IDLE_TIMEOUT;
            case HANDSHAKE_TIMEOUT -> QuicCloseReason.Initiator.HANDSHAKE_TIMEOUT;
            case STATELESS_RESET -> QuicCloseReason.Initiator.STATELESS_RESET;
            case VERSION_NEGOTIATION -> QuicCloseReason.Initiator.VERSION_NEGOTIATION;
        };
        return new QuicCloseReason(initiator, r.application(), r.errorCode(), r.reason());
    }

    private void onClosing(QuicCloseReason reason) {
        if (closing != null) {
            return;
        }
        closing = reason;
        handle.onClosing();
        QuicConnectionClosedException e = closedException();
        for (PendingOpen p; (p = pendingOpens.poll()) != null;) {
            p.future().completeExceptionally(e);
        }
        for (AcceptWaiter w; (w = acceptWaiters.poll()) != null;) {
            w.future().completeExceptionally(e);
        }
        for (CompletableFuture<ByteBuffer> f; (f = datagramWaiters.poll()) != null;) {
            f.completeExceptionally(e);
        }
        for (StreamDriver sd : new ArrayList<>(streams.values())) {
            sd.onConnectionClosing(e);
        }
        streams.clear();
        incoming.clear();
        datagrams.clear();
        established.completeExceptionally(e);
    }

    private void onClosed(QuicCloseReason reason) {
        onClosing(reason);
        handle.closeFuture().complete(closing);
    }

    /** The endpoint forgot the connection: nothing more happens on it. */
    void onEndpointRemoved() {
        if (removed) {
            return;
        }
        processEvents();
        if (closing == null || !handle.closeFuture().isDone()) {
            onClosed(closing != null
                    ? closing
                    : new QuicCloseReason(QuicCloseReason.Initiator.LOCAL, false, 0, "endpoint closed"));
        }
        removed = true;
        loop.timers().cancel(timer);
        onRemoved.run();
    }

    /** Ends the connection without a goodbye, when its socket is going away (the endpoint is shutting down). */
    void abandon(String why) {
        onClosed(new QuicCloseReason(QuicCloseReason.Initiator.LOCAL, false, 0, why));
        onEndpointRemoved();
    }

    boolean isRemoved() {
        return removed;
    }

    QuicConnectionClosedException closedException() {
        return new QuicConnectionClosedException(closing);
    }

    boolean isClosing() {
        return closing != null;
    }

    /** @return whether the connection told the peer it is closing, or the peer told us (see {@code Connection}) */
    boolean isGoodbyeSaid() {
        return conn.isGoodbyeSaid();
    }

    /** @return whether the application holds no stream and the connection has none live (all retired) */
    boolean isQuiet() {
        if (!streams.isEmpty() || !incoming.isEmpty() || !pendingOpens.isEmpty()) {
            return false;
        }
        ConnectionStats s = conn.stats();
        return s.openStreams() == 0 && s.halfClosedStreams() == 0;
    }

    // ---- streams ----

    private void onPeerStream(long id) {
        StreamDriver sd = new StreamDriver(this, id, false, StreamId.isBidirectional(id));
        streams.put(id, sd);
        long limit = settings.maxIncomingBidi() + settings.maxIncomingUni();
        if (incoming.size() >= limit) {
            // The peer finishes streams faster than the application accepts them; the connection's credit no
            // longer bounds this queue once such streams retire, so it is bounded here.
            streamsRejected++;
            sd.reject(settings.leakedStreamErrorCode());
            return;
        }
        incoming.add(sd);
        deliverIncoming();
    }

    /** A peer stream the application never took was reset: forget it (its credit returns, DESIGN.md §3). */
    void dropUnaccepted(StreamDriver sd) {
        if (incoming.remove(sd)) {
            sd.reject(0);
        }
    }

    void retire(StreamDriver sd) {
        streams.remove(sd.id, sd);
    }

    private void deliverIncoming() {
        while (!incoming.isEmpty() && !acceptWaiters.isEmpty()) {
            AcceptWaiter w = acceptWaiters.poll();
            StreamDriver sd = incoming.peek();
            StreamHandle h = new StreamHandle(sd, handle, w.site());
            if (w.future().complete(h)) {
                incoming.poll();
                sd.handedOut = true;
            } else {
                h.disarm();
            }
        }
    }

    void acceptStream(CompletableFuture<QuicStream> f, String site) {
        if (closing != null) {
            f.completeExceptionally(closedException());
            return;
        }
        acceptWaiters.add(new AcceptWaiter(f, site));
        deliverIncoming();
    }

    void openStream(boolean bidirectional, boolean wait, CompletableFuture<QuicStream> f, String site) {
        if (closing != null) {
            f.completeExceptionally(closedException());
            return;
        }
        boolean queued = pendingOpens.stream().anyMatch(p -> p.bidirectional() == bidirectional);
        if (!queued && tryOpen(bidirectional, f, site)) {
            afterCommand();
            return;
        }
        if (!wait) {
            f.completeExceptionally(new QuicStreamException(QuicStreamException.Kind.LIMIT, -1, 0,
                    "the peer's limit on " + (bidirectional ? "bidirectional" : "unidirectional")
                            + " streams leaves no room now"));
        } else {
            pendingOpens.add(new PendingOpen(bidirectional, f, site));
        }
        afterCommand();
    }

    private boolean tryOpen(boolean bidirectional, CompletableFuture<QuicStream> f, String site) {
        if (f.isDone()) {
            return true; // the caller gave up (a timeout, a cancel): nothing to open
        }
        long id = bidirectional ? conn.openBidirectionalStream() : conn.openUnidirectionalStream();
        if (id < 0) {
            return false;
        }
        StreamDriver sd = new StreamDriver(this, id, true, bidirectional);
        streams.put(id, sd);
        sd.handedOut = true;
        StreamHandle h = new StreamHandle(sd, handle, site);
        if (!f.complete(h)) {
            h.disarm();
            sd.close();
        }
        return true;
    }

    private void retryOpens() {
        int n = pendingOpens.size();
        boolean bidiBlocked = false;
        boolean uniBlocked = false;
        for (int i = 0; i < n; i++) {
            PendingOpen p = pendingOpens.poll();
            boolean blocked = p.bidirectional() ? bidiBlocked : uniBlocked;
            if (blocked || !tryOpen(p.bidirectional(), p.future(), p.site())) {
                pendingOpens.add(p);
                if (p.bidirectional()) {
                    bidiBlocked = true;
                } else {
                    uniBlocked = true;
                }
            }
        }
    }

    // ---- datagrams ----

    private void onDatagram(ByteBuffer data) {
        while (!datagramWaiters.isEmpty()) {
            if (datagramWaiters.poll().complete(data)) {
                return;
            }
        }
        if (datagrams.size() >= settings.datagramQueueLimit()) {
            datagrams.poll();
        }
        datagrams.add(data);
    }

    void receiveDatagram(CompletableFuture<ByteBuffer> f) {
        ByteBuffer d = datagrams.poll();
        if (d != null) {
            f.complete(d);
        } else if (closing != null) {
            f.completeExceptionally(closedException());
        } else {
            datagramWaiters.add(f);
        }
    }

    void sendDatagram(ByteBuffer copy, CompletableFuture<Void> f) {
        if (closing != null) {
            f.completeExceptionally(closedException());
            return;
        }
        try {
            conn.sendDatagram(copy);
            f.complete(null);
        } catch (IllegalStateException | IllegalArgumentException e) {
            f.completeExceptionally(e);
        }
        afterCommand();
    }

    int maxDatagramPayload() {
        if (closing != null) {
            return 0;
        }
        try {
            return Math.max(0, conn.maxDatagramLength());
        } catch (IllegalStateException e) {
            return 0; // the peer does not accept datagrams
        }
    }

    // ---- connection commands ----

    void close(long errorCode, String reason) {
        conn.close(errorCode, reason, System.nanoTime());
        afterCommand();
    }

    void limitIncomingBidirectionalStreams(long live) {
        if (closing == null) {
            conn.limitIncomingBidirectionalStreams(live);
            afterCommand();
        }
    }

    QuicConnectionStats stats() {
        ConnectionStats s = conn.stats();
        return new QuicConnectionStats(Duration.ofNanos(s.smoothedRttNanos()), Duration.ofNanos(s.minRttNanos()),
                s.congestionWindow(), s.bytesInFlight(), s.bytesSent(), s.bytesReceived(), s.packetsSent(),
                s.packetsReceived(), s.packetsLost(), s.openStreams(), s.halfClosedStreams(), s.retiredStreams());
    }

    /** @return peer streams refused because the application did not accept them fast enough */
    long streamsRejected() {
        return streamsRejected;
    }

    List<X509Certificate> peerCertificates() {
        return handle.peerCertificates();
    }

    /** Lets the endpoint and the loop see the effect of a command. */
    void afterCommand() {
        if (!removed) {
            io.afterCommand(conn, System.nanoTime());
        }
    }
}
