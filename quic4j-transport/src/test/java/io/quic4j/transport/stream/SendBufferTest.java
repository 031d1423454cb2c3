package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §13.3 (retransmission), §4.5 (final size), and back-pressure. */
class SendBufferTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final byte[] SOURCE = ReceiveBufferTest.pattern(100_000);

    private static SendBuffer written(int n) {
        SendBuffer sb = new SendBuffer(1 << 20);
        assertThat(sb.write(ByteBuffer.wrap(SOURCE, 0, n))).isEqualTo(n);
        return sb;
    }

    private static void assertChunk(SendChunk c, long offset, int length, boolean fin) {
        assertThat(c).isNotNull();
        assertThat(c.offset()).isEqualTo(offset);
        assertThat(c.length()).isEqualTo(length);
        assertThat(c.fin()).isEqualTo(fin);
        byte[] got = new byte[length];
        c.data().duplicate().get(got);
        byte[] want = new byte[length];
        System.arraycopy(SOURCE, (int) offset, want, 0, length);
        assertThat(got).isEqualTo(want);
    }

    @Test
    void emitsNewDataInOrder() {
        SendBuffer sb = written(3000);
        assertChunk(sb.emit(1000, NO_LIMIT), 0, 1000, false);
        assertChunk(sb.emit(1000, NO_LIMIT), 1000, 1000, false);
        assertChunk(sb.emit(5000, NO_LIMIT), 2000, 1000, false);
        assertThat(sb.emit(1000, NO_LIMIT)).isNull();
        assertThat(sb.hasDataToSend(NO_LIMIT)).isFalse();
    }

    /** §13.3: lost data is sent again, before new data, in whatever frame boundaries fit. */
    @Test
    void retransmitsLostDataBeforeNewData() {
        SendBuffer sb = written(3000);
        sb.emit(1000, NO_LIMIT);
        sb.emit(1000, NO_LIMIT);
        sb.onLost(0, 1000, false);
        assertThat(sb.nextOffset()).isZero();
        assertChunk(sb.emit(600, NO_LIMIT), 0, 600, false);
        assertChunk(sb.emit(600, NO_LIMIT), 600, 400, false);
        assertChunk(sb.emit(600, NO_LIMIT), 2000, 600, false);
    }

    @Test
    void retransmitsLowestLostRangeFirst() {
        SendBuffer sb = written(3000);
        sb.emit(3000, NO_LIMIT);
        sb.onLost(2000, 500, false);
        sb.onLost(100, 100, false);
        assertChunk(sb.emit(3000, NO_LIMIT), 100, 100, false);
        assertChunk(sb.emit(3000, NO_LIMIT), 2000, 500, false);
        assertThat(sb.emit(3000, NO_LIMIT)).isNull();
    }

    @Test
    void releasesMemoryOnlyForTheAcknowledgedPrefix() {
        SendBuffer sb = written(5 * SendBuffer.PAGE_SIZE);
        sb.emit(5 * SendBuffer.PAGE_SIZE, NO_LIMIT);
        while (sb.emit(SendBuffer.PAGE_SIZE, NO_LIMIT) != null) {
            // drain
        }
        assertThat(sb.pageCount()).isEqualTo(5);
        sb.onAcked(SendBuffer.PAGE_SIZE, 3L * SendBuffer.PAGE_SIZE, false); // a hole at the start
        assertThat(sb.pageCount()).isEqualTo(5);
        assertThat(sb.ackedOffset()).isZero();
        sb.onAcked(0, SendBuffer.PAGE_SIZE, false);
        assertThat(sb.ackedOffset()).isEqualTo(4L * SendBuffer.PAGE_SIZE);
        assertThat(sb.pageCount()).isEqualTo(1);
        assertThat(sb.bufferedBytes()).isEqualTo(SendBuffer.PAGE_SIZE);
    }

    @Test
    void partialAcksShrinkTheRetransmission() {
        SendBuffer sb = written(1000);
        sb.emit(1000, NO_LIMIT);
        sb.onAcked(200, 100, false);
        sb.onLost(0, 1000, false);
        assertChunk(sb.emit(1000, NO_LIMIT), 0, 200, false);
        assertChunk(sb.emit(1000, NO_LIMIT), 300, 700, false);
        assertThat(sb.emit(1000, NO_LIMIT)).isNull();
    }

    /** §13.3: "sending ceases when a packet containing that information is acknowledged". */
    @Test
    void ackOfRetransmittedRangeStopsFurtherRetransmission() {
        SendBuffer sb = written(1000);
        sb.emit(1000, NO_LIMIT);
        sb.onLost(0, 1000, false);
        assertChunk(sb.emit(400, NO_LIMIT), 0, 400, false);
        sb.onAcked(0, 400, false); // the retransmission arrived
        sb.onLost(0, 400, false); // and a late loss of it changes nothing
        assertChunk(sb.emit(1000, NO_LIMIT), 400, 600, false);
        assertThat(sb.emit(1000, NO_LIMIT)).isNull();
    }

    /** A late ACK of a packet already declared lost cancels the pending retransmission. */
    @Test
    void lostThenAckedIsNotRetransmitted() {
        SendBuffer sb = written(1000);
        sb.emit(1000, NO_LIMIT);
        sb.onLost(0, 1000, false);
        sb.onAcked(0, 1000, false);
        assertThat(sb.emit(1000, NO_LIMIT)).isNull();
        assertThat(sb.isAllWrittenAcked()).isTrue();
        assertThat(sb.bufferedBytes()).isZero();
    }

    /** §4.1: new data stops at the flow control limit; retransmissions do not need new credit. */
    @Test
    void newDataRespectsTheFlowControlLimitButRetransmissionsDoNot() {
        SendBuffer sb = written(1000);
        assertChunk(sb.emit(1000, 300), 0, 300, false);
        assertThat(sb.emit(1000, 300)).isNull();
        assertThat(sb.isBlocked(300)).isTrue();
        sb.onLost(0, 300, false);
        assertChunk(sb.emit(1000, 0), 0, 300, false);
        assertThat(sb.isBlocked(1000)).isFalse();
    }

    /** Back-pressure: the buffer holds at most maxBuffered unacknowledged bytes. */
    @Test
    void writeAcceptsOnlyWhatFitsUntilAcked() {
        SendBuffer sb = new SendBuffer(1000);
        assertThat(sb.write(ByteBuffer.wrap(SOURCE, 0, 800))).isEqualTo(800);
        ByteBuffer more = ByteBuffer.wrap(SOURCE, 800, 800);
        assertThat(sb.write(more)).isEqualTo(200);
        assertThat(more.position()).isEqualTo(1000);
        assertThat(sb.write(more)).isZero();
        assertThat(sb.writableBytes()).isZero();
        sb.emit(500, NO_LIMIT);
        assertThat(sb.write(more)).isZero(); // sent is not acknowledged
        sb.onAcked(0, 500, false);
        assertThat(sb.write(more)).isEqualTo(500);
        assertThat(sb.bufferedBytes()).isEqualTo(1000);
    }

    @Test
    void finRidesOnTheLastChunk() {
        SendBuffer sb = written(1000);
        sb.finish();
        assertChunk(sb.emit(600, NO_LIMIT), 0, 600, false);
        assertChunk(sb.emit(600, NO_LIMIT), 600, 400, true);
        assertThat(sb.isAllSent()).isTrue();
        assertThat(sb.emit(600, NO_LIMIT)).isNull();
    }

    @Test
    void finAloneWhenAllDataWasAlreadySent() {
        SendBuffer sb = written(100);
        sb.emit(100, NO_LIMIT);
        sb.finish();
        SendChunk fin = sb.emit(0, NO_LIMIT);
        assertChunk(fin, 100, 0, true);
        assertThat(sb.emit(100, NO_LIMIT)).isNull();
    }

    @Test
    void lostFinIsSentAgain() {
        SendBuffer sb = written(100);
        sb.finish();
        sb.emit(100, NO_LIMIT);
        sb.onAcked(0, 50, false);
        sb.onLost(0, 100, true);
        assertChunk(sb.emit(100, NO_LIMIT), 50, 50, true);
        sb.onLost(50, 50, true);
        sb.onAcked(0, 100, false); // data through another path; FIN still owed
        assertChunk(sb.emit(100, NO_LIMIT), 100, 0, true);
    }

    @Test
    void fullyAckedOnlyOnceFinIsAcked() {
        SendBuffer sb = written(100);
        sb.finish();
        SendChunk c = sb.emit(100, NO_LIMIT);
        sb.onAcked(0, 100, false);
        assertThat(sb.isAllWrittenAcked()).isTrue();
        assertThat(sb.isFullyAcked()).isFalse();
        sb.onAcked(c.offset(), c.length(), c.fin());
        assertThat(sb.isFullyAcked()).isTrue();
        assertThat(sb.pageCount()).isZero();
        assertThat(sb.hasDataToSend(NO_LIMIT)).isFalse();
    }

    @Test
    void emptyStreamSendsOnlyFin() {
        SendBuffer sb = new SendBuffer(10);
        sb.finish();
        SendChunk c = sb.emit(100, NO_LIMIT);
        assertChunk(c, 0, 0, true);
        sb.onAcked(0, 0, true);
        assertThat(sb.isFullyAcked()).isTrue();
    }

    /** §4.5: the final size is fixed once FIN is written; writing afterwards is a bug in our code. */
    @Test
    void writingAfterFinishIsAnError() {
        SendBuffer sb = written(10);
        sb.finish();
        sb.finish(); // idempotent
        assertThatThrownBy(() -> sb.write(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        assertThat(sb.writeOffset()).isEqualTo(10);
        assertThat(sb.writableBytes()).isZero();
    }

    @Test
    void ackingUnsentDataIsAnError() {
        SendBuffer sb = written(100);
        sb.emit(50, NO_LIMIT);
        assertThatThrownBy(() -> sb.onAcked(0, 51, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sb.onLost(0, 50, true)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RESET_STREAM carries the amount of data sent as the final size (§4.5), and nothing more is sent. */
    @Test
    void resetDiscardsEverythingAndReturnsTheFinalSize() {
        SendBuffer sb = written(1000);
        sb.emit(300, NO_LIMIT);
        sb.onLost(0, 300, false);
        assertThat(sb.reset()).isEqualTo(300);
        assertThat(sb.reset()).isEqualTo(300);
        assertThat(sb.emit(1000, NO_LIMIT)).isNull();
        assertThat(sb.hasDataToSend(NO_LIMIT)).isFalse();
        assertThat(sb.pageCount()).isZero();
        sb.onAcked(0, 300, false); // late acknowledgments are ignored
        assertThatThrownBy(() -> sb.write(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void chunksStopAtPageBoundaries() {
        SendBuffer sb = written(2 * SendBuffer.PAGE_SIZE);
        assertChunk(sb.emit(100, NO_LIMIT), 0, 100, false);
        assertChunk(sb.emit(SendBuffer.PAGE_SIZE, NO_LIMIT), 100, SendBuffer.PAGE_SIZE - 100, false);
        assertChunk(sb.emit(SendBuffer.PAGE_SIZE, NO_LIMIT), SendBuffer.PAGE_SIZE, SendBuffer.PAGE_SIZE, false);
    }

    @Test
    void chunkViewsSurviveAcknowledgment() {
        SendBuffer sb = written(100);
        SendChunk c = sb.emit(100, NO_LIMIT);
        sb.onAcked(0, 100, false);
        sb.write(ByteBuffer.wrap(new byte[50]));
        assertChunk(c, 0, 100, false);
        assertThat(c.data().isReadOnly()).isTrue();
    }
}
