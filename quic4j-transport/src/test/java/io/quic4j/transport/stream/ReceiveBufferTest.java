package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.stream.ReceiveBufferException.Kind;
import io.quic4j.transport.wire.VarInt;
import io.quic4j.transport.wire.frame.FrameType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §2.2 (reassembly), §4.5 (final size), and the caller's bound (§4.1, §7.5). */
class ReceiveBufferTest {
    private static final long NO_LIMIT = VarInt.MAX;
    private static final byte[] SOURCE = pattern(70_000);

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    private static ByteBuffer slice(int offset, int length) {
        return ByteBuffer.wrap(SOURCE, offset, length);
    }

    private static void put(ReceiveBuffer rb, int offset, int length) throws ReceiveBufferException {
        rb.receive(offset, slice(offset, length), false, NO_LIMIT);
    }

    private static byte[] readAll(ReceiveBuffer rb) {
        ByteBuffer dst = ByteBuffer.allocate((int) rb.readableBytes());
        rb.read(dst);
        return dst.array();
    }

    private static byte[] expected(int offset, int length) {
        byte[] b = new byte[length];
        System.arraycopy(SOURCE, offset, b, 0, length);
        return b;
    }

    @Test
    void deliversInOrderData() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 1000);
        put(rb, 1000, 5000);
        assertThat(rb.readableBytes()).isEqualTo(6000);
        assertThat(readAll(rb)).isEqualTo(expected(0, 6000));
        assertThat(rb.readOffset()).isEqualTo(6000);
        assertThat(rb.bufferedBytes()).isZero();
    }

    @Test
    void holdsOutOfOrderDataUntilTheGapFills() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 3000, 2000);
        put(rb, 9000, 100);
        assertThat(rb.readableBytes()).isZero();
        assertThat(rb.read(ByteBuffer.allocate(10))).isZero();
        assertThat(rb.bufferedBytes()).isEqualTo(2100);
        put(rb, 0, 3000);
        assertThat(rb.readableBytes()).isEqualTo(5000);
        assertThat(readAll(rb)).isEqualTo(expected(0, 5000));
        put(rb, 5000, 4000);
        assertThat(readAll(rb)).isEqualTo(expected(5000, 4100));
    }

    /** §2.2: data already received can be discarded; overlaps are stored once. */
    @Test
    void storesOverlappingRangesOnce() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 100, 500);
        put(rb, 300, 1000);
        put(rb, 50, 2000);
        assertThat(rb.bufferedBytes()).isEqualTo(2000);
        put(rb, 0, 50);
        assertThat(readAll(rb)).isEqualTo(expected(0, 2050));
    }

    @Test
    void ignoresDuplicates() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 100);
        long growth = rb.receive(0, slice(0, 100), false, NO_LIMIT);
        assertThat(growth).isZero();
        assertThat(rb.bufferedBytes()).isEqualTo(100);
        readAll(rb);
        put(rb, 0, 100); // already read
        assertThat(rb.readableBytes()).isZero();
        assertThat(rb.bufferedBytes()).isZero();
    }

    /**
     * §2.2: "The data at a given offset MUST NOT change if it is sent multiple times; an endpoint MAY treat receipt
     * of different data at the same offset within a stream as a connection error of type PROTOCOL_VIOLATION."
     */
    @Test
    void changedBytesStillBufferedAreAProtocolViolation() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(10, ByteBuffer.wrap(new byte[]{1, 2, 3}), false, NO_LIMIT);
        rb.receive(9, ByteBuffer.wrap(new byte[]{9, 1, 2}), false, NO_LIMIT); // same bytes where they overlap
        assertThatThrownBy(() -> rb.receive(8, ByteBuffer.wrap(new byte[]{8, 9, 1, 7, 3, 4}), false, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DATA_CHANGED);
                    assertThat(e.toTransportException(TransportError.FLOW_CONTROL_ERROR, FrameType.STREAM)
                            .error()).isEqualTo(TransportError.PROTOCOL_VIOLATION);
                });
        // Refused as a whole: nothing of it was stored.
        assertThat(rb.bufferedBytes()).isEqualTo(4);
        assertThat(rb.highestReceivedOffset()).isEqualTo(13);
        rb.receive(0, ByteBuffer.wrap(new byte[9]), false, NO_LIMIT);
        assertThat(readAll(rb)).hasSize(13).endsWith(9, 1, 2, 3);
    }

    /** Read bytes are gone: a change to them cannot be seen, and the first copy stands. */
    @Test
    void changedBytesAlreadyReadAreNotCompared() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, ByteBuffer.wrap(new byte[]{1, 2, 3}), false, NO_LIMIT);
        assertThat(readAll(rb)).containsExactly(1, 2, 3);
        rb.receive(0, ByteBuffer.wrap(new byte[]{9, 9, 9, 4}), false, NO_LIMIT);
        assertThat(readAll(rb)).containsExactly(4);
    }

    /** A discarded buffer keeps nothing to compare with. */
    @Test
    void discardedBuffersDoNotCompare() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(5, ByteBuffer.wrap(new byte[]{1, 2, 3}), false, NO_LIMIT);
        rb.discard();
        rb.receive(5, ByteBuffer.wrap(new byte[]{7, 7, 7}), false, NO_LIMIT);
        assertThat(rb.highestReceivedOffset()).isEqualTo(8);
    }

    @Test
    void leavesGapsUnreadable() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 10);
        put(rb, 20, 10);
        put(rb, 40, 10);
        assertThat(rb.readableBytes()).isEqualTo(10);
        put(rb, 10, 10);
        assertThat(rb.readableBytes()).isEqualTo(30);
        assertThat(rb.bufferedBytes()).isEqualTo(40);
    }

    @Test
    void reportsGrowthOfTheHighestReceivedOffset() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        assertThat(rb.receive(100, slice(100, 50), false, NO_LIMIT)).isEqualTo(150);
        assertThat(rb.receive(0, slice(0, 100), false, NO_LIMIT)).isZero();
        assertThat(rb.receive(140, slice(140, 20), false, NO_LIMIT)).isEqualTo(10);
        assertThat(rb.highestReceivedOffset()).isEqualTo(160);
    }

    /** §7.5 / §4.1: data ending past the caller's limit is refused, and the caller picks the code. */
    @Test
    void rejectsDataPastTheLimitWithTheCallersCode() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, slice(0, 100), false, 100);
        assertThatThrownBy(() -> rb.receive(100, slice(100, 1), false, 100))
                .isInstanceOfSatisfying(ReceiveBufferException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    QuicTransportException crypto = e.toTransportException(TransportError.CRYPTO_BUFFER_EXCEEDED,
                            FrameType.CRYPTO);
                    assertThat(crypto.error()).isEqualTo(TransportError.CRYPTO_BUFFER_EXCEEDED);
                    assertThat(crypto.frameType()).isEqualTo(FrameType.CRYPTO);
                    assertThat(e.toTransportException(TransportError.FLOW_CONTROL_ERROR, FrameType.STREAM).error())
                            .isEqualTo(TransportError.FLOW_CONTROL_ERROR);
                });
        assertThat(rb.highestReceivedOffset()).isEqualTo(100);
        assertThat(rb.bufferedBytes()).isEqualTo(100);
    }

    @Test
    void rejectsAnEmptyFramePastTheLimit() {
        ReceiveBuffer rb = new ReceiveBuffer();
        assertThatThrownBy(() -> rb.receive(101, ByteBuffer.allocate(0), false, 100))
                .isInstanceOfSatisfying(ReceiveBufferException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED));
    }

    /** §4.5: "A receiver SHOULD treat receipt of data at or beyond the final size as ... FINAL_SIZE_ERROR". */
    @Test
    void rejectsDataBeyondFinalSize() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, slice(0, 100), true, NO_LIMIT);
        assertThatThrownBy(() -> rb.receive(100, slice(100, 1), false, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BEYOND_FINAL_SIZE);
                    assertThat(e.toTransportException(TransportError.FLOW_CONTROL_ERROR, FrameType.STREAM).error())
                            .isEqualTo(TransportError.FINAL_SIZE_ERROR);
                });
    }

    /** §4.5: a FIN below data already received moves the final size below it. */
    @Test
    void rejectsFinalSizeBelowDataAlreadyReceived() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 200, 100);
        assertThatThrownBy(() -> rb.receive(0, slice(0, 100), true, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BEYOND_FINAL_SIZE));
        assertThat(rb.isFinalSizeKnown()).isFalse();
    }

    /** §4.5: "Once a final size for a stream is known, it cannot change." */
    @Test
    void rejectsChangedFinalSize() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, slice(0, 100), true, NO_LIMIT);
        assertThatThrownBy(() -> rb.receive(0, slice(0, 50), true, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FINAL_SIZE_CHANGED);
                    assertThat(e.toTransportException(TransportError.FLOW_CONTROL_ERROR, FrameType.STREAM).error())
                            .isEqualTo(TransportError.FINAL_SIZE_ERROR);
                });
        assertThatThrownBy(() -> rb.receive(100, slice(100, 1), true, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.FINAL_SIZE_CHANGED));
        assertThat(rb.finalSize()).isEqualTo(100);
    }

    @Test
    void acceptsTheSameFinTwice() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(50, slice(50, 50), true, NO_LIMIT);
        rb.receive(50, slice(50, 50), true, NO_LIMIT);
        rb.receive(100, ByteBuffer.allocate(0), true, NO_LIMIT);
        rb.receive(0, slice(0, 50), false, NO_LIMIT);
        assertThat(rb.isAllReceived()).isTrue();
        assertThat(readAll(rb)).isEqualTo(expected(0, 100));
        assertThat(rb.isFinished()).isTrue();
        assertThat(rb.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        assertThat(rb.pageCount()).isZero();
    }

    @Test
    void finishesAnEmptyStream() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        rb.receive(0, ByteBuffer.allocate(0), true, 0);
        assertThat(rb.isFinished()).isTrue();
        assertThat(rb.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }

    /** A refused frame changes nothing, not even when it carries new bytes below the limit. */
    @Test
    void refusedFramesLeaveNoTrace() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        assertThatThrownBy(() -> rb.receive(0, slice(0, 200), true, 100)).isInstanceOf(ReceiveBufferException.class);
        assertThat(rb.isFinalSizeKnown()).isFalse();
        assertThat(rb.bufferedBytes()).isZero();
        assertThat(rb.highestReceivedOffset()).isZero();
    }

    @Test
    void acceptsOffsetsUpTo2To62Minus1() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        long offset = VarInt.MAX - 10;
        rb.receive(offset, slice(0, 10), true, VarInt.MAX);
        assertThat(rb.finalSize()).isEqualTo(VarInt.MAX);
        assertThat(rb.bufferedBytes()).isEqualTo(10);
        assertThatThrownBy(() -> rb.receive(VarInt.MAX, slice(0, 1), false, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Memory follows the bytes held: pages are freed as they are read. */
    @Test
    void releasesPagesAsTheyAreRead() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 40_000);
        assertThat(rb.pageCount()).isEqualTo((40_000 + ReceivePage.SIZE - 1) / ReceivePage.SIZE);
        rb.consume(ReceivePage.SIZE * 3L + 5);
        assertThat(rb.pageCount()).isEqualTo((40_000 + ReceivePage.SIZE - 1) / ReceivePage.SIZE - 3);
        rb.consume(rb.readableBytes());
        assertThat(rb.pageCount()).isLessThanOrEqualTo(1);
    }

    /** Scattered one-byte frames cost pages, not per-frame bookkeeping: memory stays within the span. */
    @Test
    void scatteredTinyFramesStayWithinTheAllowedSpan() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        int span = 64 * 1024;
        for (int offset = 1; offset < span; offset += 2) {
            rb.receive(offset, slice(offset, 1), false, span);
        }
        assertThat(rb.pageCount()).isEqualTo(span / ReceivePage.SIZE);
        assertThat(rb.bufferedBytes()).isEqualTo(span / 2);
    }

    @Test
    void peekReturnsAViewThatSurvivesConsume() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 100);
        ByteBuffer view = rb.peek();
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(100);
        rb.consume(100);
        byte[] got = new byte[100];
        view.get(got);
        assertThat(got).isEqualTo(expected(0, 100));
        assertThat(rb.peek()).isNull();
        assertThatThrownBy(() -> rb.consume(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void discardDropsDataButKeepsCheckingFinalSize() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 100);
        put(rb, 500, 100);
        rb.discard();
        assertThat(rb.bufferedBytes()).isZero();
        assertThat(rb.pageCount()).isZero();
        assertThat(rb.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        assertThat(rb.receive(600, slice(600, 100), true, NO_LIMIT)).isEqualTo(100);
        assertThat(rb.pageCount()).isZero();
        assertThatThrownBy(() -> rb.receive(700, slice(700, 1), false, NO_LIMIT))
                .isInstanceOfSatisfying(ReceiveBufferException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BEYOND_FINAL_SIZE));
    }

    @Test
    void readsInSmallPiecesAcrossPageBoundaries() throws Exception {
        ReceiveBuffer rb = new ReceiveBuffer();
        put(rb, 0, 10_000);
        ByteBuffer all = ByteBuffer.allocate(10_000);
        ByteBuffer small = ByteBuffer.allocate(777);
        int n;
        while ((n = rb.read(small.clear())) > 0) {
            all.put(small.flip());
            assertThat(n).isLessThanOrEqualTo(777);
        }
        assertThat(all.array()).isEqualTo(expected(0, 10_000));
    }
}
