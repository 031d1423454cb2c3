package io.quic4j.transport.recovery;

import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.FrameRules;
import java.util.List;

/**
 * A packet we sent and still track for loss recovery: the fields of RFC 9002 Appendix A.1.1 plus the
 * frames it carried, so that the connection can send their content again when the packet is lost
 * (RFC 9000 §13.3) or learn that an ACK frame of ours was received (RFC 9000 §13.2.4).
 *
 * @param packetNumber the full packet number, 0..2^62-1
 * @param space the packet number space
 * @param timeSent when it was sent, in nanoseconds on the connection's clock
 * @param ackEliciting whether it carried a frame other than ACK, PADDING or CONNECTION_CLOSE
 * @param inFlight whether it counts toward bytes in flight (ack-eliciting or with PADDING, RFC 9002 §2)
 * @param sentBytes its size, QUIC header and AEAD tag included, UDP and IP excluded
 * @param frames the frames it carried, in order; immutable
 */
public record SentPacket(long packetNumber, PacketNumberSpace space, long timeSent, boolean ackEliciting,
        boolean inFlight, int sentBytes, List<Frame> frames) {

    /**
     * @param packetNumber 0..2^62-1
     * @param space not null
     * @param timeSent any value of the caller's clock
     * @param ackEliciting as computed by {@link FrameRules#isAckEliciting(Frame)}
     * @param inFlight at least {@code ackEliciting} (every ack-eliciting packet is in flight)
     * @param sentBytes positive
     * @param frames not null; copied unless already immutable
     */
    public SentPacket {
        if (packetNumber < 0 || packetNumber > (1L << 62) - 1) {
            throw new IllegalArgumentException("packet number must be 0..2^62-1, was " + packetNumber);
        }
        if (space == null) {
            throw new IllegalArgumentException("space must not be null");
        }
        if (ackEliciting && !inFlight) {
            throw new IllegalArgumentException("an ack-eliciting packet is always in flight (RFC 9002 §2)");
        }
        if (sentBytes <= 0) {
            throw new IllegalArgumentException("sentBytes must be positive, was " + sentBytes);
        }
        frames = List.copyOf(frames);
    }

    /**
     * A sent packet whose ack-eliciting and in-flight flags follow from its frames (RFC 9002 §2).
     *
     * @param packetNumber the packet number
     * @param space its space
     * @param timeSent when it was sent
     * @param sentBytes its size
     * @param frames what it carried
     * @return the record
     */
    public static SentPacket of(long packetNumber, PacketNumberSpace space, long timeSent, int sentBytes,
            List<Frame> frames) {
        boolean ackEliciting = false;
        boolean inFlight = false;
        for (Frame frame : frames) {
            ackEliciting |= FrameRules.isAckEliciting(frame);
            inFlight |= FrameRules.countsInFlight(frame);
        }
        return new SentPacket(packetNumber, space, timeSent, ackEliciting, inFlight, sentBytes, frames);
    }
}
