package io.quic4j.http3.frame;

import java.nio.ByteBuffer;

/**
 * One variable-length integer (RFC 9000 §16) read across buffer boundaries: stream data may be split
 * anywhere, including inside an integer, so the bytes seen so far are kept here until it is complete.
 */
final class PartialVarInt {
    private long value;
    private int needed;
    private int seen;

    PartialVarInt() {
    }

    /**
     * Consumes bytes from {@code in} until the integer is complete or {@code in} is empty.
     *
     * @return whether the integer is complete; {@link #value()} then holds it
     */
    boolean feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (seen == 0) {
                needed = Http3VarInt.encodedLength(b);
                value = b & 0x3f;
            } else {
                value = value << 8 | b & 0xff;
            }
            if (++seen == needed) {
                return true;
            }
        }
        return false;
    }

    /** @return whether some but not all bytes of an integer have been read */
    boolean started() {
        return seen > 0 && seen < needed;
    }

    /** @return the value of the completed integer */
    long value() {
        return value;
    }

    /** Forgets the integer, ready for the next one. */
    void reset() {
        seen = 0;
        needed = 0;
        value = 0;
    }
}
