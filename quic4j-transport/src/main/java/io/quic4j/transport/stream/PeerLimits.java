package io.quic4j.transport.stream;

/**
 * The peer's transport parameters that bound what we send (RFC 9000 §18.2). "bidiLocal" applies to the
 * streams the peer opens, "bidiRemote" to the streams we open, from the peer's point of view.
 *
 * @param initialMaxData initial_max_data
 * @param initialMaxStreamDataBidiLocal initial_max_stream_data_bidi_local (peer-opened bidi streams)
 * @param initialMaxStreamDataBidiRemote initial_max_stream_data_bidi_remote (our bidi streams)
 * @param initialMaxStreamDataUni initial_max_stream_data_uni (our uni streams)
 * @param initialMaxStreamsBidi initial_max_streams_bidi (how many bidi streams we may open)
 * @param initialMaxStreamsUni initial_max_streams_uni (how many uni streams we may open)
 */
public record PeerLimits(long initialMaxData, long initialMaxStreamDataBidiLocal,
        long initialMaxStreamDataBidiRemote, long initialMaxStreamDataUni, long initialMaxStreamsBidi,
        long initialMaxStreamsUni) {
    /** @return all zero: nothing may be sent before the peer's transport parameters arrive */
    public static PeerLimits none() {
        return new PeerLimits(0, 0, 0, 0, 0, 0);
    }

    /**
     * @param config a peer's settings expressed as our own config
     * @return the limits a peer with that configuration advertises
     */
    public static PeerLimits of(StreamConfig config) {
        return new PeerLimits(config.connectionWindow(), config.streamWindow(), config.streamWindow(),
                config.streamWindow(), config.maxIncomingBidi(), config.maxIncomingUni());
    }
}
