package io.quic4j.transport.crypto;

import java.nio.ByteBuffer;

/**
 * Gives the AEAD a {@code byte[]} view of a packet. A heap buffer's own array is used in place; a
 * direct buffer's bytes are copied into a reusable scratch array and back.
 *
 * <p>Why not {@code Cipher.doFinal(ByteBuffer, ByteBuffer)} for direct buffers: in-place operation
 * needs a second buffer object per packet (input and output limits differ by the tag); the JDK's
 * ChaCha20-Poly1305 copies direct input into a fresh {@code byte[]} per call anyway; and on a tag
 * mismatch the JDK 25 GCM direct-buffer path zeroes memory from the buffer's base address up to the end
 * of the output rather than just the output, which would wipe earlier packets coalesced in the same
 * datagram (see {@code TamperingTest.failedPacketLeavesEarlierCoalescedPacketsAlone}). The array path
 * avoids all three and leaves a direct buffer's payload untouched when authentication fails; the two
 * copies of a 1200-byte packet cost tens of nanoseconds next to the AEAD's hundreds.
 */
final class ArrayWindow {
    private byte[] scratch = new byte[0];

    /** The array to work on after {@link #open}. */
    byte[] array;
    /** Add to a buffer index to get the array index. */
    int offset;

    /**
     * @param buffer the packet buffer
     * @param start first byte the AEAD reads
     * @param copyEnd end of the bytes to copy in (for a direct buffer)
     * @param end end of the bytes the AEAD may write
     */
    void open(ByteBuffer buffer, int start, int copyEnd, int end) {
        if (buffer.hasArray()) {
            array = buffer.array();
            offset = buffer.arrayOffset();
            return;
        }
        if (scratch.length < end - start) {
            scratch = new byte[Math.max(end - start, 2 * scratch.length)];
        }
        buffer.get(start, scratch, 0, copyEnd - start);
        array = scratch;
        offset = -start;
    }

    /** Copies {@code [from, to)} back into a direct buffer; a no-op for heap buffers. */
    void writeBack(ByteBuffer buffer, int from, int to) {
        if (array == scratch) {
            buffer.put(from, scratch, from + offset, to - from);
        }
    }
}
