package io.quic4j.transport.connection;

import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.PacketSealer;
import io.quic4j.transport.recovery.AckTracker;
import io.quic4j.transport.recovery.EcnCodepoint;
import io.quic4j.transport.recovery.PacketNumberSpace;
import io.quic4j.transport.stream.CryptoStream;
import io.quic4j.transport.wire.frame.CryptoFrame;
import io.quic4j.transport.wire.packet.PacketNumber;
import java.nio.ByteBuffer;

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
    /** End of the highest CRYPTO data sent, for retransmitting everything unacknowledged on a PTO. */
    private long cryptoSentEnd;
    CryptoStream crypto = new CryptoStream();
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

    /** Client after Version Negotiation: the handshake starts over with a new ClientHello. */
    void restartCrypto() {
        crypto = new CryptoStream();
        cryptoSentEnd = 0;
    }

    void onCryptoSent(CryptoFrame frame) {
        cryptoSentEnd = Math.max(cryptoSentEnd, frame.offset() + frame.dataLength());
    }

    /**
     * RFC 9002 §6.2.4: a probe should carry "data still unacknowledged" rather than a bare PING. Marks all
     * CRYPTO data sent so far as lost; what is already acknowledged is skipped by the stream, so only the
     * unacknowledged rest goes out again (what aioquic and quiche do for handshake probes).
     */
    void resendUnackedCrypto() {
        if (!discarded && cryptoSentEnd > 0) {
            crypto.onLost(new CryptoFrame(0, ByteBuffer.allocate((int) Math.min(cryptoSentEnd, Integer.MAX_VALUE))));
        }
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
