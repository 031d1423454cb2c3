package io.quic4j.transport.stream;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our outgoing byte stream (the data of STREAM or CRYPTO frames): bytes the application wrote, handed
 * out in chunks for frames, retransmitted when lost, freed when acknowledged.
 *
 * <p><b>Order of sending.</b> RFC 9000 §13.3: data in lost packets is "sent again in new frames as
 * needed", and "sending ceases when a packet containing that information is acknowledged". So
 * {@link #emit} returns lost ranges first, lowest offset first, with whatever frame boundaries fit,
 * then new data, then a lone FIN if one is still owed. A range acknowledged after being declared lost
 * (a late ACK) is no longer retransmitted, and one declared lost after it was acknowledged through a
 * retransmission is not queued again.
 *
 * <p><b>Bounds.</b> Memory holds the bytes from the lowest unacknowledged offset to the write offset,
 * at most {@link #maxBuffered()} (plus page rounding): {@link #write} accepts only what fits and
 * returns how much, which is the back-pressure the application sees. Memory is freed as
 * acknowledgments extend the acknowledged prefix.
 *
 * <p><b>FIN.</b> {@link #finish()} fixes the final size at the write offset; writing afterwards is a bug
 * in our code ({@link IllegalStateException}). The FIN is retransmitted like data until acknowledged.
 * {@link #reset()} drops everything for a RESET_STREAM and returns the final size to put in it.
 *
 * <p>Single-threaded, like all protocol state (DESIGN.md §2).
 */
public final class SendBuffer {
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    /** Page index -> bytes; pages entirely below {@link #ackedPrefix} are freed. */
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    /** Acknowledged ranges above the prefix. */
    private final RangeSet acked = new RangeSet();
    /** Ranges declared lost and not acknowledged since, waiting to be sent again. */
    private final RangeSet lost = new RangeSet();
    private long maxBuffered;
    /** Every byte below this is acknowledged and freed. */
    private long ackedPrefix;
    /** The next new (never sent) byte. */
    private long sentOffset;
    private long writeOffset;
    private boolean finished;
    private boolean finInFlight;
    private boolean finAcked;
    private boolean reset;

    /**
     * @param maxBuffered the most unacknowledged and unsent bytes to hold, at least 1
     * @throws IllegalArgumentException if {@code maxBuffered} is less than 1
     */
    public SendBuffer(long maxBuffered) {
        setMaxBuffered(maxBuffered);
    }

    /**
     * Changes the bound on held bytes. Lowering it below what is held keeps the bytes and accepts no
     * more until acknowledgments bring the total under the new bound.
     *
     * @param maxBuffered at least 1
     * @throws IllegalArgumentException if {@code maxBuffered} is less than 1
     */
    public void setMaxBuffered(long maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, was " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
    }

    /**
     * Copies as many bytes from {@code src} as the bound allows.
     *
     * @param src the bytes from position to limit; its position advances past the bytes accepted
     * @return the number of bytes accepted, 0 when the buffer is full
     * @throws IllegalStateException after {@link #finish()} or {@link #reset()}
     */
    public int write(ByteBuffer src) {
        if (finished || reset) {
            throw new IllegalStateException(finished
                    ? "stream already finished at " + writeOffset
                    : "stream was reset");
        }
        long room = Math.min(maxBuffered - bufferedBytes(), VarInt.MAX - writeOffset);
        int n = (int) Math.max(0, Math.min(src.remaining(), room));
        int left = n;
        while (left > 0) {
            byte[] page = pages.computeIfAbsent(writeOffset >>> PAGE_SHIFT, _ -> new byte[PAGE_SIZE]);
            int from = (int) (writeOffset & PAGE_MASK);
            int k = Math.min(left, PAGE_SIZE - from);
            src.get(page, from, k);
            writeOffset += k;
            left -= k;
        }
        return n;
    }

    /**
     * Ends the stream: the final size is the current write offset. Calling it again does nothing.
     *
     * @throws IllegalStateException after {@link #reset()}
     */
    public void finish() {
        if (reset) {
            throw new IllegalStateException("stream was reset");
        }
        finished = true;
    }

    /**
     * Takes the next chunk to send: a lost range first, then new data, then a FIN with no data.
     *
     * <p>A chunk never crosses an internal page boundary (4 KiB), so it may be shorter than
     * {@code maxBytes} while more is pending: call again to fill the rest of a packet.
     *
     * @param maxBytes the most data bytes the frame can carry
     * @param maxOffset the flow control limit: new data must end at or below it (retransmitted data
     *     is below what was already sent and needs no new credit)
     * @return the chunk, now counted as in flight, or {@code null} when there is nothing to send
     */
    public SendChunk emit(int maxBytes, long maxOffset) {
        if (reset) {
            return null;
        }
        Map.Entry<Long, Long> firstLost = lost.first();
        if (firstLost != null) {
            if (maxBytes <= 0) {
                return null;
            }
            long start = firstLost.getKey();
            long end = Math.min(Math.min(firstLost.getValue(), start + maxBytes), pageEnd(start));
            lost.remove(start, end);
            return chunk(start, end);
        }
        long newEnd = Math.min(Math.min(writeOffset, maxOffset), sentOffset + Math.max(0, maxBytes));
        newEnd = Math.min(newEnd, pageEnd(sentOffset));
        if (newEnd > sentOffset) {
            long start = sentOffset;
            sentOffset = newEnd;
            return chunk(start, newEnd);
        }
        if (finOwed() && sentOffset == writeOffset) {
            finInFlight = true;
            return new SendChunk(writeOffset, ByteBuffer.allocate(0).asReadOnlyBuffer(), true);
        }
        return null;
    }

    private SendChunk chunk(long start, long end) {
        boolean fin = end == writeOffset && finOwed();
        if (fin) {
            finInFlight = true;
        }
        byte[] page = pages.get(start >>> PAGE_SHIFT);
        ByteBuffer view = ByteBuffer.wrap(page, (int) (start & PAGE_MASK), (int) (end - start)).slice()
                .asReadOnlyBuffer();
        return new SendChunk(start, view, fin);
    }

    private boolean finOwed() {
        return finished && !finInFlight && !finAcked;
    }

    private static long pageEnd(long offset) {
        return ((offset >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
    }

    /**
     * Records that a frame carrying {@code [offset, offset + length)} was acknowledged: those bytes are
     * never sent again, and memory is freed once the acknowledged prefix covers a whole page.
     *
     * @param offset the frame's offset
     * @param length the frame's data length
     * @param fin whether the frame carried FIN
     * @throws IllegalArgumentException if the range was never sent, or a FIN is acknowledged that was
     *     not sent
     */
    public void onAcked(long offset, long length, boolean fin) {
        checkSent(offset, length, fin);
        if (reset) {
            return;
        }
        long start = Math.max(offset, ackedPrefix);
        long end = offset + length;
        if (start < end) {
            acked.add(start, end);
            lost.remove(start, end);
            Map.Entry<Long, Long> first = acked.first();
            if (first.getKey() == ackedPrefix) {
                ackedPrefix = first.getValue();
                acked.remove(first.getKey(), first.getValue());
                releasePages();
            }
        }
        if (fin) {
            finAcked = true;
            finInFlight = false;
            releasePages();
        }
    }

    /**
     * Records that a frame carrying {@code [offset, offset + length)} was lost: the parts not
     * acknowledged meanwhile are queued to be sent again, ahead of new data (RFC 9000 §13.3).
     *
     * @param offset the frame's offset
     * @param length the frame's data length
     * @param fin whether the frame carried FIN (then the FIN is owed again unless acknowledged)
     * @throws IllegalArgumentException if the range was never sent, or a FIN was not sent
     */
    public void onLost(long offset, long length, boolean fin) {
        checkSent(offset, length, fin);
        if (reset) {
            return;
        }
        long start = Math.max(offset, ackedPrefix);
        long end = offset + length;
        if (start < end) {
            acked.addMissingTo(lost, start, end);
        }
        if (fin && !finAcked) {
            finInFlight = false;
        }
    }

    private void checkSent(long offset, long length, boolean fin) {
        if (offset < 0 || length < 0 || offset > sentOffset - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " was never sent (sent up to "
                    + sentOffset + ")");
        }
        if (fin && !(finished && offset + length == writeOffset)) {
            throw new IllegalArgumentException("no FIN was sent at " + (offset + length));
        }
    }

    private void releasePages() {
        pages.headMap(ackedPrefix >>> PAGE_SHIFT).clear();
        if (finished && ackedPrefix == writeOffset) {
            pages.clear();
        }
    }

    /**
     * Drops everything, for a RESET_STREAM (RFC 9000 §13.3: "Once an endpoint sends a RESET_STREAM
     * frame, no further STREAM frames are needed") or discarded keys for CRYPTO. Afterwards nothing is
     * sent, acknowledgments and losses are ignored, and writing is an error. Calling it again returns
     * the same value.
     *
     * @return the final size for RESET_STREAM: the amount of data sent (RFC 9000 §4.5), which equals
     *     the FIN's final size if a FIN was sent
     */
    public long reset() {
        reset = true;
        pages.clear();
        acked.clear();
        lost.clear();
        return sentOffset;
    }

    /**
     * @param maxOffset the flow control limit for new data
     * @return whether {@link #emit} would return a chunk (given room for at least one byte)
     */
    public boolean hasDataToSend(long maxOffset) {
        return !reset && (!lost.isEmpty() || (sentOffset < writeOffset && sentOffset < maxOffset)
                || (finOwed() && sentOffset == writeOffset));
    }

    /**
     * @param maxOffset the flow control limit for new data
     * @return whether new data waits only for flow control credit (RFC 9000 §4.1, STREAM_DATA_BLOCKED)
     */
    public boolean isBlocked(long maxOffset) {
        return !reset && sentOffset < writeOffset && sentOffset >= maxOffset;
    }

    /** @return the offset {@link #emit} would start at (for sizing a frame header) */
    public long nextOffset() {
        Map.Entry<Long, Long> firstLost = lost.first();
        return firstLost != null ? firstLost.getKey() : sentOffset;
    }

    /** @return whether every byte written and the FIN are acknowledged (RFC 9000 §3.1 "Data Recvd") */
    public boolean isFullyAcked() {
        return finAcked && ackedPrefix == writeOffset;
    }

    /** @return whether every byte written so far is acknowledged (there is no FIN on CRYPTO streams) */
    public boolean isAllWrittenAcked() {
        return ackedPrefix == writeOffset;
    }

    /** @return whether every byte and the FIN have been sent at least once (RFC 9000 §3.1 "Data Sent") */
    public boolean isAllSent() {
        return finished && sentOffset == writeOffset && (finInFlight || finAcked);
    }

    /** @return the bytes held: written and not yet acknowledged as a prefix */
    public long bufferedBytes() {
        return writeOffset - ackedPrefix;
    }

    /**
     * @return what the buffer costs the heap: its pages, each {@link #PAGE_SIZE} plus about 64 bytes of array
     *         header and map entry (memory accounting)
     */
    public long retainedBytes() {
        return (long) pages.size() * (PAGE_SIZE + 64);
    }

    /** @return how many more bytes {@link #write} would accept now */
    public long writableBytes() {
        if (finished || reset) {
            return 0;
        }
        return Math.max(0, Math.min(maxBuffered - bufferedBytes(), VarInt.MAX - writeOffset));
    }

    /** @return the bound on held bytes */
    public long maxBuffered() {
        return maxBuffered;
    }

    /** @return the number of bytes written so far (the final size once finished) */
    public long writeOffset() {
        return writeOffset;
    }

    /** @return the offset just past the highest byte ever sent */
    public long sentOffset() {
        return sentOffset;
    }

    /** @return every byte below this is acknowledged */
    public long ackedOffset() {
        return ackedPrefix;
    }

    /** @return whether {@link #finish()} was called */
    public boolean isFinished() {
        return finished;
    }

    /** @return whether {@link #reset()} was called */
    public boolean isReset() {
        return reset;
    }

    /** @return the number of pages held, for tests of the memory bound */
    int pageCount() {
        return pages.size();
    }

    @Override
    public String toString() {
        return "SendBuffer[acked=" + ackedPrefix + ", sent=" + sentOffset + ", written=" + writeOffset
                + ", finished=" + finished + ", lost=" + lost + ", reset=" + reset + "]";
    }
}
