package io.quic4j.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One thing that happened to a datagram (or to a NAT mapping) in the simulator, given to every
 * {@link TraceListener}.
 *
 * <p>For {@link Kind#SENT} and {@link Kind#DROPPED}, {@code destination} is the address the sender wrote;
 * for {@link Kind#DELIVERED}, {@link Kind#DUPLICATED}, {@link Kind#CORRUPTED} and {@link Kind#REORDERED}
 * it is the receiver's own address the datagram reaches. {@code source} is always the sender's own address
 * and {@code seenSource} the source after the link's NAT (equal to {@code source} without a NAT). For
 * {@link Kind#REBOUND}, {@code source} is the endpoint's own address, {@code seenSource} the new public
 * address and {@code destination} the old one; {@code payload} is empty and {@code datagramId} is -1.
 *
 * @param time simulated time in nanoseconds
 * @param kind what happened
 * @param datagramId the datagram's number, unique per simulator and shared by its duplicate
 * @param link the link's name ({@code "from->to"}), or {@code null} when no link leads to the destination
 * @param source the sender's own address
 * @param seenSource the source address the receiver sees
 * @param destination see above
 * @param payload a read-only view of the bytes (after corruption for deliveries); valid only during the
 *        call
 * @param dropReason why it was dropped, for {@link Kind#DROPPED}; otherwise {@code null}
 */
public record TraceEvent(long time, Kind kind, long datagramId, String link, InetSocketAddress source,
        InetSocketAddress seenSource, InetSocketAddress destination, ByteBuffer payload, DropReason dropReason) {

    /** What happened. */
    public enum Kind {
        /** An endpoint handed a datagram to the network. */
        SENT,
        /** The network dropped it; see {@link TraceEvent#dropReason()}. */
        DROPPED,
        /** The link decided to deliver a second copy (reported when the copy is scheduled). */
        DUPLICATED,
        /** The link flipped bits in a copy (reported when the copy is scheduled). */
        CORRUPTED,
        /** The link held the datagram back so that later ones overtake it (reported when scheduled). */
        REORDERED,
        /** A copy reached the receiving endpoint. */
        DELIVERED,
        /** A NAT mapping changed. */
        REBOUND
    }

    /**
     * The payload's length in bytes.
     *
     * @return the number of bytes
     */
    public int length() {
        return payload.remaining();
    }
}
