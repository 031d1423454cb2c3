package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.MaxStreamDataFrame;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StopSendingFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;

/**
 * The receiving half of a stream: the state machine of RFC 9000 §3.2 over a {@link ReceiveBuffer}, with
 * stream- and connection-level receive credit (§4) and the frames it owes.
 *
 * <p><b>Peer violations</b> raise {@link QuicTransportException}: data or a final size past our limit is
 * FLOW_CONTROL_ERROR (§4.1; a RESET_STREAM's final size counts, §4.5); data past the final size, a
 * changed final size, or a final size below data received is FINAL_SIZE_ERROR (§4.5). On an exception
 * nothing has changed.
 *
 * <p><b>Credit.</b> Bytes return connection credit when the application reads them, and also when they
 * can never be read: after {@link #cancelRead} arriving data is consumed on the spot, and a reset
 * returns everything up to its final size at once. So a stream the application gave up on never holds
 * connection credit.
 *
 * <p><b>Frames owed</b> ({@link #pollFrame}): STOP_SENDING after {@link #cancelRead}, repeated until the
 * half reaches Data Recvd or Reset Recvd (§13.3); MAX_STREAM_DATA with the latest limit, only in Recv
 * (§13.3: "stop sending ... once the receiving part of the stream enters a 'Size Known' or 'Reset Recvd'
 * state").
 */
public final class ReceiveStream {
    /** {@link #read} result once the application has been told of a reset. */
    public static final int RESET = -2;

    private final long id;
    private final ReceiveBuffer buffer = new ReceiveBuffer();
    private final ReceiveFlowControl flow;
    private final ReceiveFlowControl connection;
    private ReceiveState state = ReceiveState.RECV;
    private boolean cancelled;
    private long stopSendingCode = -1;
    private boolean stopSendingOwed;
    private long resetCode = -1;

    /**
     * @param id the stream ID
     * @param flow this stream's receive credit (our initial_max_stream_data_*)
     * @param connection the connection's receive credit, shared by all streams
     */
    public ReceiveStream(long id, ReceiveFlowControl flow, ReceiveFlowControl connection) {
        this.id = id;
        this.flow = flow;
        this.connection = connection;
        flow.followHoldOf(connection);
    }

    /**
     * Takes in a peer's STREAM frame.
     *
     * @param frame the frame (its data is copied)
     * @param now the time, nanoseconds
     * @param rtt the smoothed RTT, nanoseconds
     * @throws QuicTransportException FLOW_CONTROL_ERROR or FINAL_SIZE_ERROR (nothing changed)
     */
    public void onStreamFrame(StreamFrame frame, long now, long rtt) {
        long end = frame.endOffset();
        flow.check(end, frame.type());
        long growth = Math.max(0, end - buffer.highestReceivedOffset());
        connection.check(connection.highestReceived() + growth, frame.type());
        try {
            buffer.receive(frame.offset(), frame.data(), frame.fin(), flow.limit());
        } catch (ReceiveBufferException e) {
            throw e.toTransportException(TransportError.FLOW_CONTROL_ERROR, frame.type());
        }
        flow.onReceived(end, frame.type());
        connection.onReceivedMore(growth, frame.type());
        if (cancelled) {
            drain(now, rtt);
        }
        advance();
    }

    /**
     * Takes in a peer's RESET_STREAM: buffered data is dropped and its connection credit returned.
     *
     * @param frame the frame
     * @param now the time, nanoseconds
     * @param rtt the smoothed RTT, nanoseconds
     * @throws QuicTransportException FLOW_CONTROL_ERROR or FINAL_SIZE_ERROR (nothing changed)
     */
    public void onResetStream(ResetStreamFrame frame, long now, long rtt) {
        long size = frame.finalSize();
        flow.check(size, FrameType.RESET_STREAM);
        long growth = Math.max(0, size - buffer.highestReceivedOffset());
        connection.check(connection.highestReceived() + growth, FrameType.RESET_STREAM);
        try {
            buffer.receive(size, ByteBuffer.allocate(0), true, flow.limit());
        } catch (ReceiveBufferException e) {
            throw e.toTransportException(TransportError.FLOW_CONTROL_ERROR, FrameType.RESET_STREAM);
        }
        flow.onReceived(size, FrameType.RESET_STREAM);
        connection.onReceivedMore(growth, FrameType.RESET_STREAM);
        if (state == ReceiveState.RECV || state == ReceiveState.SIZE_KNOWN) {
            resetCode = frame.applicationErrorCode();
            // RFC 9000 §4.5: everything up to the final size now counts as consumed at connection level.
            connection.onConsumed(size - buffer.readOffset(), now, rtt);
            buffer.discard();
            flow.stopUpdates();
            stopSendingOwed = false;
            state = state.moveTo(ReceiveState.RESET_RECVD);
            if (cancelled) {
                // The application gave up reading before the reset came: nobody is left to be told.
                state = state.moveTo(ReceiveState.RESET_READ);
            }
        }
    }

    private void advance() {
        if (state == ReceiveState.RECV && buffer.isFinalSizeKnown()) {
            state = state.moveTo(ReceiveState.SIZE_KNOWN);
            flow.stopUpdates();
        }
        if (state == ReceiveState.SIZE_KNOWN && buffer.isAllReceived()) {
            state = state.moveTo(ReceiveState.DATA_RECVD);
            stopSendingOwed = false;
        }
        if (state == ReceiveState.DATA_RECVD && (buffer.isFinished() || cancelled)) {
            state = state.moveTo(ReceiveState.DATA_READ);
        }
    }

    private void drain(long now, long rtt) {
        long n = buffer.readableBytes();
        if (n > 0) {
            buffer.consume(n);
            flow.onConsumed(n, now, rtt);
            connection.onConsumed(n, now, rtt);
            flow.stopUpdates();
        }
    }

    /**
     * Reads in-order data.
     *
     * @param dst where the bytes go
     * @param now the time, nanoseconds (for window auto-tuning)
     * @param rtt the smoothed RTT, nanoseconds
     * @return bytes copied (0 if none yet); -1 at the end of the stream or after {@link #cancelRead};
     *     {@link #RESET} if the peer reset the stream (the half moves to Reset Read)
     */
    public int read(ByteBuffer dst, long now, long rtt) {
        if (state.isReset()) {
            if (state == ReceiveState.RESET_RECVD) {
                state = state.moveTo(ReceiveState.RESET_READ);
            }
            return RESET;
        }
        if (cancelled) {
            return -1;
        }
        int n = buffer.read(dst);
        if (n > 0) {
            flow.onConsumed(n, now, rtt);
            connection.onConsumed(n, now, rtt);
            if (state != ReceiveState.RECV) {
                flow.stopUpdates();
            }
        }
        advance();
        return n;
    }

    /**
     * The application stops reading: STOP_SENDING with {@code code} if the peer may still send (Recv,
     * Size Known), buffered data dropped and its credit returned. Idempotent.
     *
     * @param code the application error code for STOP_SENDING
     * @param now the time, nanoseconds
     * @param rtt the smoothed RTT, nanoseconds
     */
    public void cancelRead(long code, long now, long rtt) {
        if (cancelled) {
            return;
        }
        VarInt.size(code);
        cancelled = true;
        if (state == ReceiveState.RESET_RECVD) {
            state = state.moveTo(ReceiveState.RESET_READ);
            return;
        }
        if (state == ReceiveState.RECV || state == ReceiveState.SIZE_KNOWN) {
            stopSendingCode = code;
            stopSendingOwed = true;
        }
        flow.stopUpdates();
        drain(now, rtt);
        advance();
    }

    /** @return whether {@link #pollFrame} has something to send */
    public boolean hasFrameToSend() {
        return stopSendingOwed || (state == ReceiveState.RECV && !cancelled && flow.hasUpdatePending());
    }

    /**
     * Takes the next frame this half owes.
     *
     * @param maxLength the room in the packet for the whole frame
     * @return STOP_SENDING or MAX_STREAM_DATA, or {@code null}
     */
    public Frame pollFrame(int maxLength) {
        if (stopSendingOwed) {
            StopSendingFrame f = new StopSendingFrame(id, stopSendingCode);
            if (f.encodedLength() > maxLength) {
                return null;
            }
            stopSendingOwed = false;
            return f;
        }
        if (state == ReceiveState.RECV && !cancelled && flow.hasUpdatePending()) {
            MaxStreamDataFrame f = new MaxStreamDataFrame(id, flow.limit());
            if (f.encodedLength() > maxLength) {
                return null;
            }
            flow.pollUpdate();
            return f;
        }
        return null;
    }

    /** @param frame a frame from {@link #pollFrame} that was acknowledged (nothing more to do) */
    public void onAcked(Frame frame) {
        if (!(frame instanceof StopSendingFrame || frame instanceof MaxStreamDataFrame)) {
            throw new IllegalArgumentException("not a receive-stream frame: " + frame);
        }
    }

    /** @param frame a frame from {@link #pollFrame} that was lost: repeated if still needed (§13.3) */
    public void onLost(Frame frame) {
        switch (frame) {
            case StopSendingFrame _ -> stopSendingOwed = !state.isDone();
            case MaxStreamDataFrame f -> {
                if (state == ReceiveState.RECV && !cancelled) {
                    flow.onUpdateLost(f.maximumStreamData());
                }
            }
            default -> throw new IllegalArgumentException("not a receive-stream frame: " + frame);
        }
    }

    /** @return the stream ID */
    public long id() {
        return id;
    }

    /** @return the RFC 9000 §3.2 state */
    public ReceiveState state() {
        return state;
    }

    /** @return whether the application cancelled reading (or closed the stream) */
    public boolean isCancelled() {
        return cancelled;
    }

    /** @return the peer's RESET_STREAM error code, or -1 */
    public long resetCode() {
        return resetCode;
    }

    /** @return the final size once known (FIN or RESET_STREAM), else -1 */
    public long finalSize() {
        return buffer.finalSize();
    }

    /** @return bytes readable now */
    public long readableBytes() {
        return cancelled || state.isReset() ? 0 : buffer.readableBytes();
    }

    /** @return bytes held for the application: out-of-order and unread data (memory accounting) */
    public long bufferedBytes() {
        return buffer.bufferedBytes();
    }

    /** @return what the receive buffer costs the heap, in whole pages (memory accounting) */
    public long retainedBytes() {
        return buffer.retainedBytes();
    }

    /** @return the stream-level receive credit */
    public ReceiveFlowControl flow() {
        return flow;
    }

    @Override
    public String toString() {
        return "ReceiveStream[" + StreamId.describe(id) + " " + state + (cancelled ? " cancelled" : "") + ", "
                + buffer + "]";
    }
}
