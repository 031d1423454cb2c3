package io.quic4j.transport.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.testkit.RetainedHeap;
import io.quic4j.transport.TransportError;
import io.quic4j.transport.abuse.AttackHarness.Abuser;
import io.quic4j.transport.abuse.AttackHarness.Report;
import io.quic4j.transport.connection.CloseReason;
import io.quic4j.transport.connection.ConnectionConfig;
import io.quic4j.transport.wire.frame.Frame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STREAM data at the largest offsets, and every-other-byte fragmentation. The defences: the frame decoder
 * refuses data ending past 2^62-1 (RFC 9000 §19.8), flow control refuses data past the advertised limit
 * (§4.1, §4.5), and {@code stream.ReceiveBuffer} stores out-of-order data in fixed pages with an arrival bitmap,
 * so its memory follows the span of the data (at most about 1.13 times the flow control window, rounded up to
 * 4 KiB pages), never the number of fragments, and refuses bytes that differ from bytes it still holds at the
 * same offsets (§2.2).
 */
class StreamAbuseTest {
    private static final long MAX = (1L << 62) - 1;

    private static void assertServerClosed(Report r, TransportError error) {
        for (int i = 0; i < r.rounds(); i++) {
            CloseReason heard = r.abusersSaw().get(i);
            assertThat(heard).as("what abuser %d heard", i).isNotNull();
            assertThat(heard.kind()).isEqualTo(CloseReason.Kind.PEER);
            assertThat(heard.errorCode()).isEqualTo(error.code());
            assertThat(r.serverRecorded().get(i).errorCode()).isEqualTo(error.code());
        }
    }

    @Test
    void streamDataEndingPast2To62IsAFrameEncodingError() throws InterruptedException {
        // RFC 9000 §19.8: "The largest offset delivered on a stream -- the sum of the offset and data length --
        // cannot exceed 2^62-1, as it is not possible to provide flow control credit for that data. Receipt of a
        // frame that exceeds this limit MUST be treated as a connection error of type FRAME_ENCODING_ERROR or
        // FLOW_CONTROL_ERROR." We say FRAME_ENCODING_ERROR: the frame cannot describe real data.
        Report r = new AttackHarness().attack("STREAM at offset 2^62-1 with 1 byte", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long id = a.connection.openBidirectionalStream();
            // type 0x0e (OFF, LEN), stream ID, offset 2^62-1 (an 8-byte varint of all ones), length 1, one byte
            ByteBuffer frame = ByteBuffer.allocate(12);
            frame.put((byte) 0x0e).put((byte) id).putLong(-1L).put((byte) 1).put((byte) 7).flip();
            a.oneRtt(frame);
            return List.of(a);
        });
        assertServerClosed(r, TransportError.FRAME_ENCODING_ERROR);
    }

    @Test
    void finAtOffset2To62MinusOneIsAFlowControlError() throws InterruptedException {
        // An empty STREAM frame with FIN at 2^62-1 is well formed (its end is 2^62-1, allowed by §19.8) but
        // claims a final size far past our limit. RFC 9000 §4.5: "The final size is the amount of flow control
        // credit that is consumed by a stream"; §4.1: "A receiver MUST close the connection with an error of type
        // FLOW_CONTROL_ERROR if the sender violates the advertised connection or stream data limits".
        Report r = new AttackHarness().attack("STREAM FIN at offset 2^62-1", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long id = a.connection.openBidirectionalStream();
            a.oneRtt(new StreamFrame(id, MAX, ByteBuffer.allocate(0), true, true));
            return List.of(a);
        });
        assertServerClosed(r, TransportError.FLOW_CONTROL_ERROR);
    }

    @Test
    void everyOtherByteFragmentationCostsPagesNotFragmentsThenFlowControlCutsItOff() throws InterruptedException {
        // 32,768 one-byte frames, one at every other offset of the first 64 KiB of a stream, never in order (byte
        // 0 never comes). A structure per fragment would cost tens of bytes each (over 3 MiB); pages cost 1.13
        // bytes per byte of span (74 KiB). Then one byte just past the stream's window: FLOW_CONTROL_ERROR
        // (RFC 9000 §4.1: "A receiver MUST close the connection with an error of type FLOW_CONTROL_ERROR if the
        // sender violates the advertised connection or stream data limits").
        int span = 64 * 1024;
        long[] held = new long[1];
        int[] round = new int[1];
        Report r = new AttackHarness().attack("every-other-byte fragmentation", 2, h -> {
            Abuser a = h.handshakenAbuser();
            long id = a.connection.openBidirectionalStream();
            boolean measure = round[0]++ == 1;
            long base = measure ? measure() : 0;
            List<Frame> frames = new ArrayList<>();
            for (int offset = 1; offset < span; offset += 2) {
                frames.add(new StreamFrame(id, offset, ByteBuffer.wrap(new byte[]{(byte) offset}), false, true));
                if (frames.size() == 120) {
                    a.oneRtt(frames.toArray(Frame[]::new));
                    frames.clear();
                    h.step();
                }
            }
            a.oneRtt(frames.toArray(Frame[]::new));
            h.step();
            assertThat(a.cutOff()).isFalse();
            if (measure) {
                held[0] = measure() - base;
            }
            long limit = ConnectionConfig.DEFAULTS.initialMaxStreamData();
            a.oneRtt(new StreamFrame(id, limit, ByteBuffer.wrap(new byte[]{1}), false, true));
            return List.of(a);
        });
        assertServerClosed(r, TransportError.FLOW_CONTROL_ERROR);
        System.out.printf("%d one-byte fragments held in %s of retained heap%n", span / 2, RetainedHeap.describe(
                held[0]));
        assertThat(held[0]).as("heap held by %d one-byte fragments", span / 2).isLessThan(1024 * 1024);
    }

    @Test
    void overlappingFramesWithConflictingBytesAreAProtocolViolation() throws InterruptedException {
        // RFC 9000 §2.2: "The data at a given offset MUST NOT change if it is sent multiple times; an endpoint MAY
        // treat receipt of different data at the same offset within a stream as a connection error of type
        // PROTOCOL_VIOLATION." We do, for bytes still buffered (stream.ReceiveBuffer): the abuser sends bytes
        // 100..199 out of order (so they stay buffered), then 150..249 with different bytes where they overlap.
        Report r = new AttackHarness().attack("overlapping STREAM frames with conflicting bytes", 3, h -> {
            Abuser a = h.handshakenAbuser();
            long id = a.connection.openBidirectionalStream();
            byte[] first = new byte[100];
            java.util.Arrays.fill(first, (byte) 'A');
            a.oneRtt(new StreamFrame(id, 100, ByteBuffer.wrap(first), false, true));
            h.step();
            assertThat(a.cutOff()).isFalse();
            byte[] same = new byte[50];
            java.util.Arrays.fill(same, (byte) 'A');
            a.oneRtt(new StreamFrame(id, 120, ByteBuffer.wrap(same), false, true)); // a faithful repeat is fine
            h.step();
            assertThat(a.cutOff()).isFalse();
            byte[] second = new byte[100];
            java.util.Arrays.fill(second, (byte) 'B');
            a.oneRtt(new StreamFrame(id, 150, ByteBuffer.wrap(second), false, true));
            return List.of(a);
        });
        assertServerClosed(r, TransportError.PROTOCOL_VIOLATION);
    }

    private static long measure() {
        try {
            return RetainedHeap.measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
