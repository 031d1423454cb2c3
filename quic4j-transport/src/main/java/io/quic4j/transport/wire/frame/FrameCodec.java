package io.quic4j.transport.wire.frame;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.ConnectionId;
import io.quic4j.transport.wire.StatelessResetToken;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * Decodes frames from a packet payload (RFC 9000 §12.4, §19; RFC 9221 §4). Encoding is on the records
 * themselves ({@link Frame#encode(ByteBuffer)}).
 *
 * <pre>{@code
 * while (payload.hasRemaining()) {
 *     Frame frame = FrameCodec.decode(payload);
 *     FrameRules.checkAllowed(frame.type(), packetType);
 *     switch (frame) { ... }
 * }
 * }</pre>
 *
 * <p>Payload fields of the returned records are views of {@code in}, so the packet buffer must stay
 * untouched while they are in use. Nothing else is allocated besides the record (and, for ACK, its range
 * array; for NEW_CONNECTION_ID, the connection ID).
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /**
     * Decodes one frame and advances the buffer past it. A run of PADDING bytes is one
     * {@link PaddingFrame}; STREAM and DATAGRAM frames without a Length field consume the rest of the
     * buffer, so {@code in}'s limit must be the end of the packet payload.
     *
     * @param in the payload, positioned at a frame type
     * @return the frame
     * @throws QuicTransportException FRAME_ENCODING_ERROR for a truncated or malformed frame or an unknown
     *     type; PROTOCOL_VIOLATION for a type not in its shortest encoding; CRYPTO_BUFFER_EXCEEDED for
     *     CRYPTO data past 2^62-1. On error the buffer's position is unspecified.
     */
    public static Frame decode(ByteBuffer in) {
        long type = readType(in);
        if (type >= FrameType.STREAM && type <= FrameType.STREAM_MAX) {
            return decodeStream(in, (int) type);
        }
        return switch ((int) type) {
            case 0x00 -> decodePadding(in);
            case 0x01 -> PingFrame.INSTANCE;
            case 0x02, 0x03 -> AckFrame.decode(in, type);
            case 0x04 -> new ResetStreamFrame(Fields.varint(in, type, "Stream ID"),
                    Fields.varint(in, type, "Application Protocol Error Code"), Fields.varint(in, type, "Final Size"));
            case 0x05 -> new StopSendingFrame(Fields.varint(in, type, "Stream ID"),
                    Fields.varint(in, type, "Application Protocol Error Code"));
            case 0x06 -> decodeCrypto(in);
            case 0x07 -> decodeNewToken(in);
            case 0x10 -> new MaxDataFrame(Fields.varint(in, type, "Maximum Data"));
            case 0x11 -> new MaxStreamDataFrame(Fields.varint(in, type, "Stream ID"),
                    Fields.varint(in, type, "Maximum Stream Data"));
            case 0x12, 0x13 -> new MaxStreamsFrame(type == FrameType.MAX_STREAMS_BIDI, streamCount(in, type));
            case 0x14 -> new DataBlockedFrame(Fields.varint(in, type, "Maximum Data"));
            case 0x15 -> new StreamDataBlockedFrame(Fields.varint(in, type, "Stream ID"),
                    Fields.varint(in, type, "Maximum Stream Data"));
            case 0x16, 0x17 -> new StreamsBlockedFrame(type == FrameType.STREAMS_BLOCKED_BIDI, streamCount(in, type));
            case 0x18 -> decodeNewConnectionId(in);
            case 0x19 -> new RetireConnectionIdFrame(Fields.varint(in, type, "Sequence Number"));
            case 0x1a -> new PathChallengeFrame(readLong(in, type));
            case 0x1b -> new PathResponseFrame(readLong(in, type));
            case 0x1c, 0x1d -> decodeConnectionClose(in, type);
            case 0x1e -> HandshakeDoneFrame.INSTANCE;
            case 0x30, 0x31 -> decodeDatagram(in, type);
            default -> throw QuicTransportException.inFrame(TransportError.FRAME_ENCODING_ERROR, type,
                    "unknown frame type 0x" + Long.toHexString(type));
        };
    }

    /**
     * Reads the Frame Type varint. Every type quic4j knows is below 64, so any longer encoding is either
     * a known type padded out (PROTOCOL_VIOLATION) or an unknown type (FRAME_ENCODING_ERROR).
     */
    private static long readType(ByteBuffer in) {
        if (!in.hasRemaining()) {
            throw QuicTransportException.of(TransportError.FRAME_ENCODING_ERROR, "no frame type: buffer is empty");
        }
        int first = in.get(in.position()) & 0xff;
        if (first < 0x40) {
            in.position(in.position() + 1);
            return first;
        }
        int encodedLength = 1 << (first >>> 6);
        long type = VarInt.read(in, TransportError.FRAME_ENCODING_ERROR);
        if (VarInt.size(type) < encodedLength) {
            // RFC 9000 §12.4: "a frame type MUST use the shortest possible encoding ... An endpoint MAY treat
            // the receipt of a frame type that uses a longer encoding than necessary as a connection error of
            // type PROTOCOL_VIOLATION." We do.
            throw QuicTransportException.inFrame(TransportError.PROTOCOL_VIOLATION, type, "frame type 0x"
                    + Long.toHexString(type) + " sent in " + encodedLength + " bytes instead of the shortest form");
        }
        // RFC 9000 §12.4: "An endpoint MUST treat the receipt of a frame of unknown type as a connection
        // error of type FRAME_ENCODING_ERROR."
        throw QuicTransportException.inFrame(TransportError.FRAME_ENCODING_ERROR, type,
                "unknown frame type 0x" + Long.toHexString(type));
    }

    private static PaddingFrame decodePadding(ByteBuffer in) {
        int pos = in.position();
        int limit = in.limit();
        int end = pos;
        while (end < limit && in.get(end) == 0) {
            end++;
        }
        in.position(end);
        return new PaddingFrame(end - pos + 1);
    }

    private static StreamFrame decodeStream(ByteBuffer in, int type) {
        long streamId = Fields.varint(in, type, "Stream ID");
        long offset = (type & FrameType.STREAM_OFF) != 0 ? Fields.varint(in, type, "Offset") : 0;
        boolean explicitLength = (type & FrameType.STREAM_LEN) != 0;
        // RFC 9000 §19.8: without the LEN bit "the Stream Data field consumes all the remaining bytes in the
        // packet".
        int length = explicitLength ? Fields.length(in, type, "Length") : in.remaining();
        if (offset + length > VarInt.MAX) {
            // RFC 9000 §19.8: "Receipt of a frame that exceeds this limit MUST be treated as a connection
            // error of type FRAME_ENCODING_ERROR or FLOW_CONTROL_ERROR."
            throw Fields.malformed(type, "offset " + offset + " + length " + length + " exceeds 2^62-1");
        }
        return new StreamFrame(streamId, offset, Fields.slice(in, length), (type & FrameType.STREAM_FIN) != 0,
                explicitLength);
    }

    private static CryptoFrame decodeCrypto(ByteBuffer in) {
        long type = FrameType.CRYPTO;
        long offset = Fields.varint(in, type, "Offset");
        int length = Fields.length(in, type, "Length");
        if (offset + length > VarInt.MAX) {
            // RFC 9000 §19.6: "Receipt of a frame that exceeds this limit MUST be treated as a connection
            // error of type FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED." We choose the latter: it is the
            // code the crypto stream reports for any offset past its buffer, so the peer sees one code for
            // one problem whichever layer catches it.
            throw QuicTransportException.inFrame(TransportError.CRYPTO_BUFFER_EXCEEDED, type,
                    "CRYPTO offset " + offset + " + length " + length + " exceeds 2^62-1");
        }
        return new CryptoFrame(offset, Fields.slice(in, length));
    }

    private static NewTokenFrame decodeNewToken(ByteBuffer in) {
        long type = FrameType.NEW_TOKEN;
        int length = Fields.length(in, type, "Token Length");
        if (length == 0) {
            // RFC 9000 §19.7: "A client MUST treat receipt of a NEW_TOKEN frame with an empty Token field as a
            // connection error of type FRAME_ENCODING_ERROR."
            throw Fields.malformed(type, "empty token");
        }
        return new NewTokenFrame(Fields.slice(in, length));
    }

    /** MAX_STREAMS and STREAMS_BLOCKED: the count, at most 2^60. */
    private static long streamCount(ByteBuffer in, long type) {
        long count = Fields.varint(in, type, "Maximum Streams");
        if (count > MaxStreamsFrame.MAX_COUNT) {
            // RFC 9000 §19.11 and §19.14: "This value cannot exceed 2^60 ... MUST be treated as a connection
            // error of type STREAM_LIMIT_ERROR or FRAME_ENCODING_ERROR."
            throw Fields.malformed(type, "Maximum Streams " + count + " exceeds 2^60");
        }
        return count;
    }

    private static NewConnectionIdFrame decodeNewConnectionId(ByteBuffer in) {
        long type = FrameType.NEW_CONNECTION_ID;
        long sequence = Fields.varint(in, type, "Sequence Number");
        long retirePriorTo = Fields.varint(in, type, "Retire Prior To");
        if (retirePriorTo > sequence) {
            // RFC 9000 §19.15: "Receiving a value in the Retire Prior To field that is greater than that in the
            // Sequence Number field MUST be treated as a connection error of type FRAME_ENCODING_ERROR."
            throw Fields.malformed(type, "Retire Prior To " + retirePriorTo + " exceeds Sequence Number " + sequence);
        }
        Fields.require(in, 1, type, "Length");
        int length = in.get() & 0xff;
        if (length < 1 || length > ConnectionId.MAX_LENGTH) {
            // RFC 9000 §19.15: "Values less than 1 and greater than 20 are invalid and MUST be treated as a
            // connection error of type FRAME_ENCODING_ERROR."
            throw Fields.malformed(type, "connection ID length " + length + " is not 1..20");
        }
        Fields.require(in, length + StatelessResetToken.LENGTH, type, "Connection ID and Stateless Reset Token");
        ConnectionId cid = ConnectionId.read(in, in.position(), length);
        in.position(in.position() + length);
        StatelessResetToken token = StatelessResetToken.read(in);
        return new NewConnectionIdFrame(sequence, retirePriorTo, cid, token);
    }

    private static long readLong(ByteBuffer in, long type) {
        Fields.require(in, 8, type, "Data");
        return in.getLong();
    }

    private static ConnectionCloseFrame decodeConnectionClose(ByteBuffer in, long type) {
        long errorCode = Fields.varint(in, type, "Error Code");
        boolean application = type == FrameType.CONNECTION_CLOSE_APP;
        long frameType = application ? 0 : Fields.varint(in, type, "Frame Type");
        int length = Fields.length(in, type, "Reason Phrase Length");
        return new ConnectionCloseFrame(application, errorCode, frameType, Fields.slice(in, length));
    }

    private static DatagramFrame decodeDatagram(ByteBuffer in, long type) {
        boolean explicitLength = type == FrameType.DATAGRAM_LEN;
        // RFC 9221 §4: without the LEN bit "the Datagram Data field extends to the end of the packet".
        int length = explicitLength ? Fields.length(in, type, "Length") : in.remaining();
        return new DatagramFrame(Fields.slice(in, length), explicitLength);
    }
}
