package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;

/**
 * Prefixed integers (RFC 7541 §5.1, used unmodified by RFC 9204 §4.1.1 with prefixes of 1 to 8 bits). Values are
 * limited to 62 bits: RFC 9204 §4.1.1 requires decoding "integers up to and including 62 bits long", and RFC 7541
 * §5.1 requires treating encodings beyond an implementation's limits "in value or octet length" as errors.
 */
final class QpackInteger {
    /** The largest value accepted: 2^62 - 1. */
    static final long MAX = (1L << 62) - 1;

    /** Returned by {@link #decode} when the input ends inside the integer. */
    static final long INCOMPLETE = -1;

    /**
     * Continuation bytes after the prefix: 9 carry 63 bits, enough for any 62-bit value with a few redundant
     * zero bits; a tenth is an "endless" integer.
     */
    private static final int MAX_CONTINUATION_BYTES = 9;

    private QpackInteger() {
    }

    /**
     * Reads an integer whose prefix is the low {@code prefixBits} bits of the byte at the buffer's position. On
     * success the buffer is advanced past the integer; when it returns {@link #INCOMPLETE} the position is
     * undefined (the caller rewinds).
     *
     * @param in the input
     * @param prefixBits 1..8
     * @param error the code to fail with
     * @return the value (0..2^62-1), or {@link #INCOMPLETE} if the input ends first
     * @throws Http3Exception for a value above 2^62-1 or more continuation bytes than such a value needs
     */
    static long decode(ByteBuffer in, int prefixBits, Http3Error error) {
        if (!in.hasRemaining()) {
            return INCOMPLETE;
        }
        int mask = (1 << prefixBits) - 1;
        long value = in.get() & mask;
        if (value < mask) {
            return value;
        }
        for (int i = 0; i < MAX_CONTINUATION_BYTES; i++) {
            if (!in.hasRemaining()) {
                return INCOMPLETE;
            }
            int b = in.get() & 0xff;
            // Shifts reach 56, so each addend is below 2^63; compared before adding, the sum cannot overflow.
            long addend = (long) (b & 0x7f) << (7 * i);
            if (addend > MAX - value) {
                throw new Http3Exception(error, "integer exceeds 2^62-1");
            }
            value += addend;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Http3Exception(error, "integer encoding longer than " + (MAX_CONTINUATION_BYTES + 1) + " bytes");
    }

    /**
     * @param prefixBits 1..8
     * @param value 0..2^62-1
     * @return the number of bytes {@link #encode} writes
     */
    static int size(int prefixBits, long value) {
        long mask = (1L << prefixBits) - 1;
        if (value < mask) {
            return 1;
        }
        int size = 2;
        for (long rest = value - mask; rest >= 0x80; rest >>>= 7) {
            size++;
        }
        return size;
    }

    /**
     * Writes an integer with an N-bit prefix; the bits above the prefix in the first byte come from {@code flags}.
     *
     * @param out the output
     * @param flags the high bits of the first byte (must not overlap the prefix)
     * @param prefixBits 1..8
     * @param value 0..2^62-1
     */
    static void encode(ByteBuffer out, int flags, int prefixBits, long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("QPACK integers are 0..2^62-1, was " + value);
        }
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.put((byte) (flags | value));
            return;
        }
        out.put((byte) (flags | mask));
        long rest = value - mask;
        while (rest >= 0x80) {
            out.put((byte) (0x80 | (rest & 0x7f)));
            rest >>>= 7;
        }
        out.put((byte) rest);
    }
}
