package io.quic4j.transport.wire.packet;

import java.nio.ByteBuffer;

/**
 * Packet number encoding and decoding (RFC 9000 §17.1, Appendix A.2 and A.3). Packet numbers run from
 * 0 to 2^62-1 and travel truncated to their 1 to 4 least significant bytes; the receiver rebuilds the
 * full value from the largest packet number it has authenticated in the same space.
 *
 * <p>Everything here is static and allocation-free: it runs for every packet sent and received.
 *
 * <pre>{@code
 * int len = PacketNumber.encodedLength(pn, largestAcked);      // sender
 * PacketNumber.write(out, pn, len);
 * long pn = PacketNumber.decode(largestReceived, truncated, len); // receiver, after header protection
 * }</pre>
 */
public final class PacketNumber {
    /** The largest packet number: 2^62-1 (RFC 9000 §12.3). */
    public static final long MAX = (1L << 62) - 1;

    /** Pass as {@code largestAcked} or {@code largestReceived} when the space has none yet. */
    public static final long NONE = -1;

    private PacketNumber() {
    }

    /**
     * How many bytes to send a packet number in.
     *
     * <p>RFC 9000 §17.1: "the sender MUST use a packet number size able to represent more than twice as
     * large a range as the difference between the largest acknowledged packet number and the packet
     * number being sent". With n = pn - largestAcked (or pn + 1 before any acknowledgment), the
     * smallest b with 2^(8b) > 2n, that is n < 2^(8b-1). This is Appendix A.2 with the boundary
     * taken strictly, as the prose requires.
     *
     * @param packetNumber the full packet number to send, 0 to {@link #MAX}
     * @param largestAcked the largest packet number the peer acknowledged in this space, or {@link #NONE}
     * @return 1 to 4
     * @throws IllegalArgumentException if {@code packetNumber <= largestAcked}, or if more than 2^31-1
     *         packets would be unacknowledged (no encoding can carry that range)
     */
    public static int encodedLength(long packetNumber, long largestAcked) {
        if (packetNumber < 0 || packetNumber > MAX || largestAcked < NONE || packetNumber <= largestAcked) {
            throw new IllegalArgumentException(
                    "packet number " + packetNumber + " must be above largest acknowledged " + largestAcked);
        }
        long unacked = packetNumber - largestAcked; // = packetNumber + 1 when largestAcked is NONE
        int bits = 64 - Long.numberOfLeadingZeros(unacked);
        int bytes = (bits + 8) / 8; // smallest b with 8b - 1 >= bits
        if (bytes > 4) {
            throw new IllegalArgumentException(
                    unacked + " unacknowledged packet numbers exceed what 4 bytes can encode");
        }
        return bytes;
    }

    /**
     * @param packetNumber a full packet number
     * @param length 1 to 4
     * @return its {@code length} least significant bytes, the value sent on the wire
     */
    public static long truncate(long packetNumber, int length) {
        return packetNumber & mask(length);
    }

    /**
     * Rebuilds a full packet number: the value closest to the next expected one whose low bits match
     * (RFC 9000 Appendix A.3).
     *
     * @param largestReceived largest packet number successfully processed in this space, or {@link #NONE}
     * @param truncated the Packet Number field's value
     * @param length the Packet Number field's length, 1 to 4
     * @return the full packet number, 0 to {@link #MAX}
     */
    public static long decode(long largestReceived, long truncated, int length) {
        long expected = largestReceived + 1;
        long window = 1L << (length * 8);
        long halfWindow = window >>> 1;
        long mask = window - 1;
        long candidate = (expected & ~mask) | (truncated & mask);
        // RFC 9000 A.3: the extra checks keep the result in 0..2^62-1.
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        // A.3 leaves one case open: expected = 2^62 (largest received is the last packet number) with
        // truncated bits that land on 2^62 itself. The only packet number in range is one window lower.
        if (candidate > MAX) {
            return candidate - window;
        }
        return candidate;
    }

    /**
     * The Packet Number field's length from the two low bits of an unmasked first byte (RFC 9000 §17.2,
     * §17.3.1: "the value of this field plus one").
     *
     * @param unmaskedFirstByte the first byte after header protection is removed
     * @return 1 to 4
     */
    public static int lengthFromFirstByte(int unmaskedFirstByte) {
        return (unmaskedFirstByte & 0x03) + 1;
    }

    /**
     * Writes the {@code length} least significant bytes of a packet number, big-endian.
     *
     * @param out advanced by {@code length}
     * @param packetNumber the full (or already truncated) packet number
     * @param length 1 to 4
     */
    public static void write(ByteBuffer out, long packetNumber, int length) {
        checkLength(length);
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.put((byte) (packetNumber >>> shift));
        }
    }

    /**
     * Reads a Packet Number field at an absolute index, leaving the buffer's position alone. The caller
     * has checked that the bytes are there (the packet parsers do).
     *
     * @param in the buffer
     * @param index where the field starts
     * @param length 1 to 4
     * @return the truncated packet number
     */
    public static long read(ByteBuffer in, int index, int length) {
        checkLength(length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (in.get(index + i) & 0xff);
        }
        return value;
    }

    private static long mask(int length) {
        checkLength(length);
        return (1L << (length * 8)) - 1;
    }

    private static void checkLength(int length) {
        if (length < 1 || length > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4 bytes, was " + length);
        }
    }
}
