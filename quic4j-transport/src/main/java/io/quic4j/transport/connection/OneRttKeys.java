package io.quic4j.transport.connection;

import io.quic4j.transport.crypto.PacketKeys;
import io.quic4j.transport.crypto.PacketOpener;
import io.quic4j.transport.crypto.PacketSealer;

/**
 * The 1-RTT keys and their key phases (RFC 9001 §6): the current sealer and opener, the opener of the
 * previous phase (kept for about three PTOs so reordered packets still open, §6.5), and the opener of
 * the next phase, tried when a packet arrives with the other Key Phase bit and a packet number above
 * everything of the current phase (§6.3).
 */
final class OneRttKeys {
    private PacketSealer sealer;
    private PacketOpener opener;
    private PacketOpener nextOpener;
    private PacketOpener previousOpener;
    private boolean phase;
    /** First packet number we sent with the current write keys, or -1 before one is sent. */
    private long firstSentInPhase = -1;
    /** Whether the peer acknowledged a packet of the current phase (RFC 9001 §6.1 precondition). */
    private boolean currentPhaseAcked;
    /** Smallest packet number received with the current read keys. */
    private long firstReceivedInPhase = Long.MAX_VALUE;
    private long discardPreviousAt = Long.MAX_VALUE;
    private long updates;

    OneRttKeys(PacketKeys write, PacketKeys read) {
        this.sealer = new PacketSealer(write);
        this.opener = new PacketOpener(read);
        this.nextOpener = opener.nextGeneration();
    }

    PacketSealer sealer() {
        return sealer;
    }

    boolean phase() {
        return phase;
    }

    long updates() {
        return updates;
    }

    void onPacketSent(long packetNumber) {
        if (firstSentInPhase < 0) {
            firstSentInPhase = packetNumber;
        }
    }

    void onAckReceived(long largestNewlyAcked) {
        if (firstSentInPhase >= 0 && largestNewlyAcked >= firstSentInPhase) {
            currentPhaseAcked = true;
        }
    }

    /** @return packets protected with the current write key */
    long packetsWithCurrentKey() {
        return sealer.packetsProtected();
    }

    /**
     * RFC 9001 §6.1: "An endpoint MUST NOT initiate a subsequent key update unless it has received an
     * acknowledgment for a packet that was sent protected with keys from the current key phase." We
     * also wait until the previous read keys are gone, so a phase bit never means two generations.
     *
     * @return whether a key update may start now
     */
    boolean canInitiate(long now) {
        onTimeout(now);
        return currentPhaseAcked && previousOpener == null;
    }

    /**
     * Starts a key update: new write and read keys at once (RFC 9001 §6.1: the receiver answers with
     * the same phase, and we must be ready to read it).
     *
     * @param now the time
     * @param retainFor how long to keep the old read keys (three PTOs)
     */
    void initiate(long now, long retainFor) {
        rotateRead(now, retainFor);
        rotateWrite();
        firstReceivedInPhase = Long.MAX_VALUE;
    }

    private void rotateRead(long now, long retainFor) {
        previousOpener = opener;
        opener = nextOpener;
        nextOpener = opener.nextGeneration();
        discardPreviousAt = now + retainFor;
        updates++;
    }

    private void rotateWrite() {
        sealer = sealer.nextGeneration();
        phase = !phase;
        firstSentInPhase = -1;
        currentPhaseAcked = false;
    }

    /** Which opener a received packet goes to (RFC 9001 §6.3). */
    enum Choice {
        CURRENT, PREVIOUS, NEXT
    }

    Choice choose(boolean keyPhase, long packetNumber) {
        if (keyPhase == phase) {
            return Choice.CURRENT;
        }
        if (previousOpener != null && packetNumber < firstReceivedInPhase) {
            return Choice.PREVIOUS;
        }
        return Choice.NEXT;
    }

    PacketOpener opener(Choice choice) {
        return switch (choice) {
            case CURRENT -> opener;
            case PREVIOUS -> previousOpener;
            case NEXT -> nextOpener;
        };
    }

    /** @return the opener whose header protection key every generation shares */
    PacketOpener headerOpener() {
        return opener;
    }

    /**
     * A packet opened with the given choice.
     *
     * @param choice which opener succeeded
     * @param packetNumber its packet number
     * @param now the time
     * @param retainFor how long to keep old read keys after a peer-initiated update
     * @return true if this packet was the peer starting a key update
     */
    boolean onOpened(Choice choice, long packetNumber, long now, long retainFor) {
        switch (choice) {
            case CURRENT -> firstReceivedInPhase = Math.min(firstReceivedInPhase, packetNumber);
            case PREVIOUS -> {
            }
            case NEXT -> {
                // RFC 9001 §6.2: the peer updated; "the endpoint MUST update its send keys to the
                // corresponding key phase in response".
                rotateRead(now, retainFor);
                rotateWrite();
                firstReceivedInPhase = packetNumber;
                return true;
            }
        }
        return false;
    }

    /** @return when the previous read keys are dropped, or {@code Long.MAX_VALUE} */
    long discardTime() {
        return previousOpener == null ? Long.MAX_VALUE : discardPreviousAt;
    }

    void onTimeout(long now) {
        if (previousOpener != null && now >= discardPreviousAt) {
            previousOpener = null;
            discardPreviousAt = Long.MAX_VALUE;
        }
    }

    long authenticationFailures() {
        return opener.authenticationFailures();
    }

    boolean integrityLimitReached() {
        return opener.integrityLimitReached();
    }
}
