package io.quic4j.transport.connection;

import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.recovery.AckTracker;
import io.quic4j.transport.recovery.EcnCodepoint;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.stream.CryptoStream;
import io.quic4j.transport.wire.packet.PacketNumber;

/**
 * One packet number space (RFC 9000 §12.3) as the connection sees it: the next packet number to send,
 * the largest received (for packet number decoding), the Initial or Handshake keys (1-RTT keys live in
 * {@link OneRttKeys}), the CRYPTO stream of its encryption level, and the acknowledgment state of what
 * we received.
 */
final class PacketSpace {
    final PacketNumberSpace id;
    private PacketSealer sealer;
    private PacketOpener opener;
    private long nextPacketNumber;
    private long largestAcked = PacketNumber.NONE;
    private boolean discarded;
    final CryptoStream crypto = new CryptoStream();
    final AckTracker acks;

    PacketSpace(PacketNumberSpace id, int ackDelayExponent, long maxAckDelayNanos) {
        this.id = id;
        this.acks = new AckTracker(id, maxAckDelayNanos, ackDelayExponent);
    }

    PacketSealer sealer() {
        return discarded ? null : sealer;
    }

    PacketOpener opener() {
        return discarded ? null : opener;
    }

    void install(PacketSealer newSealer, PacketOpener newOpener) {
        if (newSealer != null) {
            sealer = newSealer;
        }
        if (newOpener != null) {
            opener = newOpener;
        }
    }

    boolean discarded() {
        return discarded;
    }

    /** RFC 9001 §4.9: drops the keys; nothing more is sent or received in this space. */
    void discard() {
        discarded = true;
        sealer = null;
        opener = null;
        crypto.discard();
    }

    long largestReceived() {
        return acks.largestReceived();
    }

    long largestAcked() {
        return largestAcked;
    }

    void onLargestAcked(long packetNumber) {
        largestAcked = Math.max(largestAcked, packetNumber);
    }

    long takePacketNumber() {
        return nextPacketNumber++;
    }

    long peekPacketNumber() {
        return nextPacketNumber;
    }

    boolean isDuplicate(long packetNumber) {
        return acks.isDuplicate(packetNumber);
    }

    void onPacketReceived(long packetNumber, boolean ackEliciting, long now) {
        acks.onPacketReceived(packetNumber, ackEliciting, EcnCodepoint.NOT_ECT, now);
    }
}
