package io.quic4j.transport.stream;

import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StreamDataBlockedFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;

/**
 * The sending half of a stream: the state machine of RFC 9000 §3.1 over a {@link SendBuffer}, with
 * stream- and connection-level send credit (§4.1) and the frames it owes.
 *
 * <p><b>Frames owed</b> ({@link #pollFrame}): RESET_STREAM first, repeated until acknowledged (§13.3:
 * "is sent until acknowledged or until all stream data is acknowledged by the peer"); then
 * STREAM_DATA_BLOCKED once per limit; then STREAM data, lost ranges before new ones. Acknowledgments and
 * losses come back through {@link #onAcked} / {@link #onLost}.
 *
 * <p><b>Reset.</b> {@link #cancelWrite} (the application) and {@link #onStopSending} (the peer, §3.5:
 * "An endpoint that receives a STOP_SENDING frame MUST send a RESET_STREAM frame if the stream is in the
 * 'Ready' or 'Send' state") both reset the half, whichever comes first; the second finds it reset and
 * does nothing. The final size in RESET_STREAM is the data sent so far (§4.5), which equals the FIN's if
 * a FIN went out, so the two can never disagree. Once Data Recvd is reached nothing resets it.
 */
public final class SendStream {
    private final long id;
    private final SendBuffer buffer;
    private final SendFlowControl flow;
    private final SendFlowControl connection;
    private SendState state = SendState.READY;
    private long errorCode = -1;
    private long finalSize = -1;
    private boolean resetOwed;

    /**
     * @param id the stream ID
     * @param maxBuffered the most unacknowledged bytes to hold (back-pressure for the application)
     * @param flow this stream's send credit (the peer's initial_max_stream_data_*)
     * @param connection the connection's send credit, shared by all streams
     */
    public SendStream(long id, long maxBuffered, SendFlowControl flow, SendFlowControl connection) {
        this.id = id;
        this.buffer = new SendBuffer(maxBuffered);
        this.flow = flow;
        this.connection = connection;
    }

    /**
     * Queues application data.
     *
     * @param src the bytes; its position advances past those accepted
     * @return the bytes accepted (0 when the buffer is full), or -1 if the half is finished or reset
     */
    public int write(ByteBuffer src) {
        if (state.isReset() || buffer.isFinished()) {
            return -1;
        }
        return buffer.write(src);
    }

    /** Ends the stream with a FIN after the data written; idempotent, and nothing after a reset. */
    public void finish() {
        if (!state.isReset()) {
            buffer.finish();
        }
    }

    /**
     * The application abandons sending: RESET_STREAM with {@code code}, buffered data discarded. Does
     * nothing if already reset (by either side) or if everything was acknowledged (Data Recvd).
     *
     * @param code the application error code for RESET_STREAM
     */
    public void cancelWrite(long code) {
        if (state.isReset() || state == SendState.DATA_RECVD) {
            return;
        }
        VarInt.size(code); // validates the range before anything changes
        errorCode = code;
        finalSize = buffer.reset();
        state = state.moveTo(SendState.RESET_SENT);
        resetOwed = true;
        flow.pollBlocked();
    }

    /**
     * The peer's STOP_SENDING: reset with the peer's code (RFC 9000 §3.5: "An endpoint SHOULD copy the
     * error code from the STOP_SENDING frame to the RESET_STREAM frame it sends").
     *
     * @param code the peer's application error code
     */
    public void onStopSending(long code) {
        cancelWrite(code);
    }

    /** @param maximum the peer's MAX_STREAM_DATA; smaller values are ignored */
    public void onMaxStreamData(long maximum) {
        flow.update(maximum);
    }

    /** @return whether {@link #pollFrame} has something to send (notes flow-control blocking) */
    public boolean hasFrameToSend() {
        if (resetOwed) {
            return true;
        }
        if (state.isReset() || state.isTerminal()) {
            return false;
        }
        noteBlocked();
        return flow.hasBlockedPending() || buffer.hasDataToSend(sendLimit());
    }

    private long sendLimit() {
        return Math.min(flow.limit(), buffer.sentOffset() + connection.available());
    }

    private void noteBlocked() {
        if (buffer.isBlocked(flow.limit())) {
            flow.onBlocked();
        } else if (buffer.isBlocked(sendLimit())) {
            connection.onBlocked();
        }
    }

    /**
     * Takes the next frame this half owes.
     *
     * @param maxLength the room in the packet for the whole frame
     * @return RESET_STREAM, STREAM_DATA_BLOCKED or STREAM, or {@code null} if nothing fits or is owed
     */
    public Frame pollFrame(int maxLength) {
        if (resetOwed) {
            ResetStreamFrame reset = new ResetStreamFrame(id, errorCode, finalSize);
            if (reset.encodedLength() > maxLength) {
                return null;
            }
            resetOwed = false;
            return reset;
        }
        if (state.isReset() || state.isTerminal()) {
            return null;
        }
        noteBlocked();
        if (flow.hasBlockedPending()) {
            StreamDataBlockedFrame blocked = new StreamDataBlockedFrame(id, flow.limit());
            if (blocked.encodedLength() <= maxLength) {
                flow.pollBlocked();
                started();
                return blocked;
            }
        }
        int room = maxLength - 1 - VarInt.size(id) - VarInt.size(buffer.nextOffset());
        int maxData = room - VarInt.size(Math.max(0, room));
        if (maxData < 0 || (maxData == 0 && !buffer.isFinished())) {
            return null;
        }
        long sentBefore = buffer.sentOffset();
        SendChunk chunk = buffer.emit(maxData, sendLimit());
        if (chunk == null) {
            return null;
        }
        long growth = buffer.sentOffset() - sentBefore;
        flow.consume(growth);
        connection.consume(growth);
        started();
        if (state == SendState.SEND && buffer.isAllSent()) {
            state = state.moveTo(SendState.DATA_SENT);
        }
        return new StreamFrame(id, chunk.offset(), chunk.data(), chunk.fin(), true);
    }

    /**
     * @param maxLength the room in the packet for the whole frame
     * @return the RESET_STREAM owed, or {@code null}: control frames go ahead of stream priorities
     */
    Frame pollControlFrame(int maxLength) {
        return resetOwed ? pollFrame(maxLength) : null;
    }

    private void started() {
        if (state == SendState.READY) {
            state = state.moveTo(SendState.SEND);
        }
    }

    /**
     * @param frame a frame from {@link #pollFrame}, in a packet that was acknowledged
     */
    public void onAcked(Frame frame) {
        switch (frame) {
            case StreamFrame f -> {
                buffer.onAcked(f.offset(), f.dataLength(), f.fin());
                if (state == SendState.DATA_SENT && buffer.isFullyAcked()) {
                    state = state.moveTo(SendState.DATA_RECVD);
                }
            }
            case ResetStreamFrame _ -> {
                if (state == SendState.RESET_SENT) {
                    state = state.moveTo(SendState.RESET_RECVD);
                    resetOwed = false;
                }
            }
            case StreamDataBlockedFrame _ -> {
            }
            default -> throw new IllegalArgumentException("not a send-stream frame: " + frame);
        }
    }

    /**
     * @param frame a frame from {@link #pollFrame}, in a packet declared lost
     */
    public void onLost(Frame frame) {
        switch (frame) {
            case StreamFrame f -> buffer.onLost(f.offset(), f.dataLength(), f.fin());
            case ResetStreamFrame _ -> resetOwed = state == SendState.RESET_SENT;
            case StreamDataBlockedFrame f -> {
                if (!state.isReset()) {
                    flow.onBlockedLost(f.maximumStreamData());
                }
            }
            default -> throw new IllegalArgumentException("not a send-stream frame: " + frame);
        }
    }

    /** @return the stream ID */
    public long id() {
        return id;
    }

    /** @return the RFC 9000 §3.1 state */
    public SendState state() {
        return state;
    }

    /** @return how many more bytes {@link #write} would take now */
    public long writableBytes() {
        return state.isReset() ? 0 : buffer.writableBytes();
    }

    /** @return whether {@link #finish()} was called (and the half not reset) */
    public boolean isFinished() {
        return buffer.isFinished() && !state.isReset();
    }

    /** @return the RESET_STREAM error code, or -1 if not reset */
    public long errorCode() {
        return errorCode;
    }

    /**
     * @return the final size: RESET_STREAM's if reset, the FIN's once finished, else -1
     */
    public long finalSize() {
        if (state.isReset()) {
            return finalSize;
        }
        return buffer.isFinished() ? buffer.writeOffset() : -1;
    }

    /** @return the stream-level send credit */
    public SendFlowControl flow() {
        return flow;
    }

    @Override
    public String toString() {
        return "SendStream[" + StreamId.describe(id) + " " + state + ", " + buffer + "]";
    }

    /** @return bytes held: written and not yet acknowledged (memory accounting) */
    public long bufferedBytes() {
        return buffer.bufferedBytes();
    }

    /** @return what the send buffer costs the heap, in whole pages (memory accounting) */
    public long retainedBytes() {
        return buffer.retainedBytes();
    }
}
