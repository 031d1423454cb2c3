package io.quic4j.transport.stream;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;

/**
 * The crypto stream of one encryption level (RFC 9000 §19.6: "each encryption level is treated as a
 * separate CRYPTO stream of data"): our handshake bytes going out in CRYPTO frames, retransmitted until
 * acknowledged, and the peer's coming in, reassembled in order for TLS.
 *
 * <p>CRYPTO data has no flow control, so the receive side is bounded instead (RFC 9000 §7.5): data
 * ending more than {@link #maxReceiveBuffer()} bytes past the read offset closes the connection with
 * CRYPTO_BUFFER_EXCEEDED. The bound is at least the 4096 bytes §7.5 requires, 64 KiB by default.
 *
 * <pre>{@code
 * crypto.receive(frame);                       // from a received packet
 * for (ByteBuffer b; (b = crypto.peek()) != null; ) {
 *     int n = b.remaining();
 *     tls.receive(level, b, nowMillis);        // consumes b entirely
 *     crypto.consume(n);
 * }
 * crypto.write(tls.pollOutput(level));
 * CryptoFrame f = crypto.nextFrame(room);       // while building a packet
 * }</pre>
 */
public final class CryptoStream {
    /** RFC 9000 §7.5: "Implementations MUST support buffering at least 4096 bytes". */
    public static final int MIN_RECEIVE_BUFFER = 4096;
    /** The default bound on peer data buffered past the read offset. */
    public static final int DEFAULT_RECEIVE_BUFFER = 64 * 1024;
    /** The bound on our own unacknowledged handshake bytes at one level. */
    public static final int MAX_SEND_BUFFER = 1024 * 1024;

    private final ReceiveBuffer in = new ReceiveBuffer();
    private final SendBuffer out = new SendBuffer(MAX_SEND_BUFFER);
    private final int maxReceiveBuffer;

    /** A crypto stream with the default 64 KiB receive bound. */
    public CryptoStream() {
        this(DEFAULT_RECEIVE_BUFFER);
    }

    /**
     * @param maxReceiveBuffer how far past the read offset the peer's data may reach, at least 4096
     * @throws IllegalArgumentException if below {@link #MIN_RECEIVE_BUFFER}
     */
    public CryptoStream(int maxReceiveBuffer) {
        if (maxReceiveBuffer < MIN_RECEIVE_BUFFER) {
            throw new IllegalArgumentException(
                    "the CRYPTO receive buffer must be at least 4096 bytes (RFC 9000 §7.5), was "
                            + maxReceiveBuffer);
        }
        this.maxReceiveBuffer = maxReceiveBuffer;
    }

    /**
     * Takes in a received CRYPTO frame; repeated and overlapping data is harmless.
     *
     * @param frame the frame (its data is copied)
     * @throws QuicTransportException CRYPTO_BUFFER_EXCEEDED if the data ends more than
     *     {@link #maxReceiveBuffer()} bytes past the read offset (RFC 9000 §7.5)
     */
    public void receive(CryptoFrame frame) {
        try {
            in.receive(frame.offset(), frame.data(), false, in.readOffset() + maxReceiveBuffer);
        } catch (ReceiveBufferException e) {
            throw e.toTransportException(TransportError.CRYPTO_BUFFER_EXCEEDED, FrameType.CRYPTO);
        }
    }

    /**
     * @return a read-only view of the next in-order handshake bytes (at most one internal page), or
     *     {@code null} when none are readable; mark them read with {@link #consume}
     */
    public ByteBuffer peek() {
        return in.peek();
    }

    /**
     * @param length bytes of the peer's handshake data handled, at most {@link #readableBytes()}
     */
    public void consume(long length) {
        in.consume(length);
    }

    /**
     * @param dst where the next in-order handshake bytes go
     * @return the number of bytes copied (0 when none are readable, -1 after {@link #discard()})
     */
    public int read(ByteBuffer dst) {
        return in.read(dst);
    }

    /** @return the number of in-order bytes readable now */
    public long readableBytes() {
        return in.readableBytes();
    }

    /**
     * Queues our handshake bytes for sending.
     *
     * @param handshakeBytes the bytes from position to limit, all taken (position moves to limit);
     *     {@code null} is allowed and does nothing, as {@code TlsEngine.pollOutput} returns it
     * @throws QuicTransportException INTERNAL_ERROR, taking nothing, if more than
     *     {@link #MAX_SEND_BUFFER} bytes would be unacknowledged at this level
     * @throws IllegalStateException after {@link #discard()}
     */
    public void write(ByteBuffer handshakeBytes) {
        if (handshakeBytes == null) {
            return;
        }
        if (handshakeBytes.remaining() > out.writableBytes()) {
            throw QuicTransportException.of(TransportError.INTERNAL_ERROR,
                    "more than " + MAX_SEND_BUFFER + " bytes of unacknowledged handshake data at one level");
        }
        out.write(handshakeBytes);
    }

    /**
     * Takes the next CRYPTO frame to send: lost data first (RFC 9000 §13.3), then new data.
     *
     * @param maxFrameLength the room in the packet for the whole frame, header included
     * @return a frame with {@code encodedLength() <= maxFrameLength}, or {@code null} when there is
     *     nothing to send or no room for a byte of data
     */
    public CryptoFrame nextFrame(int maxFrameLength) {
        int room = maxFrameLength - 1 - VarInt.size(out.nextOffset());
        // The Length field is never longer than the varint for the room itself.
        int maxData = room - VarInt.size(Math.max(0, room));
        if (maxData <= 0 || !out.hasDataToSend(Long.MAX_VALUE)) {
            return null;
        }
        SendChunk chunk = out.emit(maxData, Long.MAX_VALUE);
        return chunk == null ? null : new CryptoFrame(chunk.offset(), chunk.data());
    }

    /** @return whether {@link #nextFrame} has something to send */
    public boolean hasDataToSend() {
        return out.hasDataToSend(Long.MAX_VALUE);
    }

    /** @param frame a frame from {@link #nextFrame}, in a packet that was acknowledged */
    public void onAcked(CryptoFrame frame) {
        out.onAcked(frame.offset(), frame.dataLength(), false);
    }

    /** @param frame a frame from {@link #nextFrame}, in a packet declared lost */
    public void onLost(CryptoFrame frame) {
        out.onLost(frame.offset(), frame.dataLength(), false);
    }

    /** @return whether every handshake byte written at this level is acknowledged */
    public boolean isAllAcked() {
        return out.isAllWrittenAcked();
    }

    /**
     * Drops both directions when this level's keys are discarded (RFC 9000 §13.3: "Data in CRYPTO
     * frames for Initial and Handshake packets is discarded when keys for the corresponding packet
     * number space are discarded"). Afterwards nothing is sent or read, and received frames are only
     * checked against the bound.
     */
    public void discard() {
        out.reset();
        in.discard();
    }

    /** @return how far past the read offset the peer's data may reach */
    public int maxReceiveBuffer() {
        return maxReceiveBuffer;
    }

    /** @return bytes held: the peer's unread handshake bytes and ours not yet acknowledged */
    public long bufferedBytes() {
        return in.bufferedBytes() + out.bufferedBytes();
    }

    /** @return what both buffers cost the heap, in whole pages (memory accounting) */
    public long retainedBytes() {
        return in.retainedBytes() + out.retainedBytes();
    }

    /** @return the number of the peer's handshake bytes read so far */
    public long readOffset() {
        return in.readOffset();
    }
}
