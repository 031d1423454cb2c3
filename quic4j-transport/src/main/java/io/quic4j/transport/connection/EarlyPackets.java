package io.quic4j.transport.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Packets that arrived before the keys of their level (a Handshake packet reordered ahead of the Initial
 * that carries the ServerHello, or a client's 1-RTT packet ahead of its Finished): RFC 9000 §12.2 lets the
 * receiver "either discard or buffer the packet for later processing", and RFC 9001 §5.7 lets a server
 * buffer 1-RTT packets until the handshake completes. A few are kept (copies, bounded in number and size)
 * and replayed once new keys are installed; the rest are dropped as before.
 */
final class EarlyPackets {
    /** At most this many packets wait. */
    static final int MAX_PACKETS = 16;
    /** And at most this many bytes (DESIGN.md §5: unauthenticated input gets bounded memory). */
    static final int MAX_BYTES = 24 * 1024;

    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private int bytes;

    /** @return false if the buffer is full and the packet must be dropped */
    boolean add(ByteBuffer datagram, int start, int end) {
        if (waiting.size() >= MAX_PACKETS || bytes + (end - start) > MAX_BYTES) {
            return false;
        }
        bytes += end - start;
        ByteBuffer copy = ByteBuffer.allocate(end - start);
        copy.put(datagram.duplicate().limit(end).position(start)).flip();
        waiting.add(copy);
        return true;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** @return the waiting packets, oldest first; the buffer is emptied */
    ByteBuffer[] takeAll() {
        ByteBuffer[] all = waiting.toArray(new ByteBuffer[0]);
        waiting.clear();
        bytes = 0;
        return all;
    }
}
