package io.quic4j.transport.crypto;

import io.quic4j.transport.crypto.PacketDecryptionException.Reason;
import io.quic4j.transport.wire.packet.PacketNumber;
import java.nio.ByteBuffer;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Removes protection from received packets of one encryption level and key generation, in place
 * (RFC 9001 §5.3, §5.4). Holds its ciphers and scratch arrays; confined to the thread that owns the
 * connection.
 *
 * <p>One call when the key is known, with the connection's packet number decoder:
 *
 * <pre>{@code
 * long pn = opener.unprotect(buf, headerStart, pnOffset, packetEnd, (t, len) -> decode(largest, t, len));
 * // payload: [pnOffset + pnLength, packetEnd - 16), pnLength from the now unmasked first byte
 * }</pre>
 *
 * <p>Two calls for 1-RTT packets, where the Key Phase bit is only readable after header protection is
 * gone and chooses the generation (RFC 9001 §6): {@link #removeHeaderProtection}, then
 * {@link #decryptPayload} on the opener of the generation the Key Phase and packet number select. All
 * generations of an opener share one header protection key, so any of them can do the first call.
 *
 * <p>A packet that cannot be unprotected raises {@link PacketDecryptionException}: drop it (RFC 9001
 * §5.5, not a connection error), then check {@link #integrityLimitReached()}. After a failure the
 * payload bytes are unspecified.
 */
public final class PacketOpener {
    /** The largest packet number (RFC 9000 §12.3: 0 to 2^62-1). */
    public static final long MAX_PACKET_NUMBER = (1L << 62) - 1;

    /** Packets that failed authentication, shared by every generation of one opener. */
    private static final class FailureCount {
        long value;
    }

    private final PacketKeys keys;
    private final HeaderProtection headerProtection;
    private final PacketAead aead;
    private final ArrayWindow window;
    private final FailureCount failures;
    private final long integrityLimit;

    /**
     * @param keys the keys to remove protection with
     */
    public PacketOpener(PacketKeys keys) {
        this(keys, new HeaderProtection(keys.suite(), keys.headerProtectionKeyBytes()), new ArrayWindow(),
                new FailureCount());
    }

    private PacketOpener(PacketKeys keys, HeaderProtection headerProtection, ArrayWindow window,
            FailureCount failures) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.headerProtection = headerProtection;
        this.window = window;
        this.failures = failures;
        this.aead = new PacketAead(keys, Cipher.DECRYPT_MODE);
        this.integrityLimit = AeadSpec.integrityLimit(keys.suite());
    }

    /**
     * An opener for the next key phase (RFC 9001 §6.1), sharing this one's header protection and its
     * count of authentication failures. Confined to the same thread as this one.
     *
     * @return the opener of the next generation
     */
    public PacketOpener nextGeneration() {
        return new PacketOpener(keys.nextGeneration(), headerProtection, window, failures);
    }

    /**
     * Removes header protection and decrypts the payload in place.
     *
     * @param packet the buffer; heap or direct, writable; positions and limits are not changed
     * @param headerStart index of the first byte of the packet
     * @param pnOffset index of the Packet Number field
     * @param packetEnd end of the packet (for a long header: the end given by its Length field)
     * @param decoder recovers the full packet number from the truncated one
     * @return the full packet number; the payload is {@code [pnOffset + pnLength, packetEnd - 16)} with
     *         {@code pnLength = (packet.get(headerStart) & 3) + 1}
     * @throws PacketDecryptionException if the packet must be dropped
     */
    public long unprotect(ByteBuffer packet, int headerStart, int pnOffset, int packetEnd,
            PacketNumberDecoder decoder) throws PacketDecryptionException {
        int first = removeHeaderProtection(packet, headerStart, pnOffset, packetEnd);
        int pnLength = PacketNumber.lengthFromFirstByte(first);
        long packetNumber = decoder.decode(PacketNumber.read(packet, pnOffset, pnLength), pnLength);
        decryptPayload(packet, headerStart, pnOffset, pnLength, packetNumber, packetEnd);
        return packetNumber;
    }

    /**
     * Removes header protection in place (RFC 9001 §5.4.1): afterwards the first byte and the Packet
     * Number field in the buffer are in the clear.
     *
     * @param packet the buffer
     * @param headerStart index of the first byte of the packet
     * @param pnOffset index of the Packet Number field
     * @param packetEnd end of the packet
     * @return the unprotected first byte, 0-255
     * @throws PacketDecryptionException with {@link Reason#TOO_SHORT} if the packet does not contain a
     *         complete sample (RFC 9001 §5.4.2: "An endpoint MUST discard packets that are not long
     *         enough to contain a complete sample")
     */
    public int removeHeaderProtection(ByteBuffer packet, int headerStart, int pnOffset, int packetEnd)
            throws PacketDecryptionException {
        checkRange(packet, headerStart, pnOffset, packetEnd);
        // Compared this way round so that a pnOffset past the end cannot overflow.
        if (pnOffset > packetEnd - (HeaderProtection.SAMPLE_OFFSET + HeaderMask.SAMPLE_LENGTH)) {
            throw new PacketDecryptionException(Reason.TOO_SHORT,
                    "packet too short for a header protection sample: it must extend 20 bytes past the"
                            + " packet number offset");
        }
        return headerProtection.remove(packet, headerStart, pnOffset);
    }

    /**
     * Decrypts the payload in place and verifies the tag, after {@link #removeHeaderProtection}.
     *
     * @param packet the buffer
     * @param headerStart index of the first byte of the packet
     * @param pnOffset index of the Packet Number field
     * @param pnLength length of the Packet Number field, 1-4
     * @param packetNumber the full packet number
     * @param packetEnd end of the packet, tag included
     * @return the end of the plaintext payload, {@code packetEnd - 16}
     * @throws PacketDecryptionException with {@link Reason#AUTHENTICATION_FAILED} if the tag does not
     *         verify (counted for the integrity limit), or {@link Reason#TOO_SHORT} if no tag fits
     */
    public int decryptPayload(ByteBuffer packet, int headerStart, int pnOffset, int pnLength, long packetNumber,
            int packetEnd) throws PacketDecryptionException {
        checkRange(packet, headerStart, pnOffset, packetEnd);
        if (pnLength < 1 || pnLength > 4) {
            throw new IllegalArgumentException("packet number length must be 1-4, was " + pnLength);
        }
        if (packetNumber < 0 || packetNumber > MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + packetNumber);
        }
        if (pnOffset > packetEnd - pnLength - AeadSpec.TAG_LENGTH) {
            throw new PacketDecryptionException(Reason.TOO_SHORT, "packet too short for an AEAD tag");
        }
        int payloadStart = pnOffset + pnLength;
        window.open(packet, headerStart, packetEnd, packetEnd);
        int o = window.offset;
        if (!aead.open(window.array, o + headerStart, payloadStart - headerStart, o + payloadStart,
                packetEnd - payloadStart, packetNumber)) {
            failures.value++;
            throw new PacketDecryptionException(Reason.AUTHENTICATION_FAILED,
                    "AEAD tag mismatch on packet " + packetNumber);
        }
        int payloadEnd = packetEnd - AeadSpec.TAG_LENGTH;
        window.writeBack(packet, payloadStart, payloadEnd);
        return payloadEnd;
    }

    /**
     * @return packets that failed authentication with this opener and every generation derived from it
     */
    public long authenticationFailures() {
        return failures.value;
    }

    /**
     * RFC 9001 §6.6: once more packets have failed authentication than the AEAD's integrity limit, "the
     * endpoint MUST immediately close the connection with a connection error of type AEAD_LIMIT_REACHED".
     * A connection with several encryption levels adds up the counts of its openers.
     *
     * @return true if the failures of this opener's generations exceed the limit
     */
    public boolean integrityLimitReached() {
        return failures.value > integrityLimit;
    }

    /** @return the keys of this generation */
    public PacketKeys keys() {
        return keys;
    }

    private static void checkRange(ByteBuffer packet, int headerStart, int pnOffset, int packetEnd) {
        if (packet.isReadOnly()) {
            throw new IllegalArgumentException("packet buffer is read-only");
        }
        if (headerStart < 0 || pnOffset <= headerStart || packetEnd < headerStart || packetEnd > packet.limit()) {
            throw new IllegalArgumentException("bad packet offsets: headerStart " + headerStart + ", pnOffset "
                    + pnOffset + ", packetEnd " + packetEnd + ", limit " + packet.limit());
        }
    }
}
