package io.quic4j.transport.crypto;

/**
 * Recovers a full packet number from the truncated one in a header (RFC 9000 §17.1, Appendix A.3).
 * The connection supplies it, with the largest packet number received so far in the space, to
 * {@link PacketOpener#unprotect}.
 */
@FunctionalInterface
public interface PacketNumberDecoder {
    /**
     * @param truncated the Packet Number field as an unsigned value
     * @param length its length in bytes, 1 to 4
     * @return the full packet number, 0 to 2^62-1
     */
    long decode(long truncated, int length);
}
