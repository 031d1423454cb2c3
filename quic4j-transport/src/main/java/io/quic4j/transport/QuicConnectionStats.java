package io.quic4j.transport;

import java.time.Duration;

/**
 * A snapshot of one connection's counters, from {@link QuicConnection#stats()}. The stream counts make a
 * leak visible as a number (DESIGN.md §3): a connection whose {@code openStreams} only grows is holding
 * streams its application forgot.
 *
 * <pre>{@code
 * QuicConnectionStats s = connection.stats().join();
 * System.out.printf("rtt %s, cwnd %d, lost %d%n", s.smoothedRtt(), s.congestionWindow(), s.packetsLost());
 * }</pre>
 *
 * @param smoothedRtt the smoothed round-trip time (RFC 9002 §5.3)
 * @param minRtt the smallest round-trip time seen
 * @param congestionWindow the congestion window, bytes
 * @param bytesInFlight bytes sent and neither acknowledged nor declared lost
 * @param bytesSent UDP payload bytes sent
 * @param bytesReceived UDP payload bytes received
 * @param packetsSent QUIC packets sent
 * @param packetsReceived QUIC packets received and authenticated
 * @param packetsLost packets declared lost
 * @param openStreams streams with both halves still live
 * @param halfClosedStreams bidirectional streams with one half terminal
 * @param retiredStreams streams finished for good, ours and the peer's (a peer stream returned its credit)
 */
public record QuicConnectionStats(Duration smoothedRtt, Duration minRtt, long congestionWindow, long bytesInFlight,
        long bytesSent, long bytesReceived, long packetsSent, long packetsReceived, long packetsLost,
        long openStreams, long halfClosedStreams, long retiredStreams) {
}
