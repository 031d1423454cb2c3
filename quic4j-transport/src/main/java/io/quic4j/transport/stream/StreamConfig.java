package io.quic4j.transport.stream;

/**
 * This endpoint's stream settings: what it advertises in its transport parameters and how far it lets
 * windows grow. The peer's side arrives as {@link PeerLimits}.
 *
 * @param maxIncomingBidi initial_max_streams_bidi: peer bidirectional streams live at once
 * @param maxIncomingUni initial_max_streams_uni: peer unidirectional streams live at once
 * @param streamWindow initial_max_stream_data_* (all three): the initial per-stream receive window
 * @param maxStreamWindow the largest auto-tuning may grow a stream window to
 * @param connectionWindow initial_max_data: the initial connection receive window
 * @param maxConnectionWindow the largest auto-tuning may grow the connection window to
 * @param sendBuffer the most unacknowledged bytes a stream holds before {@code write} takes no more
 * @param creditOnClose whether a peer stream is retired (and returns its credit) only once the application has
 *     also released it ({@link Stream#release}), on top of the conditions in {@link StreamMap}
 */
public record StreamConfig(long maxIncomingBidi, long maxIncomingUni, long streamWindow, long maxStreamWindow,
        long connectionWindow, long maxConnectionWindow, long sendBuffer, boolean creditOnClose) {
    /** @throws IllegalArgumentException naming the setting that is out of range */
    public StreamConfig {
        check("maxIncomingBidi", maxIncomingBidi, 0, 1L << 60);
        check("maxIncomingUni", maxIncomingUni, 0, 1L << 60);
        check("streamWindow", streamWindow, 0, StreamId.MAX);
        check("maxStreamWindow", maxStreamWindow, streamWindow, StreamId.MAX);
        check("connectionWindow", connectionWindow, 0, StreamId.MAX);
        check("maxConnectionWindow", maxConnectionWindow, connectionWindow, StreamId.MAX);
        check("sendBuffer", sendBuffer, 1, Long.MAX_VALUE);
    }

    /**
     * Settings where a peer stream's credit returns as soon as both halves are done (DESIGN.md §3).
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public StreamConfig(long maxIncomingBidi, long maxIncomingUni, long streamWindow, long maxStreamWindow,
            long connectionWindow, long maxConnectionWindow, long sendBuffer) {
        this(maxIncomingBidi, maxIncomingUni, streamWindow, maxStreamWindow, connectionWindow, maxConnectionWindow,
                sendBuffer, false);
    }

    /**
     * @param on whether credit returns only once the application released the stream
     * @return these settings with {@link #creditOnClose} set
     */
    public StreamConfig withCreditOnClose(boolean on) {
        return new StreamConfig(maxIncomingBidi, maxIncomingUni, streamWindow, maxStreamWindow, connectionWindow,
                maxConnectionWindow, sendBuffer, on);
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }

    /** @return 100 streams each way, 256 KiB stream windows up to 16 MiB, 1 MiB connection up to 64 MiB */
    public static StreamConfig defaults() {
        return new StreamConfig(100, 100, 256 * 1024, 16 << 20, 1 << 20, 64 << 20, 256 * 1024);
    }
}
