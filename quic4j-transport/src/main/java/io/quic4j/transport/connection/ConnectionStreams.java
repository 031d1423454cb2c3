package io.quic4j.transport.connection;

import io.quic4j.transport.stream.PeerLimits;
import io.quic4j.transport.stream.ReceiveStream;
import io.quic4j.transport.stream.Stream;
import io.quic4j.transport.stream.StreamConfig;
import io.quic4j.transport.stream.StreamCounts;
import io.quic4j.transport.stream.StreamId;
import io.quic4j.transport.stream.StreamMap;
import io.quic4j.transport.stream.StreamPriority;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The connection's side of its {@link StreamMap} (RFC 9000 §2-§4): the application's commands by stream
 * ID, the peer's transport parameters as {@link PeerLimits}, and the events the application needs
 * (stream opened, readable, writable, reset, stopped).
 *
 * <p>Peer streams are accepted as soon as the map creates them, and the {@link ConnectionEvent.StreamOpened}
 * event is the accept. A stream may then leave the map (and, for a peer stream, return its MAX_STREAMS
 * credit, DESIGN.md §3) while it still holds data the application has not read; the application's handle
 * is kept here until nothing is left for it to read, so commands keep working on it. With
 * {@link ConnectionConfig#streamCreditOnClose()}, a peer stream also waits for {@link #releaseStream}: the
 * engine calls it when the application's handle is closed or collected.
 */
final class ConnectionStreams {
    /** Returned by {@link #read} once the peer reset the stream (RFC 9000 §3.2, Reset Read). */
    static final int RESET = ReceiveStream.RESET;

    private final ConnectionState s;
    private final StreamMap map;
    /** The streams the application can still use, in the order they were opened or accepted. */
    private final LinkedHashMap<Long, Handle> handles = new LinkedHashMap<>();

    /** What the application has been told about one stream. */
    private static final class Handle {
        final Stream stream;
        boolean readableSignalled;
        boolean resetSignalled;
        boolean stopSignalled;
        boolean wantsWritable;

        Handle(Stream stream) {
            this.stream = stream;
        }
    }

    ConnectionStreams(ConnectionState state) {
        this.s = state;
        this.map = new StreamMap(state.isClient(), config(state.config), PeerLimits.none());
    }

    /**
     * Our stream settings from the connection's: the windows we advertise start at the configured
     * transport parameters, and auto-tuning may grow them up to 64 times that (at least 16 MiB per stream
     * and 64 MiB per connection); each stream buffers up to the configured unacknowledged data; peer streams
     * hold their credit until released if the connection is configured so.
     *
     * @param c the connection's settings
     * @return the stream settings
     */
    static StreamConfig config(ConnectionConfig c) {
        long stream = c.initialMaxStreamData();
        long connection = c.initialMaxData();
        return new StreamConfig(c.initialMaxStreamsBidi(), c.initialMaxStreamsUni(), stream,
                Math.min(StreamId.MAX, Math.max(16L << 20, stream * 64)), connection,
                Math.min(StreamId.MAX, Math.max(64L << 20, connection * 64)), c.streamSendBuffer(),
                c.streamCreditOnClose());
    }

    /**
     * RFC 9000 §18.2: the transport parameters that advertise {@code config}.
     *
     * @param builder the parameters being built
     * @param config our stream settings
     * @return {@code builder}
     */
    static TransportParameters.Builder advertise(TransportParameters.Builder builder, StreamConfig config) {
        return builder.initialMaxData(config.connectionWindow())
                .initialMaxStreamDataBidiLocal(config.streamWindow())
                .initialMaxStreamDataBidiRemote(config.streamWindow())
                .initialMaxStreamDataUni(config.streamWindow())
                .initialMaxStreamsBidi(config.maxIncomingBidi())
                .initialMaxStreamsUni(config.maxIncomingUni());
    }

    /**
     * RFC 9000 §7.4, §18.2: the peer's transport parameters as the limits on what we send.
     *
     * @param peer the peer's parameters
     * @return the limits
     */
    static PeerLimits limits(TransportParameters peer) {
        return new PeerLimits(peer.initialMaxData(), peer.initialMaxStreamDataBidiLocal(),
                peer.initialMaxStreamDataBidiRemote(), peer.initialMaxStreamDataUni(), peer.initialMaxStreamsBidi(),
                peer.initialMaxStreamsUni());
    }

    void onPeerParameters(TransportParameters peer) {
        map.onPeerLimits(limits(peer));
    }

    /** @return the new stream's ID, or -1 if the peer's MAX_STREAMS does not allow one yet */
    long open(boolean bidirectional) {
        Stream st = map.open(bidirectional);
        if (st == null) {
            return -1;
        }
        handles.put(st.id(), new Handle(st));
        return st.id();
    }

    /**
     * @return the application's handle, or {@code null} for a stream that existed and is finished
     * @throws IllegalArgumentException for a stream that never existed
     */
    private Handle handle(long id) {
        Handle h = handles.get(id);
        if (h == null && !existed(id)) {
            throw new IllegalArgumentException("no stream " + id);
        }
        return h;
    }

    private boolean existed(long id) {
        if (id < 0 || id > StreamId.MAX) {
            return false;
        }
        boolean bidi = StreamId.isBidirectional(id);
        long index = StreamId.index(id);
        return StreamId.isLocal(id, s.isClient())
                ? index < map.outgoing(bidi).opened()
                : index < map.incoming(bidi).opened();
    }

    int write(long id, ByteBuffer data, boolean fin) {
        if (!StreamId.canSend(id, s.isClient())) {
            throw new IllegalArgumentException("stream " + id + " cannot be written by this endpoint");
        }
        Handle h = handle(id);
        if (h == null) {
            return -1;
        }
        int offered = data.remaining();
        int n = offered == 0 ? 0 : h.stream.write(data);
        if (n < 0) {
            return n;
        }
        if (n < offered) {
            h.wantsWritable = true;
        } else if (fin) {
            h.stream.finish();
        }
        return n;
    }

    int read(long id, ByteBuffer dst, long now) {
        if (!StreamId.canReceive(id, s.isClient())) {
            throw new IllegalArgumentException("stream " + id + " cannot be read by this endpoint");
        }
        Handle h = handle(id);
        if (h == null) {
            return -1;
        }
        map.onRttUpdate(s.rtt.smoothedRtt());
        int n = h.stream.read(dst, now);
        h.readableSignalled = false;
        release(h);
        return n;
    }

    void cancelWrite(long id, long code) {
        Handle h = handle(id);
        if (h != null) {
            h.stream.cancelWrite(code);
            release(h);
        }
    }

    void cancelRead(long id, long code, long now) {
        Handle h = handle(id);
        if (h != null) {
            h.stream.cancelRead(code, now);
            release(h);
        }
    }

    void close(long id, long code, long now) {
        Handle h = handle(id);
        if (h != null) {
            h.stream.close(code, now);
            release(h);
        }
    }

    /** The application is done with the stream ({@link Stream#release}); lenient, as it may be long gone. */
    void releaseStream(long id) {
        Handle h = handles.get(id);
        if (h != null) {
            h.stream.release();
            release(h);
        }
    }

    /** Drops the handle once the stream left the map and nothing is left to read from it. */
    private void release(Handle h) {
        Stream st = h.stream;
        if (map.get(st.id()) == st) {
            return;
        }
        ReceiveStream r = st.receive();
        if (r == null || r.state().isTerminal() || r.isCancelled()) {
            handles.remove(st.id());
        }
    }

    /**
     * Dispatches a stream-related frame from the peer to the map and reports what changed.
     *
     * @param frame STREAM, RESET_STREAM, STOP_SENDING, MAX_DATA, MAX_STREAM_DATA, MAX_STREAMS, DATA_BLOCKED,
     *     STREAM_DATA_BLOCKED or STREAMS_BLOCKED
     * @param now the time
     */
    void onFrame(Frame frame, long now) {
        map.onRttUpdate(s.rtt.smoothedRtt());
        map.onFrame(frame, now);
        acceptAll(true);
        acceptAll(false);
        switch (frame) {
            case StreamFrame f -> signalReceive(f.streamId());
            case ResetStreamFrame f -> signalReceive(f.streamId());
            case StopSendingFrame f -> {
                Handle h = handles.get(f.streamId());
                if (h != null && !h.stopSignalled && h.stream.send().state().isReset()) {
                    h.stopSignalled = true;
                    s.emit(new ConnectionEvent.StreamStopped(f.streamId(), f.applicationErrorCode()));
                }
            }
            default -> {
            }
        }
    }

    private void acceptAll(boolean bidirectional) {
        for (Stream st; (st = map.accept(bidirectional)) != null;) {
            handles.put(st.id(), new Handle(st));
            s.emit(new ConnectionEvent.StreamOpened(st.id()));
        }
    }

    private void signalReceive(long id) {
        Handle h = handles.get(id);
        if (h == null) {
            return;
        }
        ReceiveStream r = h.stream.receive();
        if (r.state().isReset() && !h.resetSignalled) {
            h.resetSignalled = true;
            s.emit(new ConnectionEvent.StreamReset(id, r.resetCode()));
        }
        if (!h.readableSignalled && !r.isCancelled() && (r.readableBytes() > 0 || r.state().isDone())) {
            h.readableSignalled = true;
            s.emit(new ConnectionEvent.StreamReadable(id));
        }
    }

    /**
     * After a datagram: tells writers whose buffer has room again (acknowledgments free it), and drops
     * finished handles. Linear in the handles, which the peer's stream credit and the application bound.
     */
    void afterReceive() {
        Iterator<Handle> it = handles.values().iterator();
        while (it.hasNext()) {
            Handle h = it.next();
            Stream st = h.stream;
            if (h.wantsWritable && st.send() != null && st.send().writableBytes() > 0) {
                h.wantsWritable = false;
                s.emit(new ConnectionEvent.StreamWritable(st.id()));
            }
            if (map.get(st.id()) != st) {
                ReceiveStream r = st.receive();
                if (r == null || r.state().isTerminal() || r.isCancelled()) {
                    it.remove();
                }
            }
        }
    }

    boolean hasFrameToSend() {
        return map.hasFrameToSend();
    }

    /** @return the next frame the streams owe that fits in {@code room} bytes, or {@code null} */
    Frame pollFrame(int room) {
        return map.pollFrame(room);
    }

    /** RFC 9000 §13.3: the fate of a frame from {@link #pollFrame}. */
    void onAcked(Frame frame) {
        map.onAcked(frame);
    }

    /** RFC 9000 §13.3: a lost frame from {@link #pollFrame}, sent again in a new frame if still needed. */
    void onLost(Frame frame) {
        map.onLost(frame);
    }

    /** @return bytes the streams hold in buffers (memory accounting) */
    long bufferedBytes() {
        return map.bufferedBytes();
    }

    /** Memory back-pressure: every stream's receive credit follows the connection-level credit's hold. */
    void holdCredit(boolean hold) {
        map.receiveConnection().hold(hold);
    }

    boolean isCreditHeld() {
        return map.receiveConnection().isHeld();
    }

    /** @return the stream population */
    StreamCounts counts() {
        return map.counts();
    }

    /** Lowers or restores the peer's bidirectional stream credit (an overloaded server's lever). */
    void limitIncomingBidi(long live) {
        map.limitIncomingBidi(live);
    }

    /** RFC 9218 §4: the scheduling priority of a live stream; ignored for one that left the map. */
    void priority(long id, StreamPriority priority) {
        map.priority(id, priority);
    }
}
