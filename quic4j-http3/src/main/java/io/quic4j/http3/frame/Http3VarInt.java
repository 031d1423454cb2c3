package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;

/**
 * Variable-length integers (RFC 9000 §16) as HTTP/3 uses them: the top two bits of the first byte give
 * the length (1, 2, 4 or 8 bytes), the rest is the value in network byte order, 0 to 2^62-1. The
 * transport's own codec is internal to its module, hence this small copy of the encoding for HTTP/3.
 * {@link PartialVarInt} reads one a byte at a time for the streaming parsers.
 */
public final class Http3VarInt {
    /** The largest value: 2^62-1. */
    public static final long MAX = (1L << 62) - 1;

    private Http3VarInt() {
    }

    /**
     * @param value 0 to {@link #MAX}
     * @return the length of its shortest encoding: 1, 2, 4 or 8
     */
    public static int size(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not a variable-length integer (0..2^62-1): " + value);
        }
        return value < 1 << 6 ? 1 : value < 1 << 14 ? 2 : value < 1L << 30 ? 4 : 8;
    }

    /**
     * @param first the first byte of an encoding
     * @return the length of the whole encoding, 1, 2, 4 or 8
     */
    static int encodedLength(byte first) {
        return 1 << ((first & 0xff) >>> 6);
    }

    /**
     * Writes a value in its shortest encoding.
     *
     * @param out the buffer, advanced past the integer
     * @param value 0 to {@link #MAX}
     */
    public static void write(ByteBuffer out, long value) {
        int size = size(value);
        switch (size) {
            case 1 -> out.put((byte) value);
            case 2 -> out.putShort((short) (value | 0x4000));
            case 4 -> out.putInt((int) (value | 0x8000_0000L));
            default -> out.putLong(value | 0xc000_0000_0000_0000L);
        }
    }

    /**
     * Reads one integer that must lie wholly inside {@code in} (a frame payload already delimited by its
     * Length).
     *
     * @param in the buffer, advanced past the integer
     * @param onTruncated the error if the buffer ends first
     * @return the value
     * @throws Http3Exception if the integer is cut short
     */
    public static long read(ByteBuffer in, Http3Error onTruncated) {
        if (!in.hasRemaining() || in.remaining() < encodedLength(in.get(in.position()))) {
            throw new Http3Exception(onTruncated, "truncated variable-length integer");
        }
        int length = encodedLength(in.get(in.position()));
        long value = in.get() & 0x3f;
        for (int i = 1; i < length; i++) {
            value = value << 8 | in.get() & 0xff;
        }
        return value;
    }
}
