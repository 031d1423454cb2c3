package io.quic4j.transport.wire.frame;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A 16-byte stateless reset token (RFC 9000 §10.3), kept as two big-endian longs so it needs no array
 * and compares in constant time.
 *
 * @param high the first 8 bytes, big-endian
 * @param low the last 8 bytes, big-endian
 */
public record StatelessResetToken(long high, long low) {
    /** The token length in bytes. */
    public static final int LENGTH = 16;

    /**
     * @param bytes exactly 16 bytes
     * @return the token
     */
    public static StatelessResetToken of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a stateless reset token is 16 bytes, was " + bytes.length);
        }
        return read(ByteBuffer.wrap(bytes), 0);
    }

    /**
     * Reads a token at an absolute index, e.g. the last 16 bytes of a datagram that might be a stateless
     * reset (§10.3.1). Leaves the position alone.
     *
     * @param in the buffer
     * @param index where the token starts; {@code index + 16 <= limit}
     * @return the token
     */
    public static StatelessResetToken read(ByteBuffer in, int index) {
        return new StatelessResetToken(in.getLong(index), in.getLong(index + 8));
    }

    /**
     * Writes the 16 bytes at the position and advances it.
     *
     * @param out the buffer
     */
    public void writeTo(ByteBuffer out) {
        out.putLong(high);
        out.putLong(low);
    }

    /** @return the 16 bytes, a fresh array */
    public byte[] toBytes() {
        byte[] bytes = new byte[LENGTH];
        ByteBuffer.wrap(bytes).putLong(high).putLong(low);
        return bytes;
    }

    /**
     * Compares without an early exit. RFC 9000 §10.3.1: "When comparing a datagram to stateless reset
     * token values, endpoints MUST perform the comparison without leaking information about the value of
     * the token."
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof StatelessResetToken other && ((high ^ other.high) | (low ^ other.low)) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
