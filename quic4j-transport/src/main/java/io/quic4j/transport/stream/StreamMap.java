package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.DataBlockedFrame;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.frame.StreamsBlockedFrame;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;

/**
 * The streams of one connection, without the connection: opening, accepting, lookup by ID, the
 * stream-related frames in both directions, and retirement (RFC 9000 §2-§4, DESIGN.md §3).
 *
 * <p><b>Lookup.</b> A hash map keyed by stream ID. The peer chooses its IDs, but only below the limit
 * we advertised (anything above is STREAM_LIMIT_ERROR before the map is touched), and at most
 * {@code maxIncoming*} of its streams are live at once, so it cannot grow the map beyond our credit or
 * pick many colliding keys: live peer IDs of a type form a window of consecutive indices, which
 * {@code Long.hashCode} spreads over distinct buckets. The map is a {@link LinkedHashMap} so that moving
 * a stream to the end after it sent a frame makes {@link #pollFrame} round-robin.
 *
 * <p><b>Bounds.</b> Peer streams not yet accepted are in the map and so bounded by the same credit;
 * stream data by the flow-control windows; frames owed by one flag or value per kind per stream.
 *
 * <p><b>Retirement.</b> A peer stream is retired when its send half is terminal (or absent), its
 * receive half is Data Recvd / Reset Recvd or later (or absent), and the application accepted it (a
 * stream reset before being accepted counts: it is dropped from the accept queue and its send half, if
 * any, reset with code 0). With {@link StreamConfig#creditOnClose} it must also have been released by the
 * application ({@link Stream#release} or {@link Stream#close}), so that a peer which resets its streams gets
 * no credit back while the application's work for them still runs (RFC 9000 §4.6 leaves it to the receiver
 * when to raise MAX_STREAMS). It then leaves the map and returns one unit of credit, guarded by the
 * stream's own flag and by {@link IncomingStreamLimit}. Our own streams leave the map under the same
 * half conditions. Frames for a stream that left the map are ignored (RFC 9000 §3.2/§3.1: they are
 * late or duplicate), and their acknowledgments and losses too.
 */
public final class StreamMap {
    private final boolean client;
    private final StreamConfig config;
    private final LinkedHashMap<Long, Stream> streams = new LinkedHashMap<>();
    private final ArrayDeque<Stream> acceptBidi = new ArrayDeque<>();
    private final ArrayDeque<Stream> acceptUni = new ArrayDeque<>();
    private final IncomingStreamLimit incomingBidi;
    private final IncomingStreamLimit incomingUni;
    private final OutgoingStreamLimit outgoingBidi;
    private final OutgoingStreamLimit outgoingUni;
    private final SendFlowControl sendConnection;
    private final ReceiveFlowControl receiveConnection;
    private PeerLimits peer;
    private long rtt = 100_000_000L;
    /** The latest time any call passed in, for operations that take none. */
    private long now;
    private long retiredLocalBidi;
    private long retiredLocalUni;

    /**
     * @param client whether this endpoint is the client (decides which IDs are ours, RFC 9000 §2.1)
     * @param config our settings
     * @param peer the peer's transport parameters ({@link PeerLimits#none()} until known)
     */
    public StreamMap(boolean client, StreamConfig config, PeerLimits peer) {
        this.client = client;
        this.config = config;
        this.peer = peer;
        this.incomingBidi = new IncomingStreamLimit(true, config.maxIncomingBidi());
        this.incomingUni = new IncomingStreamLimit(false, config.maxIncomingUni());
        this.outgoingBidi = new OutgoingStreamLimit(true, peer.initialMaxStreamsBidi());
        this.outgoingUni = new OutgoingStreamLimit(false, peer.initialMaxStreamsUni());
        this.sendConnection = new SendFlowControl(peer.initialMaxData());
        this.receiveConnection = new ReceiveFlowControl(config.connectionWindow(), config.maxConnectionWindow());
    }

    /**
     * Takes the peer's transport parameters when they arrive after streams exist (0-RTT): limits only
     * grow.
     *
     * @param limits the peer's parameters
     */
    public void onPeerLimits(PeerLimits limits) {
        this.peer = limits;
        outgoingBidi.update(limits.initialMaxStreamsBidi());
        outgoingUni.update(limits.initialMaxStreamsUni());
        sendConnection.update(limits.initialMaxData());
        for (Stream s : streams.values()) {
            if (s.send() != null) {
                s.send().flow().update(sendWindow(s.id()));
            }
        }
    }

    /** @param smoothedRtt the connection's smoothed RTT in nanoseconds, for window auto-tuning */
    public void onRttUpdate(long smoothedRtt) {
        this.rtt = smoothedRtt;
    }

    long rtt() {
        return rtt;
    }

    /** @param time a time passed in by the caller; the latest is kept */
    void tick(long time) {
        now = Math.max(now, time);
    }

    /** @return the latest time passed in, nanoseconds */
    long now() {
        return now;
    }

    /**
     * Opens a stream of ours.
     *
     * @param bidirectional which type
     * @return the stream, or {@code null} when the peer's MAX_STREAMS allows no more (a STREAMS_BLOCKED is
     *     then owed, once per limit)
     */
    public Stream open(boolean bidirectional) {
        OutgoingStreamLimit limit = bidirectional ? outgoingBidi : outgoingUni;
        long index = limit.open();
        if (index < 0) {
            return null;
        }
        long id = StreamId.of(index, client, bidirectional);
        Stream s = create(id);
        streams.put(id, s);
        return s;
    }

    private Stream create(long id) {
        boolean local = StreamId.isLocal(id, client);
        SendStream send = StreamId.canSend(id, client)
                ? new SendStream(id, config.sendBuffer(), new SendFlowControl(sendWindow(id)), sendConnection)
                : null;
        ReceiveStream receive = StreamId.canReceive(id, client)
                ? new ReceiveStream(id, new ReceiveFlowControl(config.streamWindow(), config.maxStreamWindow()),
                        receiveConnection)
                : null;
        return new Stream(id, local, send, receive, this);
    }

    private long sendWindow(long id) {
        if (!StreamId.isBidirectional(id)) {
            return peer.initialMaxStreamDataUni();
        }
        // RFC 9000 §18.2: bidi_local is for streams its sender (the peer) opened, bidi_remote for ours.
        return StreamId.isLocal(id, client)
                ? peer.initialMaxStreamDataBidiRemote()
                : peer.initialMaxStreamDataBidiLocal();
    }

    /**
     * @param bidirectional which type
     * @return the next peer stream not yet accepted, or {@code null}; accepting may retire it at once
     */
    public Stream accept(boolean bidirectional) {
        Stream s = (bidirectional ? acceptBidi : acceptUni).poll();
        if (s != null) {
            s.accepted = true;
            changed(s);
        }
        return s;
    }

    /**
     * @param id a stream ID
     * @return the open stream, or {@code null} if it is not open (never opened, finished or retired)
     */
    public Stream get(long id) {
        return streams.get(id);
    }

    /**
     * Handles a stream-related frame from the peer.
     *
     * @param frame STREAM, RESET_STREAM, STOP_SENDING, MAX_STREAM_DATA, STREAM_DATA_BLOCKED, MAX_DATA,
     *     DATA_BLOCKED, MAX_STREAMS or STREAMS_BLOCKED
     * @param time the time, nanoseconds
     * @throws QuicTransportException STREAM_STATE_ERROR, STREAM_LIMIT_ERROR, FLOW_CONTROL_ERROR or
     *     FINAL_SIZE_ERROR for the peer's violations (RFC 9000 §19.4-§19.14)
     * @throws IllegalArgumentException for a frame type this class does not handle
     */
    public void onFrame(Frame frame, long time) {
        tick(time);
        switch (frame) {
            case StreamFrame f -> {
                Stream s = peerSenderStream(f.streamId(), f.type());
                if (s != null) {
                    s.receive().onStreamFrame(f, time, rtt);
                    changed(s);
                }
            }
            case ResetStreamFrame f -> {
                Stream s = peerSenderStream(f.streamId(), FrameType.RESET_STREAM);
                if (s != null) {
                    s.receive().onResetStream(f, time, rtt);
                    if (!s.accepted && s.receive().state().isReset()) {
                        dropUnaccepted(s);
                    }
                    changed(s);
                }
            }
            case StreamDataBlockedFrame f -> peerSenderStream(f.streamId(), FrameType.STREAM_DATA_BLOCKED);
            case StopSendingFrame f -> {
                Stream s = peerReceiverStream(f.streamId(), FrameType.STOP_SENDING);
                if (s != null) {
                    s.send().onStopSending(f.applicationErrorCode());
                    changed(s);
                }
            }
            case MaxStreamDataFrame f -> {
                Stream s = peerReceiverStream(f.streamId(), FrameType.MAX_STREAM_DATA);
                if (s != null) {
                    s.send().onMaxStreamData(f.maximumStreamData());
                }
            }
            case MaxDataFrame f -> sendConnection.update(f.maximumData());
            case DataBlockedFrame _ -> {
                // We advertise credit early (RFC 9000 §4.2); nothing to answer.
            }
            case MaxStreamsFrame f -> (f.bidirectional() ? outgoingBidi : outgoingUni).update(f.maximumStreams());
            case StreamsBlockedFrame _ -> {
                // Credit is advertised as streams retire; a blocked peer is waiting for that.
            }
            default -> throw new IllegalArgumentException("not a stream frame: " + frame);
        }
    }

    private void dropUnaccepted(Stream s) {
        (StreamId.isBidirectional(s.id()) ? acceptBidi : acceptUni).remove(s);
        s.accepted = true;
        s.released = true; // the application never saw it
        if (s.send() != null) {
            s.send().cancelWrite(0);
        }
    }

    /** A frame the peer sends as the sender of the stream: STREAM, RESET_STREAM, STREAM_DATA_BLOCKED. */
    private Stream peerSenderStream(long id, long frameType) {
        if (!StreamId.canReceive(id, client)) {
            // RFC 9000 §19.8, §19.4, §19.13: such frames for a send-only stream are STREAM_STATE_ERROR.
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                    "frame for our send-only stream " + StreamId.describe(id));
        }
        return lookup(id, frameType);
    }

    /** A frame the peer sends as the receiver of the stream: STOP_SENDING, MAX_STREAM_DATA. */
    private Stream peerReceiverStream(long id, long frameType) {
        if (!StreamId.canSend(id, client)) {
            // RFC 9000 §19.5, §19.10: such frames for a receive-only stream are STREAM_STATE_ERROR.
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                    "frame for our receive-only stream " + StreamId.describe(id));
        }
        return lookup(id, frameType);
    }

    private Stream lookup(long id, long frameType) {
        Stream s = streams.get(id);
        if (s != null) {
            return s;
        }
        long index = StreamId.index(id);
        boolean bidi = StreamId.isBidirectional(id);
        if (StreamId.isLocal(id, client)) {
            if (index >= (bidi ? outgoingBidi : outgoingUni).opened()) {
                // RFC 9000 §19.8, §19.5, §19.10: a frame for a local stream "that has not yet been created"
                // is STREAM_STATE_ERROR. §19.4 and §19.13 do not say it for RESET_STREAM and
                // STREAM_DATA_BLOCKED, but the peer cannot be sending on a stream we never opened either.
                throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                        "frame for our stream " + StreamId.describe(id) + ", which we have not opened");
            }
            return null; // finished: late or duplicate
        }
        IncomingStreamLimit limit = bidi ? incomingBidi : incomingUni;
        long opened = limit.onPeerStream(index, frameType);
        if (opened == 0) {
            return null; // retired
        }
        // RFC 9000 §3.2: lower-numbered streams of the type open implicitly, in order.
        ArrayDeque<Stream> queue = bidi ? acceptBidi : acceptUni;
        for (long i = limit.opened() - opened; i < limit.opened(); i++) {
            Stream created = create(StreamId.of(i, !client, bidi));
            streams.put(created.id(), created);
            queue.add(created);
        }
        return streams.get(id);
    }

    /**
     * Lowers or restores how many peer bidirectional streams may be live at once ({@link IncomingStreamLimit#limit}).
     *
     * @param live 0 to the configured limit
     */
    public void limitIncomingBidi(long live) {
        incomingBidi.limit(live);
    }

    /** Called after anything that may have moved a stream's halves forward: retires it if it is done. */
    void changed(Stream s) {
        if (s.retired || !s.sendDone() || !s.receiveDone() || !s.accepted) {
            return;
        }
        if (config.creditOnClose() && !s.isLocal() && !s.released) {
            return; // the application's work for it may still run: its credit waits for the release
        }
        if (streams.get(s.id()) != s) {
            return;
        }
        streams.remove(s.id());
        s.retired = true;
        boolean bidi = StreamId.isBidirectional(s.id());
        if (s.isLocal()) {
            if (bidi) {
                retiredLocalBidi++;
            } else {
                retiredLocalUni++;
            }
        } else {
            (bidi ? incomingBidi : incomingUni).retire();
        }
    }

    /** @return whether {@link #pollFrame} has something to send */
    public boolean hasFrameToSend() {
        if (receiveConnection.hasUpdatePending() || sendConnection.hasBlockedPending()
                || incomingBidi.hasUpdatePending() || incomingUni.hasUpdatePending()
                || outgoingBidi.hasBlockedPending() || outgoingUni.hasBlockedPending()) {
            return true;
        }
        for (Stream s : streams.values()) {
            if ((s.send() != null && s.send().hasFrameToSend())
                    || (s.receive() != null && s.receive().hasFrameToSend())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the next frame owed: connection-level frames first (MAX_DATA, DATA_BLOCKED, MAX_STREAMS,
     * STREAMS_BLOCKED), then the streams' control frames (MAX_STREAM_DATA, STOP_SENDING, RESET_STREAM:
     * they carry no application data and must not wait behind priorities), then one frame of the first
     * stream in {@link StreamScheduler} order that has one (RFC 9218 §10). A stream that sent moves behind
     * the others, which makes streams of equal priority round-robin.
     *
     * @param maxLength the room in the packet for the whole frame
     * @return a frame, or {@code null} if nothing owed fits
     */
    public Frame pollFrame(int maxLength) {
        Frame f = pollConnectionFrame(maxLength);
        if (f != null) {
            return f;
        }
        for (Stream s : streams.values()) {
            Frame frame = s.receive() == null ? null : s.receive().pollFrame(maxLength);
            if (frame == null && s.send() != null) {
                frame = s.send().pollControlFrame(maxLength);
            }
            if (frame != null) {
                return frame;
            }
        }
        for (Stream s : StreamScheduler.order(streams.values())) {
            Frame frame = s.send() == null ? null : s.send().pollFrame(maxLength);
            if (frame != null) {
                streams.remove(s.id());
                streams.put(s.id(), s);
                return frame;
            }
        }
        // Streams may have noticed connection-level blocking while polling.
        return pollConnectionFrame(maxLength);
    }

    /**
     * Sets a stream's scheduling priority (RFC 9218 §4).
     *
     * @param id the stream
     * @param priority the urgency and incremental flag
     * @return whether the stream is live (a retired stream has nothing left to schedule)
     */
    public boolean priority(long id, StreamPriority priority) {
        Stream s = streams.get(id);
        if (s == null) {
            return false;
        }
        s.priority(priority);
        return true;
    }

    private Frame pollConnectionFrame(int maxLength) {
        Frame f = null;
        if (receiveConnection.hasUpdatePending()) {
            f = new MaxDataFrame(receiveConnection.limit());
        } else if (sendConnection.hasBlockedPending()) {
            f = new DataBlockedFrame(sendConnection.limit());
        } else if (incomingBidi.hasUpdatePending()) {
            f = new MaxStreamsFrame(true, incomingBidi.maxStreams());
        } else if (incomingUni.hasUpdatePending()) {
            f = new MaxStreamsFrame(false, incomingUni.maxStreams());
        } else if (outgoingBidi.hasBlockedPending()) {
            f = new StreamsBlockedFrame(true, outgoingBidi.maxStreams());
        } else if (outgoingUni.hasBlockedPending()) {
            f = new StreamsBlockedFrame(false, outgoingUni.maxStreams());
        }
        if (f == null || f.encodedLength() > maxLength) {
            return null;
        }
        switch (f) {
            case MaxDataFrame _ -> receiveConnection.pollUpdate();
            case DataBlockedFrame _ -> sendConnection.pollBlocked();
            case MaxStreamsFrame m -> (m.bidirectional() ? incomingBidi : incomingUni).pollUpdate();
            case StreamsBlockedFrame b -> (b.bidirectional() ? outgoingBidi : outgoingUni).pollBlocked();
            default -> throw new IllegalStateException("unexpected " + f);
        }
        return f;
    }

    /** @param frame a frame from {@link #pollFrame}, in a packet that was acknowledged */
    public void onAcked(Frame frame) {
        switch (frame) {
            case StreamFrame f -> ackSend(f.streamId(), frame);
            case ResetStreamFrame f -> ackSend(f.streamId(), frame);
            case StreamDataBlockedFrame f -> ackSend(f.streamId(), frame);
            case StopSendingFrame _, MaxStreamDataFrame _, MaxDataFrame _, DataBlockedFrame _, MaxStreamsFrame _,
                    StreamsBlockedFrame _ ->
                {
                }
            default -> throw new IllegalArgumentException("not a stream frame: " + frame);
        }
    }

    private void ackSend(long id, Frame frame) {
        Stream s = streams.get(id);
        if (s != null && s.send() != null) {
            s.send().onAcked(frame);
            changed(s);
        }
    }

    /** @param frame a frame from {@link #pollFrame}, in a packet declared lost: re-queued if still needed */
    public void onLost(Frame frame) {
        switch (frame) {
            case StreamFrame f -> loseSend(f.streamId(), frame);
            case ResetStreamFrame f -> loseSend(f.streamId(), frame);
            case StreamDataBlockedFrame f -> loseSend(f.streamId(), frame);
            case StopSendingFrame f -> loseReceive(f.streamId(), frame);
            case MaxStreamDataFrame f -> loseReceive(f.streamId(), frame);
            case MaxDataFrame f -> receiveConnection.onUpdateLost(f.maximumData());
            case DataBlockedFrame f -> sendConnection.onBlockedLost(f.maximumData());
            case MaxStreamsFrame f -> (f.bidirectional() ? incomingBidi : incomingUni).onUpdateLost(f);
            case StreamsBlockedFrame f -> (f.bidirectional() ? outgoingBidi : outgoingUni).onBlockedLost(f);
            default -> throw new IllegalArgumentException("not a stream frame: " + frame);
        }
    }

    private void loseSend(long id, Frame frame) {
        Stream s = streams.get(id);
        if (s != null && s.send() != null) {
            s.send().onLost(frame);
        }
    }

    private void loseReceive(long id, Frame frame) {
        Stream s = streams.get(id);
        if (s != null && s.receive() != null) {
            s.receive().onLost(frame);
        }
    }

    /** @return a snapshot of the stream counters */
    public StreamCounts counts() {
        long openBidi = 0;
        long openUni = 0;
        long halfClosed = 0;
        for (Stream s : streams.values()) {
            if (StreamId.isBidirectional(s.id())) {
                openBidi++;
                if (s.sendDone() != s.receiveDone()) {
                    halfClosed++;
                }
            } else {
                openUni++;
            }
        }
        return new StreamCounts(openBidi, openUni, halfClosed, acceptBidi.size() + acceptUni.size(),
                retiredLocalBidi, retiredLocalUni, incomingBidi.retired(), incomingUni.retired());
    }

    /**
     * @param bidirectional which type
     * @return the peer streams of that type still tracked (for checking credit conservation)
     */
    long livePeerStreams(boolean bidirectional) {
        long n = 0;
        for (Stream s : streams.values()) {
            if (!s.isLocal() && StreamId.isBidirectional(s.id()) == bidirectional) {
                n++;
            }
        }
        return n;
    }

    /** @param bidirectional which type @return the credit for the peer's streams of that type */
    public IncomingStreamLimit incoming(boolean bidirectional) {
        return bidirectional ? incomingBidi : incomingUni;
    }

    /** @param bidirectional which type @return our credit for opening streams of that type */
    public OutgoingStreamLimit outgoing(boolean bidirectional) {
        return bidirectional ? outgoingBidi : outgoingUni;
    }

    /** @return the connection-level send credit */
    public SendFlowControl sendConnection() {
        return sendConnection;
    }

    /** @return the connection-level receive credit */
    public ReceiveFlowControl receiveConnection() {
        return receiveConnection;
    }

    /**
     * @return what the streams' buffers cost the heap, in whole pages: received and unread or out of order (a
     *         page with one byte in it costs a page), written and unacknowledged (memory accounting; O(streams))
     */
    public long bufferedBytes() {
        long sum = 0;
        for (Stream st : streams.values()) {
            if (st.send() != null) {
                sum += st.send().retainedBytes();
            }
            if (st.receive() != null) {
                sum += st.receive().retainedBytes();
            }
        }
        return sum;
    }

    /** @return whether this endpoint is the client */
    public boolean isClient() {
        return client;
    }
}
