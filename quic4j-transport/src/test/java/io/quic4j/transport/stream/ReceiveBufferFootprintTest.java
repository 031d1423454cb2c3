package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Memory accounting counts what a receive buffer costs the heap, whole pages, not the payload it holds: a peer
 * sending every other byte (RFC 9000 §21.5, the stream fragmentation attack) fills half of each page's payload
 * and all of its memory.
 */
class ReceiveBufferFootprintTest {
    private static final int SPAN = 16 * ReceivePage.SIZE;

    @Test
    void everyOtherByteCostsWholePages() throws ReceiveBufferException {
        ReceiveBuffer rb = new ReceiveBuffer();
        for (int offset = 1; offset < SPAN; offset += 2) {
            rb.receive(offset, ByteBuffer.wrap(new byte[]{1}), false, VarInt.MAX);
        }
        assertThat(rb.bufferedBytes()).isEqualTo(SPAN / 2);
        assertThat(rb.retainedBytes()).isEqualTo(16L * ReceivePage.FOOTPRINT)
                .isGreaterThan(2 * rb.bufferedBytes());
    }

    @Test
    void pagesReadAreNoLongerCounted() throws ReceiveBufferException {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, ByteBuffer.wrap(new byte[3 * ReceivePage.SIZE]), false, VarInt.MAX);
        assertThat(rb.retainedBytes()).isEqualTo(3L * ReceivePage.FOOTPRINT);
        rb.read(ByteBuffer.allocate(2 * ReceivePage.SIZE));
        assertThat(rb.retainedBytes()).isEqualTo(ReceivePage.FOOTPRINT);
        rb.discard();
        assertThat(rb.retainedBytes()).isZero();
    }
}
