package io.quic4j.tls.message;

import io.quic4j.tls.TlsAlert;
import io.quic4j.tls.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * Reads the TLS presentation language (RFC 8446 §3) from a buffer without trusting any length: a
 * field or vector that runs past the end raises {@link TlsAlert#DECODE_ERROR}. Vectors are returned
 * as read-only slices of the input, never copies.
 */
public final class TlsReader {
    private final ByteBuffer buf;

    /** @param buf the bytes to read, from position to limit; the reader consumes them */
    public TlsReader(ByteBuffer buf) {
        this.buf = buf;
    }

    /** @return bytes left */
    public int remaining() {
        return buf.remaining();
    }

    /** @return whether bytes are left */
    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    private void need(int n, String what) {
        if (buf.remaining() < n) {
            throw new TlsAlertException(TlsAlert.DECODE_ERROR,
                    what + ": needs " + n + " bytes, " + buf.remaining() + " left");
        }
    }

    /**
     * @param what field name for the error message
     * @return an unsigned byte
     */
    public int u8(String what) {
        need(1, what);
        return buf.get() & 0xff;
    }

    /**
     * @param what field name for the error message
     * @return an unsigned 16-bit value
     */
    public int u16(String what) {
        need(2, what);
        return buf.getShort() & 0xffff;
    }

    /**
     * @param what field name for the error message
     * @return an unsigned 24-bit value
     */
    public int u24(String what) {
        need(3, what);
        return ((buf.get() & 0xff) << 16) | ((buf.get() & 0xff) << 8) | (buf.get() & 0xff);
    }

    /**
     * @param what field name for the error message
     * @return an unsigned 32-bit value
     */
    public long u32(String what) {
        need(4, what);
        return buf.getInt() & 0xffffffffL;
    }

    /**
     * @param n exact length
     * @param what field name for the error message
     * @return a read-only slice of the next {@code n} bytes
     */
    public ByteBuffer bytes(int n, String what) {
        need(n, what);
        ByteBuffer slice = buf.slice(buf.position(), n).asReadOnlyBuffer();
        buf.position(buf.position() + n);
        return slice;
    }

    /**
     * Reads {@code opaque x<min..max>} with a length prefix of {@code lengthBytes} bytes.
     *
     * @param lengthBytes 1, 2 or 3
     * @param min least allowed length
     * @param max greatest allowed length
     * @param what field name for the error message
     * @return a read-only slice of the vector's contents
     */
    public ByteBuffer vector(int lengthBytes, int min, int max, String what) {
        int length = switch (lengthBytes) {
            case 1 -> u8(what);
            case 2 -> u16(what);
            case 3 -> u24(what);
            default -> throw new IllegalArgumentException("length prefix of " + lengthBytes + " bytes");
        };
        if (length < min || length > max) {
            throw new TlsAlertException(TlsAlert.DECODE_ERROR,
                    what + ": length " + length + " outside " + min + ".." + max);
        }
        return bytes(length, what);
    }

    /**
     * Fails unless every byte was consumed.
     *
     * @param what the structure, for the error message
     */
    public void expectEnd(String what) {
        if (buf.hasRemaining()) {
            throw new TlsAlertException(TlsAlert.DECODE_ERROR, what + ": " + buf.remaining() + " trailing bytes");
        }
    }
}
