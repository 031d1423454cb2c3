package io.quic4j.transport.recovery;

import java.util.List;

/**
 * What one ACK frame did (RFC 9002 Appendix A.7): the connection feeds {@code newlyAcked} (the in-flight
 * ones) to congestion control with {@code CongestionController.onPacketAcked}, removes the in-flight
 * {@code lost} packets with {@code onPacketLost} and then signals one {@code onCongestionEvent} for the
 * newest of them, reacts to {@code ecnCeIncreased} with a congestion event at {@code largestAckedTimeSent}
 * (Appendix B.7), and to {@code persistentCongestion} with {@code onPersistentCongestion} (§7.6.2).
 * Lost packets' frames are to be sent again as RFC 9000 §13.3 says.
 *
 * @param space the packet number space of the ACK
 * @param newlyAcked packets acknowledged for the first time, in ascending packet number order
 * @param lost packets declared lost by this ACK, in ascending packet number order; none of them is in
 *     {@code newlyAcked}
 * @param rttUpdated whether the ACK produced an RTT sample (RFC 9002 §5.1)
 * @param ecnCeIncreased whether the peer's ECN-CE count for this space grew (RFC 9002 Appendix B.7)
 * @param largestAckedTimeSent when the ACK's Largest Acknowledged packet was sent, if this ACK newly
 *     acknowledged it; otherwise {@link LossDetector#NO_TIME}
 * @param persistentCongestion whether the lost packets establish persistent congestion (RFC 9002 §7.6)
 */
public record AckResult(PacketNumberSpace space, List<SentPacket> newlyAcked, List<SentPacket> lost,
        boolean rttUpdated, boolean ecnCeIncreased, long largestAckedTimeSent, boolean persistentCongestion) {

    /**
     * @param space not null
     * @param newlyAcked not null, copied unless immutable
     * @param lost not null, copied unless immutable
     * @param rttUpdated see above
     * @param ecnCeIncreased see above
     * @param largestAckedTimeSent see above
     * @param persistentCongestion see above
     */
    public AckResult {
        newlyAcked = List.copyOf(newlyAcked);
        lost = List.copyOf(lost);
    }

    /**
     * @param space the space
     * @return the result of an ACK that acknowledged nothing new
     */
    static AckResult nothingNew(PacketNumberSpace space) {
        return new AckResult(space, List.of(), List.of(), false, false, LossDetector.NO_TIME, false);
    }
}
