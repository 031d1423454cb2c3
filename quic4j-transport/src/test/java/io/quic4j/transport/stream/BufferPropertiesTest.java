package io.quic4j.transport.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.stream.ReceiveBufferException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the buffers under arbitrary reordering, duplication, splitting, loss and acknowledgment. */
class BufferPropertiesTest {
    private record Piece(int offset, int length, boolean fin) {
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Any permutation, duplication and splitting of a byte sequence reassembles to the original. */
    @Property
    void anyShuffleOfFramesReassemblesTheOriginal(@ForAll long seed, @ForAll @IntRange(max = 30_000) int size,
            @ForAll @IntRange(min = 1, max = 3000) int maxPiece) throws Exception {
        Random r = new Random(seed);
        byte[] source = randomBytes(r, size);
        List<Piece> pieces = new ArrayList<>();
        for (int copy = 0; copy < 1 + r.nextInt(3); copy++) { // whole re-splits: overlaps at new boundaries
            int offset = 0;
            while (offset < size) {
                int len = Math.min(size - offset, 1 + r.nextInt(maxPiece));
                pieces.add(new Piece(offset, len, offset + len == size && r.nextBoolean()));
                offset += len;
            }
        }
        pieces.add(new Piece(size, 0, true)); // the FIN, alone at least once
        int duplicates = r.nextInt(pieces.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            pieces.add(pieces.get(r.nextInt(pieces.size())));
        }
        Collections.shuffle(pieces, r);

        ReceiveBuffer rb = new ReceiveBuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(1 + r.nextInt(5000));
        for (Piece p : pieces) {
            rb.receive(p.offset, ByteBuffer.wrap(source, p.offset, p.length), p.fin, size);
            assertThat(rb.bufferedBytes()).isLessThanOrEqualTo(size - rb.readOffset());
            if (r.nextInt(3) == 0) {
                drain(rb, dst, out);
            }
        }
        drain(rb, dst, out);
        assertThat(out.toByteArray()).isEqualTo(source);
        assertThat(rb.isFinished()).isTrue();
        assertThat(rb.pageCount()).isZero();
        assertThat(rb.bufferedBytes()).isZero();
    }

    private static void drain(ReceiveBuffer rb, ByteBuffer dst, ByteArrayOutputStream out) {
        while (rb.read(dst.clear()) > 0) {
            dst.flip();
            out.write(dst.array(), 0, dst.limit());
        }
    }

    /**
     * A send buffer driven by random writes, emits, acknowledgments and losses (spurious ones too)
     * delivers every byte exactly once, in order, to a receiver, ends fully acknowledged, and never holds
     * more than its bound.
     */
    @Property
    void randomAckAndLossEventuallyDeliversEverything(@ForAll long seed,
            @ForAll @IntRange(max = 40_000) int size, @ForAll @IntRange(min = 1, max = 20_000) int maxBuffered)
            throws Exception {
        Random r = new Random(seed);
        byte[] source = randomBytes(r, size);
        SendBuffer sb = new SendBuffer(maxBuffered);
        ReceiveBuffer rb = new ReceiveBuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(2000);
        ByteBuffer app = ByteBuffer.wrap(source);
        List<SendChunk> inFlight = new ArrayList<>();
        int steps = 0;
        while (!sb.isFullyAcked()) {
            assertThat(steps++).as("no progress").isLessThan(1_000_000);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (app.hasRemaining()) {
                        ByteBuffer piece = app.slice(app.position(),
                                Math.min(app.remaining(), 1 + r.nextInt(5000)));
                        int accepted = sb.write(piece);
                        app.position(app.position() + accepted);
                    } else {
                        sb.finish();
                    }
                }
                case 1, 2 -> {
                    SendChunk c = sb.emit(r.nextInt(1500), Long.MAX_VALUE);
                    if (c != null) {
                        inFlight.add(c);
                    }
                }
                default -> {
                    if (inFlight.isEmpty()) {
                        continue;
                    }
                    SendChunk c = inFlight.remove(r.nextInt(inFlight.size()));
                    int fate = r.nextInt(4);
                    if (fate != 0) { // arrived (also when then declared lost: a spurious loss)
                        rb.receive(c.offset(), c.data(), c.fin(), size);
                    }
                    if (fate == 0 || fate == 3) {
                        sb.onLost(c.offset(), c.length(), c.fin());
                    } else {
                        sb.onAcked(c.offset(), c.length(), c.fin());
                    }
                }
            }
            assertThat(sb.bufferedBytes()).isLessThanOrEqualTo(maxBuffered);
            assertThat(sb.pageCount()).isLessThanOrEqualTo(maxBuffered / SendBuffer.PAGE_SIZE + 2);
            if (r.nextInt(4) == 0) {
                drain(rb, dst, out);
            }
        }
        drain(rb, dst, out);
        assertThat(out.toByteArray()).isEqualTo(source);
        assertThat(rb.isFinished()).isTrue();
        assertThat(sb.pageCount()).isZero();
        assertThat(sb.emit(1500, Long.MAX_VALUE)).isNull();
    }

    /**
     * Whatever a peer sends, a receive buffer holds at most the allowed span (plus page rounding), and
     * refuses exactly the frames that end past the limit.
     */
    @Property
    void receiveMemoryStaysWithinTheWindow(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100_000) int window)
            throws Exception {
        Random r = new Random(seed);
        ReceiveBuffer rb = new ReceiveBuffer();
        for (int i = 0; i < 500; i++) {
            long limit = rb.readOffset() + window;
            long offset = rb.readOffset() + r.nextInt(window + 2000) - 1000;
            offset = Math.max(0, offset);
            int len = r.nextInt(r.nextBoolean() ? 3 : 3000);
            // The same byte at the same offset every time (RFC 9000 §2.2), as a compliant peer sends.
            byte[] data = new byte[len];
            for (int j = 0; j < len; j++) {
                data[j] = (byte) ((offset + j) * 31 + ((offset + j) >>> 8));
            }
            try {
                rb.receive(offset, ByteBuffer.wrap(data), false, limit);
                assertThat(offset + len).isLessThanOrEqualTo(limit);
            } catch (ReceiveBufferException e) {
                assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                assertThat(offset + len).isGreaterThan(limit);
            }
            assertThat(rb.bufferedBytes()).isLessThanOrEqualTo(window);
            assertThat(rb.pageCount()).isLessThanOrEqualTo(window / ReceivePage.SIZE + 2);
            if (r.nextInt(5) == 0) {
                rb.consume(Math.min(rb.readableBytes(), r.nextInt(4000)));
            }
        }
    }
}
