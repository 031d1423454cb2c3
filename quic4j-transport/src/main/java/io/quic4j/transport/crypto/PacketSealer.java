package io.quic4j.transport.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Protects outgoing packets of one encryption level and key generation, in place (RFC 9001 §5.3,
 * §5.4). Holds its ciphers and scratch arrays; confined to the thread that owns the connection.
 *
 * <p>The header codec writes the header (with the Packet Number Length bits and the truncated
 * packet number) and the frames, leaving 16 bytes free after the payload; then
 * {@link #protect} encrypts the payload, writes the tag and masks the header:
 *
 * <pre>{@code
 * int end = sealer.protect(buf, headerStart, pnOffset, pnLength, pn, payloadEnd); // end = payloadEnd + 16
 * }</pre>
 */
public final class PacketSealer {
    private final PacketKeys keys;
    private final HeaderProtection headerProtection;
    private final PacketAead aead;
    private final ArrayWindow window;
    private final long confidentialityLimit;
    private long packetsProtected;

    /**
     * @param keys the keys to protect with
     */
    public PacketSealer(PacketKeys keys) {
        this(keys, new HeaderProtection(keys.suite(), keys.headerProtectionKeyBytes()), new ArrayWindow());
    }

    private PacketSealer(PacketKeys keys, HeaderProtection headerProtection, ArrayWindow window) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.headerProtection = headerProtection;
        this.window = window;
        this.aead = new PacketAead(keys, Cipher.ENCRYPT_MODE);
        this.confidentialityLimit = AeadSpec.confidentialityLimit(keys.suite());
    }

    /**
     * A sealer for the next key phase (RFC 9001 §6.1), sharing this one's header protection, which a
     * key update does not change. Confined to the same thread as this one.
     *
     * @return the sealer of the next generation
     */
    public PacketSealer nextGeneration() {
        return new PacketSealer(keys.nextGeneration(), headerProtection, window);
    }

    /**
     * Encrypts the payload in place, appends the tag and applies header protection.
     *
     * <p>The associated data is {@code [headerStart, pnOffset + pnLength)}: the header up to and
     * including the unprotected packet number (RFC 9001 §5.3).
     *
     * @param packet the buffer; heap or direct, writable; positions and limits are not changed
     * @param headerStart index of the first byte of the packet
     * @param pnOffset index of the Packet Number field
     * @param pnLength length of the Packet Number field, 1-4; must match the low two bits of the first
     *        byte
     * @param packetNumber the full packet number, which forms the nonce
     * @param payloadEnd end of the plaintext payload; the 16 bytes after it must be inside the limit
     * @return the end of the protected packet, {@code payloadEnd + 16}
     * @throws IllegalArgumentException if the offsets are inconsistent, there is no room for the tag, or
     *         the packet number and payload are together shorter than 4 bytes (RFC 9001 §5.4.2: the
     *         sender pads so that a sample exists)
     * @throws IllegalStateException if this key reached its confidentiality limit (RFC 9001 §6.6: a key
     *         update or close is due first), or the packet number was just protected with this key
     */
    public int protect(ByteBuffer packet, int headerStart, int pnOffset, int pnLength, long packetNumber,
            int payloadEnd) {
        if (packet.isReadOnly()) {
            throw new IllegalArgumentException("packet buffer is read-only");
        }
        if (headerStart < 0 || pnOffset <= headerStart || pnOffset > packet.limit() || pnLength < 1 || pnLength > 4) {
            throw new IllegalArgumentException("bad header offsets: headerStart " + headerStart + ", pnOffset "
                    + pnOffset + ", pnLength " + pnLength);
        }
        int payloadStart = pnOffset + pnLength;
        if (payloadEnd < payloadStart || payloadEnd > packet.limit() - AeadSpec.TAG_LENGTH) {
            throw new IllegalArgumentException("payload [" + payloadStart + ", " + payloadEnd
                    + ") plus a 16-byte tag does not fit below limit " + packet.limit());
        }
        if (payloadEnd - pnOffset < HeaderProtection.SAMPLE_OFFSET) {
            throw new IllegalArgumentException("RFC 9001 §5.4.2: packet number and payload must be at least"
                    + " 4 bytes so that a header protection sample exists; pad the payload");
        }
        if ((packet.get(headerStart) & 0x03) + 1 != pnLength) {
            throw new IllegalArgumentException("first byte says a " + ((packet.get(headerStart) & 0x03) + 1)
                    + "-byte packet number, caller says " + pnLength);
        }
        if (packetNumber < 0 || packetNumber > PacketOpener.MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + packetNumber);
        }
        if (packetsProtected >= confidentialityLimit) {
            throw new IllegalStateException("RFC 9001 §6.6: confidentiality limit of " + confidentialityLimit
                    + " packets reached for this key");
        }
        int packetEnd = payloadEnd + AeadSpec.TAG_LENGTH;
        window.open(packet, headerStart, payloadEnd, packetEnd);
        int o = window.offset;
        aead.seal(window.array, o + headerStart, payloadStart - headerStart, o + payloadStart,
                payloadEnd - payloadStart, packetNumber);
        window.writeBack(packet, payloadStart, packetEnd);
        // RFC 9001 §5.4.1: header protection is applied after packet protection, sampling the ciphertext.
        headerProtection.apply(packet, headerStart, pnOffset, pnLength);
        packetsProtected++;
        return packetEnd;
    }

    /** @return packets protected with this generation's key, for the confidentiality limit */
    public long packetsProtected() {
        return packetsProtected;
    }

    /**
     * @return true once this key has protected as many packets as RFC 9001 §6.6 allows; the connection
     *         must update keys (1-RTT) or close before sending more
     */
    public boolean confidentialityLimitReached() {
        return packetsProtected >= confidentialityLimit;
    }

    /** @return the keys of this generation */
    public PacketKeys keys() {
        return keys;
    }
}
