package io.quic4j.transport.connection;

/**
 * A snapshot of one connection's counters and estimates (DESIGN.md §7).
 *
 * @param smoothedRttNanos smoothed RTT (RFC 9002 §5.3)
 * @param minRttNanos minimum RTT seen, 0 before the first sample
 * @param rttVarNanos RTT variation
 * @param congestionWindow congestion window in bytes
 * @param bytesInFlight bytes in flight
 * @param bytesSent UDP payload bytes sent
 * @param bytesReceived UDP payload bytes received
 * @param packetsSent QUIC packets sent
 * @param packetsReceived QUIC packets received and authenticated
 * @param packetsLost packets declared lost
 * @param packetsDropped packets dropped undecrypted, unparsable or duplicate
 * @param keyUpdates 1-RTT key updates (ours and the peer's)
 * @param openStreams streams still tracked by the connection (DESIGN.md §3: a leak shows as a number)
 * @param halfClosedStreams tracked bidirectional streams with exactly one half finished
 * @param retiredStreams streams finished for good (a peer's stream returned its MAX_STREAMS credit)
 * @param maxDatagramSize the largest UDP payload sent now, PMTU probes aside: 1200 until path MTU discovery
 *        (RFC 9000 §14.3) finds more, at most the configured maxDatagramSize and the peer's max_udp_payload_size
 */
public record ConnectionStats(long smoothedRttNanos, long minRttNanos, long rttVarNanos, long congestionWindow,
        long bytesInFlight, long bytesSent, long bytesReceived, long packetsSent, long packetsReceived,
        long packetsLost, long packetsDropped, long keyUpdates, long openStreams, long halfClosedStreams,
        long retiredStreams, int maxDatagramSize) {

    /** The mutable counters behind a snapshot; owned by the connection's thread. */
    static final class Counters {
        long bytesSent;
        long bytesReceived;
        long packetsSent;
        long packetsReceived;
        long packetsLost;
        long packetsDropped;
        long keyUpdates;
    }
}
