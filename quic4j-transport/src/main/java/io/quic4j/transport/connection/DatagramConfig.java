package io.quic4j.transport.connection;

/**
 * DATAGRAM settings of a connection (RFC 9221), part of {@link ConnectionConfig}.
 *
 * <p>Both queues are bounded. When the send queue is full, the <em>oldest</em> queued datagram is
 * dropped to make room (datagrams are for data that ages badly: the newest is worth more); when the
 * receive queue is full, the arriving datagram is dropped (RFC 9221 §5.2: a receiver MAY drop them). Both
 * kinds of drop are counted in {@link DatagramStats}.
 *
 * @param maxFrameSize our max_datagram_frame_size (RFC 9221 §3): the largest DATAGRAM frame (type, length
 *            and data) we accept; 0 (default) disables receiving and is not advertised. 65535 is the RFC's
 *            recommendation for "anything that fits a packet"
 * @param sendQueueLimit datagrams queued for sending at most, at least 1 (default 64)
 * @param sendQueueBytes datagram bytes queued for sending at most, at least 1 (default 64 KiB)
 * @param receiveQueueLimit received datagrams waiting in the event queue at most, at least 1 (default 64)
 */
public record DatagramConfig(long maxFrameSize, int sendQueueLimit, int sendQueueBytes, int receiveQueueLimit) {

    /** DATAGRAM receiving disabled, default queue bounds. */
    public static final DatagramConfig DISABLED = new DatagramConfig(0, 64, 64 << 10, 64);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the setting and its allowed range
     */
    public DatagramConfig {
        if (maxFrameSize < 0 || maxFrameSize > (1L << 62) - 1) {
            throw new IllegalArgumentException("maxFrameSize must be 0-2^62-1, was " + maxFrameSize);
        }
        if (sendQueueLimit < 1 || sendQueueBytes < 1 || receiveQueueLimit < 1) {
            throw new IllegalArgumentException("datagram queue bounds must be positive, were " + sendQueueLimit
                    + ", " + sendQueueBytes + " bytes, " + receiveQueueLimit);
        }
    }

    /**
     * @param maxFrameSize our max_datagram_frame_size, 0 to disable receiving
     * @return these settings with that frame size
     */
    public DatagramConfig withMaxFrameSize(long maxFrameSize) {
        return new DatagramConfig(maxFrameSize, sendQueueLimit, sendQueueBytes, receiveQueueLimit);
    }
}
