package io.quic4j.transport.stream;

import io.quic4j.transport.wire.VarInt;

/**
 * Stream ID arithmetic (RFC 9000 §2.1): "The least significant bit (0x01) of the stream ID identifies the
 * initiator of the stream. Client-initiated streams have even-numbered stream IDs (with the bit set to
 * 0), and server-initiated streams have odd-numbered stream IDs (with the bit set to 1). The second least
 * significant bit (0x02) of the stream ID distinguishes between bidirectional streams (with the bit set
 * to 0) and unidirectional streams (with the bit set to 1)." The remaining 60 bits are the stream's
 * index within its type: the n-th stream of a type has index n-1, so a count of streams (MAX_STREAMS) is
 * an exclusive bound on the index.
 */
public final class StreamId {
    /** The largest stream ID (2^62-1). */
    public static final long MAX = VarInt.MAX;

    private StreamId() {
    }

    /**
     * @param index the stream's index within its type, 0..2^60-1
     * @param clientInitiated whether the client opens it
     * @param bidirectional whether data flows both ways
     * @return the stream ID
     * @throws IllegalArgumentException if the index is out of range
     */
    public static long of(long index, boolean clientInitiated, boolean bidirectional) {
        if (index < 0 || index >= 1L << 60) {
            throw new IllegalArgumentException("stream index must be 0..2^60-1, was " + index);
        }
        return index << 2 | (clientInitiated ? 0 : 1) | (bidirectional ? 0 : 2);
    }

    /** @param id a stream ID @return whether the client initiated it (bit 0x01 clear) */
    public static boolean isClientInitiated(long id) {
        return (id & 1) == 0;
    }

    /** @param id a stream ID @return whether it is bidirectional (bit 0x02 clear) */
    public static boolean isBidirectional(long id) {
        return (id & 2) == 0;
    }

    /** @param id a stream ID @return its index within its type (the upper 60 bits) */
    public static long index(long id) {
        return id >>> 2;
    }

    /**
     * @param id a stream ID
     * @param weAreClient whether this endpoint is the client
     * @return whether this endpoint initiated the stream
     */
    public static boolean isLocal(long id, boolean weAreClient) {
        return isClientInitiated(id) == weAreClient;
    }

    /**
     * @param id a stream ID
     * @param weAreClient whether this endpoint is the client
     * @return whether this endpoint may send on the stream: every bidirectional stream, and the
     *     unidirectional streams it initiated (RFC 9000 §2.1)
     */
    public static boolean canSend(long id, boolean weAreClient) {
        return isBidirectional(id) || isLocal(id, weAreClient);
    }

    /**
     * @param id a stream ID
     * @param weAreClient whether this endpoint is the client
     * @return whether this endpoint may receive on the stream: every bidirectional stream, and the
     *     unidirectional streams the peer initiated
     */
    public static boolean canReceive(long id, boolean weAreClient) {
        return isBidirectional(id) || !isLocal(id, weAreClient);
    }

    /** @param id a value @return whether it is a valid stream ID (0..2^62-1) */
    public static boolean isValid(long id) {
        return id >= 0 && id <= MAX;
    }

    /** @param id a stream ID @return e.g. {@code "4 (client bidi #1)"}, for messages */
    public static String describe(long id) {
        return id + " (" + (isClientInitiated(id) ? "client " : "server ")
                + (isBidirectional(id) ? "bidi #" : "uni #") + index(id) + ")";
    }
}
