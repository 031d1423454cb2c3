package io.quic4j.transport.wire.frame;

/**
 * One contiguous run of acknowledged packet numbers, both ends included.
 *
 * @param smallest the lowest packet number in the run
 * @param largest the highest packet number in the run, at least {@code smallest}
 */
public record AckRange(long smallest, long largest) {
    /**
     * @param smallest 0..largest
     * @param largest smallest..2^62-1
     */
    public AckRange {
        Fields.checkVarint("smallest", smallest);
        Fields.checkVarint("largest", largest);
        if (smallest > largest) {
            throw new IllegalArgumentException("ACK range smallest (" + smallest + ") exceeds largest (" + largest
                    + "); pass [smallest, largest]");
        }
    }

    /** @return how many packet numbers the run holds */
    public long count() {
        return largest - smallest + 1;
    }

    /**
     * @param packetNumber a packet number
     * @return whether the run includes it
     */
    public boolean contains(long packetNumber) {
        return packetNumber >= smallest && packetNumber <= largest;
    }
}
