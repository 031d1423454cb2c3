package io.quic4j.transport.wire;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import java.nio.ByteBuffer;

/**
 * Variable-length integers (RFC 9000 §16): the two most significant bits of the first byte give the
 * length (1, 2, 4 or 8 bytes), the rest is the value in network byte order, so values run from 0 to
 * 2^62-1.
 *
 * <p>Reads never trust the buffer: a value cut short raises {@link QuicTransportException} with the
 * error code the caller chose for its context (a frame, a transport parameter, a packet header).
 */
public final class VarInt {
    /** The largest value a variable-length integer can hold: 2^62-1. */
    public static final long MAX = (1L << 62) - 1;

    private VarInt() {
    }

    /**
     * Reads one variable-length integer, advancing the buffer past it.
     *
     * @param in the buffer, positioned at the first byte
     * @param onMalformed error code if the buffer ends before the integer does
     * @return the value, 0 to {@link #MAX}
     * @throws QuicTransportException if the integer is truncated
     */
    public static long read(ByteBuffer in, TransportError onMalformed) {
        if (!in.hasRemaining()) {
            throw QuicTransportException.of(onMalformed, "truncated variable-length integer");
        }
        int pos = in.position();
        int length = encodedLength(in.get(pos));
        if (in.remaining() < length) {
            throw QuicTransportException.of(onMalformed,
                    "truncated variable-length integer: needs " + length + " bytes, " + in.remaining() + " left");
        }
        long value = get(in, pos);
        in.position(pos + length);
        return value;
    }

    /**
     * Reads a variable-length integer as a non-negative {@code int}, for lengths and counts that
     * must fit in memory.
     *
     * @param in the buffer
     * @param onMalformed error code if truncated or above {@link Integer#MAX_VALUE}
     * @return the value
     */
    public static int readInt(ByteBuffer in, TransportError onMalformed) {
        long v = read(in, onMalformed);
        if (v > Integer.MAX_VALUE) {
            throw QuicTransportException.of(onMalformed, "length " + v + " is too large");
        }
        return (int) v;
    }

    /**
     * The number of bytes the shortest encoding of a value takes.
     *
     * @param value 0 to {@link #MAX}
     * @return 1, 2, 4 or 8
     */
    public static int size(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not a variable-length integer (0..2^62-1): " + value);
        }
        if (value < (1 << 6)) {
            return 1;
        }
        if (value < (1 << 14)) {
            return 2;
        }
        if (value < (1L << 30)) {
            return 4;
        }
        return 8;
    }

    /**
     * Writes a value in its shortest encoding.
     *
     * @param out the buffer, advanced past the integer
     * @param value 0 to {@link #MAX}
     */
    public static void write(ByteBuffer out, long value) {
        write(out, value, size(value));
    }

    /**
     * Writes a value in an encoding of the given size, which may be longer than needed (RFC 9000 §16
     * allows it; packet headers use it to reserve room for a length filled in later).
     *
     * @param out the buffer, advanced past the integer
     * @param value 0 to {@link #MAX}
     * @param length 1, 2, 4 or 8, at least {@link #size(long)}
     */
    public static void write(ByteBuffer out, long value, int length) {
        int pos = out.position();
        if (out.limit() - pos < length) {
            throw new java.nio.BufferOverflowException();
        }
        put(out, pos, value, length);
        out.position(pos + length);
    }

    /**
     * Writes a value in an encoding of the given size at an absolute index, leaving the position alone.
     *
     * @param out the buffer
     * @param index where the integer starts
     * @param value 0 to {@link #MAX}
     * @param length 1, 2, 4 or 8, at least {@link #size(long)}
     */
    public static void put(ByteBuffer out, int index, long value, int length) {
        if (size(value) > length) {
            throw new IllegalArgumentException(value + " does not fit in a " + length + "-byte varint");
        }
        switch (length) {
            case 1 -> out.put(index, (byte) value);
            case 2 -> out.putShort(index, (short) (value | 0x4000));
            case 4 -> out.putInt(index, (int) (value | 0x8000_0000L));
            case 8 -> out.putLong(index, value | 0xc000_0000_0000_0000L);
            default -> throw new IllegalArgumentException("varint length must be 1, 2, 4 or 8, was " + length);
        }
    }

    /**
     * The encoded length announced by a variable-length integer's first byte.
     *
     * @param firstByte the first byte of the encoding
     * @return 1, 2, 4 or 8
     */
    public static int encodedLength(byte firstByte) {
        return 1 << ((firstByte & 0xff) >>> 6);
    }

    /**
     * Reads a variable-length integer at an absolute index without moving the position. The caller
     * has checked that {@link #encodedLength(byte)} bytes are there.
     *
     * @param in the buffer
     * @param index where the integer starts
     * @return the value
     */
    public static long get(ByteBuffer in, int index) {
        return switch (encodedLength(in.get(index))) {
            case 1 -> in.get(index) & 0x3f;
            case 2 -> in.getShort(index) & 0x3fff;
            case 4 -> in.getInt(index) & 0x3fff_ffffL;
            default -> in.getLong(index) & MAX;
        };
    }
}
