package io.quic4j.transport.crypto;

import io.quic4j.transport.wire.packet.PacketNumber;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Test helpers: packets in the kinds of buffers the engine may hand over. */
final class TestPackets {
    private TestPackets() {
    }

    /** Where a packet sits: heap or direct, at index 0 or behind other bytes, with a nonzero arrayOffset. */
    enum BufferKind {
        HEAP, HEAP_SLICE_WITH_PREFIX, DIRECT, DIRECT_WITH_PREFIX;

        /** Bytes before the packet in the buffer, as in a datagram with coalesced packets. */
        int prefix() {
            return this == HEAP || this == DIRECT ? 0 : 7;
        }

        /**
         * A buffer holding {@code bytes} at {@link #prefix()}, with {@code room} spare bytes after them; the
         * limit is the capacity.
         */
        ByteBuffer wrap(byte[] bytes, int room) {
            int size = prefix() + bytes.length + room;
            ByteBuffer buf = switch (this) {
                case HEAP -> ByteBuffer.allocate(size);
                // a slice of a bigger array: arrayOffset() is 3
                case HEAP_SLICE_WITH_PREFIX -> ByteBuffer.allocate(size + 3).slice(3, size);
                case DIRECT, DIRECT_WITH_PREFIX -> ByteBuffer.allocateDirect(size);
            };
            for (int i = 0; i < prefix(); i++) {
                buf.put(i, (byte) 0xa5);
            }
            buf.put(prefix(), bytes);
            return buf;
        }
    }

    static byte[] bytes(ByteBuffer buf, int from, int to) {
        byte[] out = new byte[to - from];
        buf.get(from, out);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] prefixBytes(BufferKind kind) {
        byte[] p = new byte[kind.prefix()];
        Arrays.fill(p, (byte) 0xa5);
        return p;
    }

    static PacketNumberDecoder decoderAfter(long largest) {
        return (truncated, length) -> PacketNumber.decode(largest, truncated, length);
    }
}
