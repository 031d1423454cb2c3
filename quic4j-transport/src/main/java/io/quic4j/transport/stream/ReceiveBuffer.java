package io.quic4j.transport.stream;

import io.quic4j.transport.stream.ReceiveBufferException.Kind;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.util.TreeMap;

/**
 * Reassembles a peer's byte stream (the data of STREAM or CRYPTO frames) from ranges that arrive out of
 * order, overlapping or repeated, into an in-order sequence the application reads (RFC 9000 §2.2).
 *
 * <p><b>Bounds.</b> Every call to {@link #receive} names the highest offset the peer may reach: the
 * stream's flow control limit, or the read offset plus the crypto buffer size. Data ending past it is
 * refused before anything is stored, and the caller maps the refusal to its own error code (see
 * {@link ReceiveBufferException#toTransportException}). Bytes are copied into fixed-size pages with an
 * arrival bitmap ({@link ReceivePage}), allocated only where data arrived and freed as they are read:
 * memory follows the bytes actually held, and however a peer scatters tiny frames it never exceeds
 * about 1.13 times the allowed span, because bookkeeping is per page, not per frame.
 *
 * <p><b>Repeated data.</b> RFC 9000 §2.2: "Data that has already been received can be discarded. The
 * data at a given offset MUST NOT change if it is sent multiple times; an endpoint MAY treat receipt of
 * different data at the same offset within a stream as a connection error of type PROTOCOL_VIOLATION."
 * We do: bytes of a frame that overlap bytes still buffered (received, not yet read) are compared with
 * them, and a difference is refused ({@link ReceiveBufferException.Kind#DATA_CHANGED}, which callers turn
 * into PROTOCOL_VIOLATION). Bytes already read are gone and not compared, so a change there goes unseen and
 * the first copy stands; but a compliant peer never changes data, so every difference seen is proof of a
 * broken or hostile peer, and the comparison costs no more than the copy it replaces.
 *
 * <p><b>Final size</b> (RFC 9000 §4.5): a FIN fixes it; data past it, a FIN below data already
 * received, or a second FIN at another offset are refused. A RESET_STREAM's final size is checked the
 * same way by passing it as an empty frame with FIN.
 *
 * <p>Single-threaded, like all protocol state (DESIGN.md §2).
 */
public final class ReceiveBuffer {
    private static final long UNKNOWN = -1;

    /** Page index -> page; only pages from the read offset on, and only where data arrived. */
    private final TreeMap<Long, ReceivePage> pages = new TreeMap<>();
    private long readOffset;
    /** End of the bytes received without a gap from offset 0. */
    private long contiguousEnd;
    private long highestReceived;
    private long finalSize = UNKNOWN;
    /** Received and not yet read (nor discarded). */
    private long bufferedBytes;
    private boolean discarded;

    /** An empty buffer expecting offset 0 next. */
    public ReceiveBuffer() {
    }

    /**
     * Takes in a frame's data. On an exception nothing has changed.
     *
     * @param offset the stream offset of the first byte of {@code data}
     * @param data the bytes from position to limit; copied, the buffer is not changed or kept
     * @param fin whether the frame ends the stream: the final size is then {@code offset + length}
     * @param maxOffset the highest end offset the peer may reach: the flow control limit for a stream,
     *     read offset + buffer size for CRYPTO
     * @return how much the highest received offset grew (what the frame costs in connection-level
     *     flow control, RFC 9000 §4.1), 0 for old data
     * @throws ReceiveBufferException if the data ends past {@code maxOffset}, breaks a final size rule, or
     *     differs from bytes received before and still buffered
     * @throws IllegalArgumentException if {@code offset} is negative or the data ends past 2^62-1 (frame
     *     decoding already rejects both)
     */
    public long receive(long offset, ByteBuffer data, boolean fin, long maxOffset)
            throws ReceiveBufferException {
        if (offset < 0 || offset > VarInt.MAX - data.remaining()) {
            throw new IllegalArgumentException("data must lie in 0..2^62-1, was offset " + offset + " length "
                    + data.remaining());
        }
        long end = offset + data.remaining();
        checkFinalSize(offset, end, fin);
        if (end > maxOffset) {
            throw new ReceiveBufferException(Kind.LIMIT_EXCEEDED,
                    "data ends at " + end + ", past the limit " + maxOffset);
        }
        if (!discarded) {
            checkUnchanged(offset, end, data);
        }
        if (fin) {
            finalSize = end;
            if (readOffset == finalSize) {
                pages.clear(); // everything was read before the FIN came: free the last partial page
            }
        }
        long growth = Math.max(0, end - highestReceived);
        highestReceived += growth;
        if (discarded) {
            return growth;
        }
        // Everything below contiguousEnd is already here (or read): only the rest needs looking at.
        long start = Math.max(offset, contiguousEnd);
        if (start < end) {
            store(start, end, data, data.position() + (int) (start - offset));
            if (start == contiguousEnd) {
                advanceContiguousEnd();
            }
        }
        return growth;
    }

    private void checkFinalSize(long offset, long end, boolean fin) throws ReceiveBufferException {
        if (fin) {
            if (finalSize != UNKNOWN && end != finalSize) {
                // RFC 9000 §4.5: "Once a final size for a stream is known, it cannot change."
                throw new ReceiveBufferException(Kind.FINAL_SIZE_CHANGED,
                        "final size changed from " + finalSize + " to " + end);
            }
            if (end < highestReceived) {
                // RFC 9000 §4.5: data was already received at or beyond this final size.
                throw new ReceiveBufferException(Kind.BEYOND_FINAL_SIZE,
                        "final size " + end + " is below data already received up to " + highestReceived);
            }
        } else if (finalSize != UNKNOWN && end > finalSize) {
            // RFC 9000 §4.5: "A receiver SHOULD treat receipt of data at or beyond the final size as an
            // error of type FINAL_SIZE_ERROR".
            throw new ReceiveBufferException(Kind.BEYOND_FINAL_SIZE,
                    "data at " + offset + ".." + end + " is past the final size " + finalSize);
        }
    }

    /** RFC 9000 §2.2: the part of {@code data} that overlaps bytes still buffered must equal them. */
    private void checkUnchanged(long offset, long end, ByteBuffer data) throws ReceiveBufferException {
        long cursor = Math.max(offset, readOffset);
        long to = Math.min(end, highestReceived);
        while (cursor < to) {
            ReceivePage page = pages.get(cursor >>> ReceivePage.SHIFT);
            int from = (int) (cursor & ReceivePage.MASK);
            int pageTo = (int) Math.min(ReceivePage.SIZE, from + (to - cursor));
            if (page != null && page.differs(from, pageTo, data, data.position() + (int) (cursor - offset))) {
                throw new ReceiveBufferException(Kind.DATA_CHANGED, "data at " + offset + ".." + end
                        + " differs from the bytes received before at the same offsets (RFC 9000 §2.2)");
            }
            cursor += pageTo - from;
        }
    }

    private void store(long start, long end, ByteBuffer data, int srcIndex) {
        long cursor = start;
        while (cursor < end) {
            long pageIndex = cursor >>> ReceivePage.SHIFT;
            int from = (int) (cursor & ReceivePage.MASK);
            int to = (int) Math.min(ReceivePage.SIZE, from + (end - cursor));
            ReceivePage page = pages.computeIfAbsent(pageIndex, _ -> new ReceivePage());
            bufferedBytes += page.fill(from, to, data, srcIndex + (int) (cursor - start));
            cursor += to - from;
        }
    }

    private void advanceContiguousEnd() {
        while (true) {
            ReceivePage page = pages.get(contiguousEnd >>> ReceivePage.SHIFT);
            if (page == null) {
                return;
            }
            int from = (int) (contiguousEnd & ReceivePage.MASK);
            int to = page.nextMissing(from, ReceivePage.SIZE);
            contiguousEnd += to - from;
            if (to < ReceivePage.SIZE) {
                return;
            }
        }
    }

    /**
     * Copies readable bytes, in order, into {@code dst}.
     *
     * @param dst where the bytes go, from its position
     * @return the number of bytes copied, 0 if none are readable yet, -1 once every byte up to the final
     *     size has been read (or the buffer was {@linkplain #discard() discarded})
     */
    public int read(ByteBuffer dst) {
        if (isFinished() || discarded) {
            return -1;
        }
        int total = 0;
        ByteBuffer view;
        while (dst.hasRemaining() && (view = peek()) != null) {
            int n = Math.min(view.remaining(), dst.remaining());
            dst.put(view.limit(view.position() + n));
            consume(n);
            total += n;
        }
        return total;
    }

    /**
     * A read-only view of the next readable bytes, without copying: at most the rest of one page, so
     * call again after {@link #consume} for more. The view stays valid and unchanged after consuming.
     *
     * @return the view, or {@code null} when nothing is readable
     */
    public ByteBuffer peek() {
        if (readOffset == contiguousEnd || discarded) {
            return null;
        }
        int from = (int) (readOffset & ReceivePage.MASK);
        int length = (int) Math.min(ReceivePage.SIZE - from, contiguousEnd - readOffset);
        return pages.get(readOffset >>> ReceivePage.SHIFT).view(from, length);
    }

    /**
     * Marks bytes read, freeing pages that are done with.
     *
     * @param length at most {@link #readableBytes()}
     * @throws IllegalArgumentException if {@code length} is negative or more than is readable
     */
    public void consume(long length) {
        if (length < 0 || length > readableBytes()) {
            throw new IllegalArgumentException("can consume 0.." + readableBytes() + " bytes, not " + length);
        }
        long target = readOffset + length;
        while (readOffset < target) {
            long pageIndex = readOffset >>> ReceivePage.SHIFT;
            long pageEnd = (pageIndex + 1) << ReceivePage.SHIFT;
            long next = Math.min(pageEnd, target);
            bufferedBytes -= next - readOffset;
            readOffset = next;
            if (readOffset == pageEnd || readOffset == finalSize) {
                pages.remove(pageIndex);
            }
        }
    }

    /**
     * Drops everything buffered and stores nothing from now on; later frames are still checked against
     * the limit and the final size, and still counted in {@link #highestReceivedOffset()}. For a stream
     * whose reading was cancelled or that was reset.
     */
    public void discard() {
        discarded = true;
        pages.clear();
        bufferedBytes = 0;
    }

    /** @return the number of bytes readable now, in order, without waiting for a gap to fill */
    public long readableBytes() {
        return discarded ? 0 : contiguousEnd - readOffset;
    }

    /** @return the offset of the next byte to read (the number of bytes read so far) */
    public long readOffset() {
        return readOffset;
    }

    /** @return the end of the highest range received so far (the flow control view of the stream) */
    public long highestReceivedOffset() {
        return highestReceived;
    }

    /** @return the bytes received and not yet read, gaps excluded */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /**
     * What this buffer costs the heap: whole pages, however few of their bytes arrived. A peer that sends every
     * other byte holds half of each page's payload but all of its memory, so memory accounting counts this,
     * not {@link #bufferedBytes()}.
     *
     * @return pages held times {@link ReceivePage#FOOTPRINT}
     */
    public long retainedBytes() {
        return (long) pages.size() * ReceivePage.FOOTPRINT;
    }

    /** @return whether a FIN (or a reset's final size) has fixed the final size */
    public boolean isFinalSizeKnown() {
        return finalSize != UNKNOWN;
    }

    /** @return the final size, or -1 while unknown */
    public long finalSize() {
        return finalSize;
    }

    /** @return whether every byte up to the final size has arrived (RFC 9000 §3.2 "Data Recvd") */
    public boolean isAllReceived() {
        return finalSize != UNKNOWN && contiguousEnd == finalSize;
    }

    /** @return whether every byte up to the final size has been read (RFC 9000 §3.2 "Data Read") */
    public boolean isFinished() {
        return finalSize != UNKNOWN && readOffset == finalSize;
    }

    /** @return whether {@link #discard()} was called */
    public boolean isDiscarded() {
        return discarded;
    }

    /** @return the number of pages held, for tests of the memory bound */
    int pageCount() {
        return pages.size();
    }

    @Override
    public String toString() {
        return "ReceiveBuffer[read=" + readOffset + ", contiguous=" + contiguousEnd + ", highest="
                + highestReceived + ", finalSize=" + finalSize + ", buffered=" + bufferedBytes + "]";
    }
}
