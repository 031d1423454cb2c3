package io.quic4j.transport.connection;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.stream.ReceiveBuffer;
import io.quic4j.transport.stream.ReceiveBufferException;
import io.quic4j.transport.stream.SendBuffer;
import io.quic4j.transport.stream.SendChunk;
import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.MaxDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.MaxStreamsFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import io.quic4j.transport.wire.params.TransportParameters;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The minimal stream path used until the stream state machines arrive (issue 5): open a bidirectional
 * stream, write bytes and FIN, read bytes, with flow control at both levels (RFC 9000 §4): the peer's
 * initial_max_* limits and MAX_DATA / MAX_STREAM_DATA bound what we send; ours bound what we accept
 * (FLOW_CONTROL_ERROR beyond them), and credit returns as the application reads, advertised when half a
 * window has been consumed (§4.2). Stream counts are bounded by initial_max_streams_* (STREAM_LIMIT_ERROR,
 * §4.6); streams are never retired here, so their count only grows up to that bound.
 */
final class StreamPath {
    private final ConnectionState s;
    private final Map<Long, MinimalStream> streams = new LinkedHashMap<>();
    private final ArrayDeque<Frame> pendingControl = new ArrayDeque<>();
    private final long localWindow;
    private final long localMaxData;

    private long peerMaxData;
    private long peerMaxStreamsBidi;
    private long sentData;
    private long nextLocalBidi;

    private long receiveMaxData;
    private long receivedData;
    private long readData;
    private boolean maxDataPending;
    private long peerStreamsBidiOpened;
    private long peerStreamsUniOpened;
    private Iterator<MinimalStream> roundRobin;

    StreamPath(ConnectionState state) {
        this.s = state;
        this.localWindow = state.config.initialMaxStreamData();
        this.localMaxData = state.config.initialMaxData();
        this.receiveMaxData = localMaxData;
    }

    void onPeerParameters(TransportParameters peer) {
        peerMaxData = peer.initialMaxData();
        peerMaxStreamsBidi = peer.initialMaxStreamsBidi();
        for (MinimalStream st : streams.values()) {
            if (st.send != null && st.sendLimit == 0) {
                st.sendLimit = initialSendLimit(st.id, peer);
            }
        }
    }

    private boolean isLocal(long id) {
        return ((id & 1) == 0) == s.isClient();
    }

    private static boolean isBidi(long id) {
        return (id & 2) == 0;
    }

    private long initialSendLimit(long id, TransportParameters peer) {
        if (peer == null) {
            return 0;
        }
        if (!isBidi(id)) {
            return peer.initialMaxStreamDataUni();
        }
        // RFC 9000 §18.2: bidi_local applies to streams the parameter's sender opened, bidi_remote to ours.
        return isLocal(id) ? peer.initialMaxStreamDataBidiRemote() : peer.initialMaxStreamDataBidiLocal();
    }

    /**
     * @return the new stream's ID, or -1 if the peer's MAX_STREAMS does not allow another yet
     */
    long openBidirectional() {
        if (nextLocalBidi >= peerMaxStreamsBidi) {
            return -1;
        }
        long id = (nextLocalBidi++ << 2) | (s.isClient() ? 0 : 1);
        streams.put(id, new MinimalStream(id, new SendBuffer(localWindow), new ReceiveBuffer(),
                initialSendLimit(id, s.peerParams), localWindow));
        return id;
    }

    private MinimalStream local(long id) {
        MinimalStream st = streams.get(id);
        if (st == null) {
            throw new IllegalArgumentException("no open stream " + id);
        }
        return st;
    }

    int write(long id, ByteBuffer data, boolean fin) {
        MinimalStream st = local(id);
        if (st.send == null) {
            throw new IllegalArgumentException("stream " + id + " cannot be written by this endpoint");
        }
        int n = st.send.write(data);
        if (fin && !data.hasRemaining()) {
            st.send.finish();
        }
        return n;
    }

    int read(long id, ByteBuffer dst) {
        MinimalStream st = local(id);
        if (st.receive == null) {
            throw new IllegalArgumentException("stream " + id + " cannot be read by this endpoint");
        }
        int n = st.receive.read(dst);
        st.readableSignalled = false;
        if (n > 0) {
            readData += n;
            // RFC 9000 §4.2: send credit early, when half the window is consumed, not at exhaustion.
            if (!st.receive.isFinalSizeKnown()
                    && st.receiveLimit - st.receive.readOffset() < st.receiveWindow / 2) {
                st.receiveLimit = st.receive.readOffset() + st.receiveWindow;
                st.maxStreamDataPending = true;
            }
            if (receiveMaxData - readData < localMaxData / 2) {
                receiveMaxData = readData + localMaxData;
                maxDataPending = true;
            }
        }
        return n;
    }

    /** Receives a STREAM frame (RFC 9000 §19.8) under flow control. */
    void onStream(StreamFrame f) {
        MinimalStream st = streamForReceive(f.streamId(), f.type());
        if (st == null) {
            return;
        }
        long before = st.receive.highestReceivedOffset();
        long growth;
        try {
            growth = st.receive.receive(f.offset(), f.data(), f.fin(), st.receiveLimit);
        } catch (ReceiveBufferException e) {
            throw e.toTransportException(TransportError.FLOW_CONTROL_ERROR, f.type());
        }
        receivedData += growth;
        if (receivedData > receiveMaxData) {
            // RFC 9000 §4.1: more data than MAX_DATA allows is FLOW_CONTROL_ERROR.
            throw QuicTransportException.inFrame(TransportError.FLOW_CONTROL_ERROR, f.type(),
                    "connection flow control limit " + receiveMaxData + " exceeded");
        }
        if (st.receive.readableBytes() > 0 || st.receive.isFinished() && before < st.receive.highestReceivedOffset()
                || st.receive.isAllReceived()) {
            signalReadable(st);
        }
    }

    private void signalReadable(MinimalStream st) {
        if (!st.readableSignalled) {
            st.readableSignalled = true;
            s.emit(new ConnectionEvent.StreamReadable(st.id));
        }
    }

    /** @return the stream, opening a peer-initiated one if allowed; null if it is gone */
    private MinimalStream streamForReceive(long id, long frameType) {
        MinimalStream st = streams.get(id);
        if (st != null) {
            if (st.receive == null) {
                throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                        "stream " + id + " is our unidirectional stream");
            }
            return st;
        }
        if (isLocal(id)) {
            // RFC 9000 §19.8: a STREAM frame for a locally initiated stream not yet created.
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                    "stream " + id + " has not been opened by us");
        }
        long index = id >>> 2;
        boolean bidi = isBidi(id);
        long limit = bidi ? s.config.initialMaxStreamsBidi() : s.config.initialMaxStreamsUni();
        if (index >= limit) {
            // RFC 9000 §4.6: a stream beyond our limit is STREAM_LIMIT_ERROR.
            throw QuicTransportException.inFrame(TransportError.STREAM_LIMIT_ERROR, frameType,
                    "stream " + id + " exceeds the limit of " + limit + " streams");
        }
        long opened = bidi ? peerStreamsBidiOpened : peerStreamsUniOpened;
        // RFC 9000 §3.2: opening stream n implicitly opens the lower-numbered ones of its type.
        for (long i = opened; i <= index; i++) {
            long sid = (i << 2) | (id & 3);
            MinimalStream created = new MinimalStream(sid, bidi ? new SendBuffer(localWindow) : null,
                    new ReceiveBuffer(), initialSendLimit(sid, s.peerParams), localWindow);
            streams.put(sid, created);
            s.emit(new ConnectionEvent.StreamOpened(sid));
        }
        if (bidi) {
            peerStreamsBidiOpened = index + 1;
        } else {
            peerStreamsUniOpened = index + 1;
        }
        return streams.get(id);
    }

    void onResetStream(ResetStreamFrame f) {
        MinimalStream st = streamForReceive(f.streamId(), f.type());
        if (st == null) {
            return;
        }
        long growth;
        try {
            growth = st.receive.receive(f.finalSize(), ByteBuffer.allocate(0), true, st.receiveLimit);
        } catch (ReceiveBufferException e) {
            throw e.toTransportException(TransportError.FLOW_CONTROL_ERROR, f.type());
        }
        receivedData += growth;
        if (receivedData > receiveMaxData) {
            throw QuicTransportException.inFrame(TransportError.FLOW_CONTROL_ERROR, f.type(),
                    "connection flow control limit exceeded by a reset's final size");
        }
        st.resetReceived = true;
        st.receive.discard();
        signalReadable(st);
    }

    void onStopSending(StopSendingFrame f) {
        MinimalStream st = streams.get(f.streamId());
        checkStreamExists(f.streamId(), f.type());
        if (st == null || st.send == null) {
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, f.type(),
                    "STOP_SENDING for a stream we do not send on");
        }
        if (!st.send.isReset()) {
            // RFC 9000 §3.5: answer STOP_SENDING with RESET_STREAM.
            long finalSize = st.send.reset();
            pendingControl.add(new ResetStreamFrame(st.id, f.applicationErrorCode(), finalSize));
        }
    }

    void onMaxData(MaxDataFrame f) {
        if (f.maximumData() > peerMaxData) {
            peerMaxData = f.maximumData();
        }
    }

    void onMaxStreamData(MaxStreamDataFrame f) {
        checkStreamExists(f.streamId(), f.type());
        MinimalStream st = streams.get(f.streamId());
        if (st == null) {
            return;
        }
        if (st.send == null) {
            // RFC 9000 §19.10: MAX_STREAM_DATA for a receive-only stream is STREAM_STATE_ERROR.
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, f.type(),
                    "MAX_STREAM_DATA for a stream we only receive on");
        }
        if (f.maximumStreamData() > st.sendLimit) {
            st.sendLimit = f.maximumStreamData();
            if (st.blockedOnCredit) {
                st.blockedOnCredit = false;
                s.emit(new ConnectionEvent.StreamWritable(st.id));
            }
        }
    }

    void onMaxStreams(MaxStreamsFrame f) {
        if (f.bidirectional() && f.maximumStreams() > peerMaxStreamsBidi) {
            peerMaxStreamsBidi = f.maximumStreams();
        }
    }

    /** RFC 9000 §19.13 etc.: a frame naming a local stream we never opened is STREAM_STATE_ERROR. */
    void checkStreamExists(long id, long frameType) {
        if (isLocal(id) && !streams.containsKey(id)) {
            throw QuicTransportException.inFrame(TransportError.STREAM_STATE_ERROR, frameType,
                    "stream " + id + " has not been opened");
        }
        if (!isLocal(id)) {
            streamForReceive(id, frameType);
        }
    }

    boolean hasDataToSend() {
        if (!pendingControl.isEmpty() || maxDataPending) {
            return true;
        }
        for (MinimalStream st : streams.values()) {
            if (st.maxStreamDataPending || st.send != null && st.send.hasDataToSend(sendCeiling(st))) {
                return true;
            }
        }
        return false;
    }

    /** @return the highest offset new data on {@code st} may reach, by both flow control levels */
    private long sendCeiling(MinimalStream st) {
        long connectionRoom = Math.max(0, peerMaxData - sentData);
        return Math.min(st.sendLimit, st.highestSent + connectionRoom);
    }

    /** @return the next flow control or reset frame that fits, or null */
    Frame nextControlFrame(int room) {
        if (maxDataPending) {
            MaxDataFrame f = new MaxDataFrame(receiveMaxData);
            if (f.encodedLength() <= room) {
                maxDataPending = false;
                return f;
            }
            return null;
        }
        Frame head = pendingControl.peek();
        if (head != null) {
            return head.encodedLength() <= room ? pendingControl.poll() : null;
        }
        for (MinimalStream st : streams.values()) {
            if (st.maxStreamDataPending) {
                MaxStreamDataFrame f = new MaxStreamDataFrame(st.id, st.receiveLimit);
                if (f.encodedLength() <= room) {
                    st.maxStreamDataPending = false;
                    return f;
                }
                return null;
            }
        }
        return null;
    }

    /** @return the next STREAM frame that fits in {@code room} bytes, or null */
    Frame nextStreamFrame(int room) {
        int n = streams.size();
        for (int i = 0; i < n; i++) {
            if (roundRobin == null || !roundRobin.hasNext()) {
                roundRobin = streams.values().iterator();
            }
            MinimalStream st = roundRobin.next();
            if (st.send == null) {
                continue;
            }
            long ceiling = sendCeiling(st);
            if (st.send.isBlocked(ceiling)) {
                st.blockedOnCredit = true;
            }
            if (!st.send.hasDataToSend(ceiling)) {
                continue;
            }
            long offset = st.send.nextOffset();
            // type + stream ID + offset + 2-byte length.
            int overhead = 1 + VarInt.size(st.id) + VarInt.size(offset) + 2;
            int maxBytes = room - overhead;
            if (maxBytes < 0) {
                return null;
            }
            SendChunk chunk = st.send.emit(maxBytes, ceiling);
            if (chunk == null) {
                continue;
            }
            long newBytes = Math.max(0, chunk.end() - st.highestSent);
            st.highestSent = Math.max(st.highestSent, chunk.end());
            sentData += newBytes;
            return new StreamFrame(st.id, chunk.offset(), chunk.data(), chunk.fin(), true);
        }
        return null;
    }

    void onStreamFrameAcked(StreamFrame f) {
        MinimalStream st = streams.get(f.streamId());
        if (st != null && st.send != null && !st.send.isReset()) {
            st.send.onAcked(f.offset(), f.dataLength(), f.fin());
        }
    }

    void onStreamFrameLost(StreamFrame f) {
        MinimalStream st = streams.get(f.streamId());
        if (st != null && st.send != null && !st.send.isReset()) {
            st.send.onLost(f.offset(), f.dataLength(), f.fin());
        }
    }

    /**
     * A lost flow control frame is sent again with the current value (RFC 9000 §13.3).
     *
     * @return true if the frame was one of ours
     */
    boolean onControlFrameLost(Frame f) {
        switch (f) {
            case MaxDataFrame m -> {
                maxDataPending = true;
                return true;
            }
            case MaxStreamDataFrame m -> {
                MinimalStream st = streams.get(m.streamId());
                if (st != null && !st.receive.isFinalSizeKnown()) {
                    st.maxStreamDataPending = true;
                }
                return true;
            }
            case ResetStreamFrame r -> {
                pendingControl.add(r);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** @return whether every byte written on every stream has been acknowledged */
    boolean allSentDataAcked() {
        for (MinimalStream st : streams.values()) {
            if (st.send != null && !st.send.isReset() && !st.send.isAllWrittenAcked()) {
                return false;
            }
        }
        return true;
    }
}
