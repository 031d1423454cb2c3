package io.quic4j.transport.crypto;

import io.quic4j.tls.CipherSuite;
import java.nio.ByteBuffer;

/**
 * Applies and removes header protection in place (RFC 9001 §5.4.1): the low bits of the first byte
 * (4 for long headers, 5 for short ones, where they include the Key Phase) and the Packet Number field
 * are XORed with a mask computed from a ciphertext sample starting 4 bytes after the Packet Number
 * field (§5.4.2). One instance per direction and encryption level: the key does not change on key
 * update (§5.4, §6.1), so every generation of a {@link PacketSealer} or {@link PacketOpener} shares it.
 */
final class HeaderProtection {
    /** RFC 9001 §5.4.2: the sample starts as if the Packet Number field were 4 bytes long. */
    static final int SAMPLE_OFFSET = 4;

    private final HeaderMask maskFunction;
    private final byte[] sample = new byte[HeaderMask.SAMPLE_LENGTH];
    private final byte[] mask = new byte[16];

    HeaderProtection(CipherSuite suite, byte[] key) {
        this.maskFunction = HeaderMask.create(suite, key);
    }

    /**
     * Protects a header whose payload is already encrypted. The caller checked that the sample lies
     * inside the packet.
     */
    void apply(ByteBuffer packet, int headerStart, int pnOffset, int pnLength) {
        computeMask(packet, pnOffset);
        int first = packet.get(headerStart);
        packet.put(headerStart, (byte) (first ^ (mask[0] & protectedBits(first))));
        xorPacketNumber(packet, pnOffset, pnLength);
    }

    /**
     * Removes protection from a header. The caller checked that the sample lies inside the packet.
     *
     * @return the unprotected first byte, 0-255
     */
    int remove(ByteBuffer packet, int headerStart, int pnOffset) {
        computeMask(packet, pnOffset);
        int protectedFirst = packet.get(headerStart);
        int first = (protectedFirst ^ (mask[0] & protectedBits(protectedFirst))) & 0xff;
        packet.put(headerStart, (byte) first);
        // RFC 9001 §5.4.1: the Packet Number Length is only known once the first byte is unmasked.
        xorPacketNumber(packet, pnOffset, (first & 0x03) + 1);
        return first;
    }

    private void computeMask(ByteBuffer packet, int pnOffset) {
        packet.get(pnOffset + SAMPLE_OFFSET, sample, 0, sample.length);
        maskFunction.compute(sample, mask);
    }

    private void xorPacketNumber(ByteBuffer packet, int pnOffset, int pnLength) {
        for (int i = 0; i < pnLength; i++) {
            packet.put(pnOffset + i, (byte) (packet.get(pnOffset + i) ^ mask[1 + i]));
        }
    }

    /** The Header Form bit is never protected, so it tells which mask applies either way. */
    private static int protectedBits(int firstByte) {
        return (firstByte & 0x80) != 0 ? 0x0f : 0x1f;
    }
}
