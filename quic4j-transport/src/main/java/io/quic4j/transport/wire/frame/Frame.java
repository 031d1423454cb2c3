package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;

/**
 * One QUIC frame (RFC 9000 §12.4, §19; RFC 9221 §4): an immutable record that knows its wire type,
 * its exact encoded size and how to write itself. {@link FrameCodec#decode(ByteBuffer)} is the way
 * back from bytes.
 *
 * <p>Records with a payload (STREAM, CRYPTO, DATAGRAM data, NEW_TOKEN token, CONNECTION_CLOSE reason)
 * hold a view of a buffer, not a copy: a decoded frame shares memory with the packet it came from.
 */
public sealed interface Frame
        permits PaddingFrame, PingFrame, AckFrame, ResetStreamFrame, StopSendingFrame, CryptoFrame,
        NewTokenFrame, StreamFrame, MaxDataFrame, MaxStreamDataFrame, MaxStreamsFrame, DataBlockedFrame,
        StreamDataBlockedFrame, StreamsBlockedFrame, NewConnectionIdFrame, RetireConnectionIdFrame,
        PathChallengeFrame, PathResponseFrame, ConnectionCloseFrame, HandshakeDoneFrame, DatagramFrame {

    /**
     * The frame type as it goes on the wire, including any flag bits (STREAM OFF/LEN/FIN, ACK ECN,
     * DATAGRAM LEN, the bidirectional/unidirectional and transport/application variants).
     *
     * @return a {@link FrameType} value
     */
    long type();

    /**
     * The exact number of bytes {@link #encode(ByteBuffer)} writes.
     *
     * @return the encoded size, type byte included
     */
    int encodedLength();

    /**
     * Writes the frame at the buffer's position and advances it by {@link #encodedLength()}.
     *
     * @param out a buffer with at least {@link #encodedLength()} bytes remaining
     * @throws java.nio.BufferOverflowException if there is not enough room (check first)
     */
    void encode(ByteBuffer out);
}
