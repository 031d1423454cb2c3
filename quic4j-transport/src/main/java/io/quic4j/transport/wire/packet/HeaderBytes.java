package io.quic4j.transport.wire.packet;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * Bounds-checked absolute reads for header parsing. Absolute reads leave the datagram's position alone
 * and need no duplicate buffer, so parsing allocates nothing for them. Every overrun becomes a
 * {@link QuicTransportException} naming the field.
 */
final class HeaderBytes {
    private HeaderBytes() {
    }

    static QuicTransportException malformed(String message) {
        return QuicTransportException.of(TransportError.PROTOCOL_VIOLATION, message);
    }

    static void require(int index, int count, int limit, String field) {
        if (count < 0 || index > limit - count) {
            throw malformed("packet truncated in " + field + ": needs " + count + " bytes at offset " + index
                    + ", datagram ends at " + limit);
        }
    }

    static int u8(ByteBuffer in, int index, int limit, String field) {
        require(index, 1, limit, field);
        return in.get(index) & 0xff;
    }

    static int u32(ByteBuffer in, int index, int limit, String field) {
        require(index, 4, limit, field);
        return in.getInt(index);
    }

    /** @return the encoded size of the variable-length integer whose first byte is at {@code index} */
    static int varIntSize(ByteBuffer in, int index, int limit, String field) {
        int size = VarInt.encodedLength((byte) u8(in, index, limit, field));
        require(index, size, limit, field);
        return size;
    }

    /** A read-only view of {@code length} bytes at {@code index}, position 0. */
    static ByteBuffer view(ByteBuffer in, int index, int length) {
        return in.slice(index, length).asReadOnlyBuffer();
    }

    /** Copies all remaining bytes of {@code src} into {@code out} without moving {@code src}'s position. */
    static void putAll(ByteBuffer out, ByteBuffer src) {
        int n = src.remaining();
        if (out.remaining() < n) {
            throw new java.nio.BufferOverflowException();
        }
        out.put(out.position(), src, src.position(), n);
        out.position(out.position() + n);
    }

    /** Checks that an unmasked first byte agrees with the packet on the bits header protection leaves alone. */
    static void checkUnprotectedBits(ByteBuffer datagram, int start, int unmaskedFirstByte, int protectedMask) {
        int onWire = datagram.get(start) & 0xff;
        if (((onWire ^ unmaskedFirstByte) & ~protectedMask & 0xff) != 0) {
            throw new IllegalArgumentException(String.format(
                    "unmasked first byte 0x%02x differs from the packet's 0x%02x outside the protected bits 0x%02x",
                    unmaskedFirstByte & 0xff, onWire, protectedMask));
        }
    }
}
