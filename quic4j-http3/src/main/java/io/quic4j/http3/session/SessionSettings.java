package io.quic4j.http3.session;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.transport.QuicConfig;

/**
 * What a session advertises in SETTINGS and enforces (RFC 9114 §7.2.4.1, RFC 9204 §5). The server's and the
 * client's configurations are checked through it, so both give the same messages.
 *
 * @param maxFieldSectionSize SETTINGS_MAX_FIELD_SECTION_SIZE, 32 to 2^30 bytes
 * @param qpackMaxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY, also the most table our encoder uses, 0 to 2^30
 * @param qpackBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS, 0 or more
 * @param maxIgnoredUniStreams the peer's unidirectional streams of unknown types allowed before H3_EXCESSIVE_LOAD
 *     (RFC 9114 §10.5; {@link Http3AbuseLimits#maxIgnoredUniStreams()}), at least 1
 * @param maxIgnoredControlFrames frames of unknown types allowed on the peer's control stream, beyond
 *     {@link Http3Session#IGNORED_CONTROL_FRAMES_PER_REQUEST} per request, before H3_EXCESSIVE_LOAD
 *     ({@link Http3AbuseLimits#maxIgnoredControlFrames()}), at least 1
 */
public record SessionSettings(long maxFieldSectionSize, long qpackMaxTableCapacity, int qpackBlockedStreams,
        int maxIgnoredUniStreams, int maxIgnoredControlFrames) {

    /**
     * Settings with {@link Http3AbuseLimits#DEFAULTS}' bounds on unknown streams and frames (a client's, which has no
     * abuse limits of its own to configure).
     *
     * @param maxFieldSectionSize see {@link #maxFieldSectionSize()}
     * @param qpackMaxTableCapacity see {@link #qpackMaxTableCapacity()}
     * @param qpackBlockedStreams see {@link #qpackBlockedStreams()}
     */
    public SessionSettings(long maxFieldSectionSize, long qpackMaxTableCapacity, int qpackBlockedStreams) {
        this(maxFieldSectionSize, qpackMaxTableCapacity, qpackBlockedStreams,
                Http3AbuseLimits.DEFAULTS.maxIgnoredUniStreams(), Http3AbuseLimits.DEFAULTS.maxIgnoredControlFrames());
    }

    /**
     * A server's settings: its SETTINGS values and its abuse limits.
     *
     * @param maxFieldSectionSize see {@link #maxFieldSectionSize()}
     * @param qpackMaxTableCapacity see {@link #qpackMaxTableCapacity()}
     * @param qpackBlockedStreams see {@link #qpackBlockedStreams()}
     * @param limits where the bounds on unknown streams and frames come from
     * @return the settings
     */
    public static SessionSettings of(long maxFieldSectionSize, long qpackMaxTableCapacity, int qpackBlockedStreams,
            Http3AbuseLimits limits) {
        return new SessionSettings(maxFieldSectionSize, qpackMaxTableCapacity, qpackBlockedStreams,
                limits.maxIgnoredUniStreams(), limits.maxIgnoredControlFrames());
    }

    /** Checks the ranges. */
    public SessionSettings {
        if (maxFieldSectionSize < 32 || maxFieldSectionSize > (1L << 30)) {
            throw new IllegalArgumentException("maxFieldSectionSize must be 32 to 2^30 bytes, was "
                    + maxFieldSectionSize);
        }
        if (qpackMaxTableCapacity < 0 || qpackMaxTableCapacity > (1L << 30)) {
            throw new IllegalArgumentException("qpackMaxTableCapacity must be 0 to 2^30 bytes, was "
                    + qpackMaxTableCapacity);
        }
        if (qpackBlockedStreams < 0) {
            throw new IllegalArgumentException("qpackBlockedStreams must be 0 or more, was " + qpackBlockedStreams);
        }
        if (maxIgnoredUniStreams < 1 || maxIgnoredControlFrames < 1) {
            throw new IllegalArgumentException("maxIgnoredUniStreams and maxIgnoredControlFrames must be at least 1,"
                    + " were " + maxIgnoredUniStreams + ", " + maxIgnoredControlFrames);
        }
    }

    /**
     * RFC 9114 §6.2: "each endpoint needs to create at least one unidirectional stream for the HTTP control
     * stream", and QPACK adds two (RFC 9204 §4.2), so the peer must be allowed three.
     *
     * @param quic our transport settings
     * @param peer "client" or "server", for the message
     * @throws IllegalArgumentException if fewer than three unidirectional streams are allowed
     */
    public static void requirePeerUniStreams(QuicConfig quic, String peer) {
        if (quic.maxIncomingUnidirectionalStreams() < 3) {
            throw new IllegalArgumentException("quicConfig.maxIncomingUnidirectionalStreams must be at least 3 (the "
                    + peer + "'s control and QPACK streams, RFC 9114 §6.2), was "
                    + quic.maxIncomingUnidirectionalStreams());
        }
    }
}
