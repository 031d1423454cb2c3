package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The QPACK encoder of one HTTP/3 connection (RFC 9204 §2.1), sans-I/O: field sections in, encoded field sections
 * and encoder-stream bytes out; decoder-stream bytes in. Not thread-safe: the connection's owner thread drives it.
 *
 * <p>Until {@link #applyPeerSettings} it uses only the static table and literals, as RFC 9204 §3.2.3 requires
 * before the peer's SETTINGS arrive. Afterwards it keeps a dynamic table of at most the smaller of the peer's
 * SETTINGS_QPACK_MAX_TABLE_CAPACITY and its own limit. Policy: field lines whose names usually repeat
 * ({@code :authority}, {@code user-agent}, {@code cookie} unsplit, ...) or that were recently sent are inserted when
 * the table can make room without evicting a still-needed entry (§2.1.1); sensitive lines are never inserted and go
 * out as literals with the N bit (§7.1.3). Entries close to eviction are not referenced but duplicated (§2.1.1.1).
 * References to entries the decoder may not have yet are made on at most SETTINGS_QPACK_BLOCKED_STREAMS streams at
 * a time (§2.1.2); otherwise only acknowledged entries are used.
 *
 * <p>Encoder-stream bytes cost memory until the transport takes them, and a peer that grants the encoder stream no
 * flow-control credit (or acknowledges insertions it cannot have received) could otherwise make them pile up: once
 * more than a table's capacity of them is waiting (as its owner reports through {@link #encoderStreamUntaken}),
 * nothing more is inserted and field lines go out as literals or references to entries already there, until the
 * transport takes the backlog. (RFC 9204 §2.1.3 asks an encoder not to write instructions without the flow-control
 * credit for them; what the transport has not taken is the nearest measure of that above the transport.)
 *
 * <pre>{@code
 * QpackEncoder encoder = new QpackEncoder(4096);
 * encoder.applyPeerSettings(peerMaxTableCapacity, peerBlockedStreams);
 * ByteBuffer headersPayload = encoder.encode(streamId, section);
 * encoderStream.write(encoder.pollEncoderStream()); // before or with the HEADERS frame
 * encoder.onDecoderStream(bytesFromPeerDecoderStream);
 * }</pre>
 */
public final class QpackEncoder {
    /** Names whose values typically repeat across requests or responses on a connection. */
    private static final Set<String> REPEATING_NAMES = Set.of(":authority", "user-agent", "cookie", "accept",
            "accept-encoding", "accept-language", "origin", "referer", "content-type", "server", "cache-control",
            "x-forwarded-for");
    /** How many recently sent literal field lines are remembered as candidates for insertion. */
    private static final int RECENT_LINES = 64;
    /**
     * RFC 9204 §7.3: the encoder's memory for unacknowledged sections is its own to limit. Past this many, sections
     * use only the static table and literals until acknowledgments arrive, so a peer that never acknowledges cannot
     * make the encoder's state grow. Not configuration: it bounds our own bookkeeping (a few dozen bytes a section),
     * and reaching it costs only compression, never a connection.
     */
    static final int MAX_UNACKNOWLEDGED_SECTIONS = 1024;
    /** A decoder instruction is one prefixed integer: 1 + 10 bytes at most. */
    private static final int MAX_DECODER_INSTRUCTION = 11;

    private final long ownMaxCapacity;
    private DynamicTable table = new DynamicTable(0, true);
    private boolean settingsApplied;
    /** RFC 9204 §4.5.1.1: MaxEntries from the peer decoder's SETTINGS_QPACK_MAX_TABLE_CAPACITY. */
    private long maxEntries;
    private long maxBlockedStreams;
    /** RFC 9204 §2.1.4: insertions the decoder has acknowledged. */
    private long knownReceivedCount;
    /** Unacknowledged field sections with dynamic references, per stream, oldest first (§4.4.1). */
    private final Map<Long, ArrayDeque<Section>> unacknowledged = new HashMap<>();
    private int unacknowledgedSections;
    private final OutputBuffer encoderStream = new OutputBuffer(64);
    /** Encoder-stream bytes polled and not yet taken by the transport, as the owner last reported. */
    private long encoderStreamUntaken;
    private final byte[] decoderPending = new byte[MAX_DECODER_INSTRUCTION];
    private int decoderPendingLength;
    private final ArrayDeque<FieldLine> recentOrder = new ArrayDeque<>();
    private final Set<FieldLine> recent = new HashSet<>();

    /** An encoded field section awaiting acknowledgment, and the absolute indices it references. */
    private record Section(long requiredInsertCount, long[] references) {
    }

    /**
     * @param maxTableCapacity the most dynamic-table memory this encoder will use, whatever the peer allows (0 for
     *     static table and literals only)
     */
    public QpackEncoder(long maxTableCapacity) {
        if (maxTableCapacity < 0) {
            throw new IllegalArgumentException("maxTableCapacity must be >= 0, was " + maxTableCapacity);
        }
        this.ownMaxCapacity = maxTableCapacity;
    }

    /**
     * Applies the peer decoder's settings from its SETTINGS frame (RFC 9204 §5), once, before it references the
     * dynamic table: sizes the table and, if it is used, queues a Set Dynamic Table Capacity instruction.
     *
     * @param peerMaxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY (0 if absent)
     * @param peerBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS (0 if absent)
     * @throws IllegalStateException if called twice
     */
    public void applyPeerSettings(long peerMaxTableCapacity, long peerBlockedStreams) {
        if (settingsApplied) {
            throw new IllegalStateException("the peer's QPACK settings were already applied");
        }
        if (peerMaxTableCapacity < 0 || peerMaxTableCapacity > QpackInteger.MAX || peerBlockedStreams < 0) {
            throw new IllegalArgumentException("settings must be 0..2^62-1, were " + peerMaxTableCapacity + ", "
                    + peerBlockedStreams);
        }
        settingsApplied = true;
        table = new DynamicTable(peerMaxTableCapacity, true);
        maxEntries = peerMaxTableCapacity / FieldLine.ENTRY_OVERHEAD;
        maxBlockedStreams = peerBlockedStreams;
        long capacity = Math.min(ownMaxCapacity, peerMaxTableCapacity);
        // RFC 9204 §3.2.3: with a maximum of zero the encoder MUST NOT send any encoder instruction.
        if (capacity > 0) {
            table.setCapacity(capacity);
            QpackInteger.encode(encoderStream.reserve(11), 0x20, 5, capacity);
        }
    }

    /**
     * Encodes a field section for a stream, appending any instructions it needs to the encoder stream (poll them
     * with {@link #pollEncoderStream} and send them no later than the section).
     *
     * @param streamId the request or push stream the section goes on
     * @param section the field lines
     * @return the encoded field section (the HEADERS frame payload)
     */
    public ByteBuffer encode(long streamId, FieldSection section) {
        long base = table.insertCount();
        // RFC 9204 §2.1.2: "An encoder MUST limit the number of streams that could become blocked to the value of
        // SETTINGS_QPACK_BLOCKED_STREAMS at all times."
        boolean mayBlock = isBlocking(streamId) || blockingStreams() < maxBlockedStreams;
        boolean useTable = table.capacity() > 0 && unacknowledgedSections < MAX_UNACKNOWLEDGED_SECTIONS;
        OutputBuffer body = new OutputBuffer(64);
        LongList references = new LongList();
        long requiredInsertCount = 0;
        for (FieldLine line : section.lines()) {
            long reference = encodeLine(body, line, base, useTable, mayBlock);
            if (reference >= 0) {
                table.reference(reference);
                references.add(reference);
                requiredInsertCount = Math.max(requiredInsertCount, reference + 1);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(22 + body.length());
        if (requiredInsertCount == 0) {
            out.put((byte) 0).put((byte) 0);
        } else {
            // RFC 9204 §4.5.1.1 and §4.5.1.2.
            QpackInteger.encode(out, 0, 8, requiredInsertCount % (2 * maxEntries) + 1);
            if (base >= requiredInsertCount) {
                QpackInteger.encode(out, 0, 7, base - requiredInsertCount);
            } else {
                QpackInteger.encode(out, 0x80, 7, requiredInsertCount - base - 1);
            }
            unacknowledged.computeIfAbsent(streamId, id -> new ArrayDeque<>())
                    .add(new Section(requiredInsertCount, references.toArray()));
            unacknowledgedSections++;
        }
        out.put(body.take());
        return out.flip();
    }

    /**
     * Encodes one field line.
     *
     * @return the absolute index of the dynamic entry it references, or -1
     */
    private long encodeLine(OutputBuffer body, FieldLine line, long base, boolean useTable, boolean mayBlock) {
        ByteBuffer out = body.reserve(40 + line.name().length() + line.value().length());
        String name = line.name();
        String value = line.value();
        int staticName = StaticTable.indexOfName(name);
        if (line.sensitive()) {
            // RFC 9204 §4.5.4: "When the 'N' bit is set, the encoded field line MUST always be encoded with a
            // literal representation."
            writeLiteral(out, line, staticName, -1, base);
            return -1;
        }
        int staticIndex = StaticTable.indexOf(name, value);
        if (staticIndex >= 0) {
            QpackInteger.encode(out, 0xc0, 6, staticIndex);
            return -1;
        }
        if (!useTable) {
            writeLiteral(out, line, staticName, -1, base);
            return -1;
        }
        long draining = table.drainingIndex(table.capacity() / 4);
        long match = table.indexOf(name, value);
        if (match >= 0 && referenceable(match, draining, mayBlock)) {
            writeIndexed(out, match, base);
            return match;
        }
        long inserted = -1;
        // With the encoder stream backed up (see the class comment) nothing is inserted: a reference to an existing
        // name, or a literal.
        boolean mayInsert = mayInsert();
        if (mayInsert && match >= 0 && match < draining && mayBlock
                && table.canInsert(line.size(), knownReceivedCount)) {
            // RFC 9204 §2.1.1.1: reference a fresh duplicate rather than an entry close to eviction.
            QpackInteger.encode(encoderStream.reserve(11), 0x00, 5, table.insertCount() - 1 - match);
            inserted = table.insert(line);
        } else if (mayInsert && match < 0 && shouldIndex(line)
                && table.canInsert(line.size(), knownReceivedCount)) {
            writeInsert(line, staticName);
            inserted = table.insert(line);
        }
        if (inserted >= 0 && mayBlock) {
            writeIndexed(out, inserted, base);
            return inserted;
        }
        long dynamicName = staticName >= 0 ? -1 : table.indexOfName(name);
        if (dynamicName >= 0 && referenceable(dynamicName, draining, mayBlock)) {
            writeLiteral(out, line, -1, dynamicName, base);
            return dynamicName;
        }
        writeLiteral(out, line, staticName, -1, base);
        return -1;
    }

    private boolean referenceable(long absoluteIndex, long draining, boolean mayBlock) {
        return absoluteIndex >= draining && (absoluteIndex < knownReceivedCount || mayBlock);
    }

    private boolean shouldIndex(FieldLine line) {
        // An entry taking most of the table would flush everything else for one line.
        if (line.size() > table.capacity() * 3 / 4) {
            return false;
        }
        if (REPEATING_NAMES.contains(line.name()) || recent.contains(line)) {
            return true;
        }
        recent.add(line);
        recentOrder.add(line);
        if (recentOrder.size() > RECENT_LINES) {
            recent.remove(recentOrder.poll());
        }
        return false;
    }

    /** Insert with Name Reference or Insert with Literal Name (RFC 9204 §4.3.2, §4.3.3). */
    private void writeInsert(FieldLine line, int staticName) {
        ByteBuffer out = encoderStream.reserve(40 + line.name().length() + line.value().length());
        long dynamicName = staticName >= 0 ? -1 : table.indexOfName(line.name());
        if (staticName >= 0) {
            QpackInteger.encode(out, 0xc0, 6, staticName);
        } else if (dynamicName >= 0) {
            // On the encoder stream a relative index counts back from the newest entry (§3.2.5); such references
            // never pin an entry (§2.1.1).
            QpackInteger.encode(out, 0x80, 6, table.insertCount() - 1 - dynamicName);
        } else {
            QpackString.encode(out, 0x40, 6, line.name());
        }
        QpackString.encode(out, 0, 8, line.value());
    }

    /** Indexed Field Line (dynamic, §4.5.2) or Indexed Field Line with Post-Base Index (§4.5.3). */
    private static void writeIndexed(ByteBuffer out, long absoluteIndex, long base) {
        if (absoluteIndex < base) {
            QpackInteger.encode(out, 0x80, 6, base - 1 - absoluteIndex);
        } else {
            QpackInteger.encode(out, 0x10, 4, absoluteIndex - base);
        }
    }

    /** Literal Field Line with (static, dynamic or post-base) Name Reference or with Literal Name (§4.5.4-§4.5.6). */
    private static void writeLiteral(ByteBuffer out, FieldLine line, int staticName, long dynamicName, long base) {
        int never = line.sensitive() ? 1 : 0;
        if (staticName >= 0) {
            QpackInteger.encode(out, 0x50 | never << 5, 4, staticName);
        } else if (dynamicName >= 0 && dynamicName < base) {
            QpackInteger.encode(out, 0x40 | never << 5, 4, base - 1 - dynamicName);
        } else if (dynamicName >= 0) {
            QpackInteger.encode(out, never << 3, 3, dynamicName - base);
        } else {
            QpackString.encode(out, 0x20 | never << 4, 4, line.name());
        }
        QpackString.encode(out, 0, 8, line.value());
    }

    /**
     * @return the encoder-stream bytes queued since the last call (possibly none), to send on the encoder stream
     *     in order
     */
    public ByteBuffer pollEncoderStream() {
        return encoderStream.take();
    }

    /**
     * Reports how many of the bytes returned by {@link #pollEncoderStream} the transport has not yet taken (written
     * but waiting for flow-control credit or send-buffer room). While that and the bytes not yet polled reach the
     * table's capacity, nothing is inserted. An owner that never reports leaves it at 0.
     *
     * @param bytes the bytes waiting, 0 or more
     */
    public void encoderStreamUntaken(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be 0 or more, was " + bytes);
        }
        encoderStreamUntaken = bytes;
    }

    /** @return encoder-stream bytes queued or polled and not yet taken by the transport */
    public long encoderStreamBacklog() {
        return encoderStreamUntaken + encoderStream.length();
    }

    /**
     * Whether a new entry may be inserted now: RFC 9204 leaves the encoder free to never insert (§2.1, §2.1.3), and a
     * backlog of a table's worth of unsent instructions means the peer is not taking them; inserting more would only
     * grow it (and the entries could not be referenced without blocking anyway).
     */
    private boolean mayInsert() {
        return encoderStreamBacklog() < table.capacity();
    }

    /**
     * Processes bytes from the peer's decoder stream (RFC 9204 §4.4): Section Acknowledgment, Stream Cancellation
     * and Insert Count Increment. An instruction split across calls is kept until its end arrives.
     *
     * @param data the bytes, consumed entirely
     * @throws Http3Exception QPACK_DECODER_STREAM_ERROR for an acknowledgment of a stream with no outstanding
     *     section, an increment of zero or past the insertions sent, or an integer beyond 62 bits
     */
    public void onDecoderStream(ByteBuffer data) {
        while (data.hasRemaining()) {
            if (decoderPendingLength == 0) {
                int start = data.position();
                if (readDecoderInstruction(data)) {
                    continue;
                }
                data.position(start);
            }
            // An incomplete instruction: gather it byte by byte (it is at most 11 bytes long).
            decoderPending[decoderPendingLength++] = data.get();
            if (readDecoderInstruction(ByteBuffer.wrap(decoderPending, 0, decoderPendingLength))) {
                decoderPendingLength = 0;
            } else if (decoderPendingLength == decoderPending.length) {
                // QpackInteger rejects longer integers, so a full buffer cannot still be incomplete.
                throw new IllegalStateException("decoder instruction longer than " + decoderPending.length);
            }
        }
    }

    /** @return whether a whole instruction was read and applied */
    private boolean readDecoderInstruction(ByteBuffer in) {
        int first = in.get(in.position()) & 0xff;
        Http3Error error = Http3Error.QPACK_DECODER_STREAM_ERROR;
        if ((first & 0x80) != 0) {
            long streamId = QpackInteger.decode(in, 7, error);
            if (streamId == QpackInteger.INCOMPLETE) {
                return false;
            }
            acknowledgeSection(streamId);
        } else if ((first & 0x40) != 0) {
            long streamId = QpackInteger.decode(in, 6, error);
            if (streamId == QpackInteger.INCOMPLETE) {
                return false;
            }
            cancelStream(streamId);
        } else {
            long increment = QpackInteger.decode(in, 6, error);
            if (increment == QpackInteger.INCOMPLETE) {
                return false;
            }
            // RFC 9204 §4.4.3: "An encoder that receives an Increment field equal to zero, or one that increases
            // the Known Received Count beyond what the encoder has sent, MUST treat this as a connection error".
            if (increment == 0 || increment > table.insertCount() - knownReceivedCount) {
                throw new Http3Exception(error, "Insert Count Increment of " + increment + " with "
                        + (table.insertCount() - knownReceivedCount) + " insertions unacknowledged");
            }
            knownReceivedCount += increment;
        }
        return true;
    }

    private void acknowledgeSection(long streamId) {
        ArrayDeque<Section> sections = unacknowledged.get(streamId);
        if (sections == null) {
            // RFC 9204 §4.4.1: an acknowledgment for a stream with every section acknowledged is an error.
            throw new Http3Exception(Http3Error.QPACK_DECODER_STREAM_ERROR, "Section Acknowledgment for stream "
                    + streamId + " with no unacknowledged field section");
        }
        Section section = sections.poll();
        unacknowledgedSections--;
        if (sections.isEmpty()) {
            unacknowledged.remove(streamId);
        }
        release(section);
        // RFC 9204 §2.1.4: an acknowledged section raises the Known Received Count to its Required Insert Count.
        knownReceivedCount = Math.max(knownReceivedCount, section.requiredInsertCount());
    }

    private void cancelStream(long streamId) {
        ArrayDeque<Section> sections = unacknowledged.remove(streamId);
        if (sections != null) {
            sections.forEach(this::release);
            unacknowledgedSections -= sections.size();
        }
    }

    private void release(Section section) {
        for (long reference : section.references()) {
            table.release(reference);
        }
    }

    private boolean isBlocking(long streamId) {
        ArrayDeque<Section> sections = unacknowledged.get(streamId);
        if (sections != null) {
            for (Section section : sections) {
                if (section.requiredInsertCount() > knownReceivedCount) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the number of streams whose unacknowledged sections could still be blocked at the decoder */
    public int blockingStreams() {
        int count = 0;
        for (Long streamId : unacknowledged.keySet()) {
            if (isBlocking(streamId)) {
                count++;
            }
        }
        return count;
    }

    /** @return the Known Received Count (RFC 9204 §2.1.4) */
    public long knownReceivedCount() {
        return knownReceivedCount;
    }

    /** @return the number of insertions made so far */
    public long insertCount() {
        return table.insertCount();
    }

    /** @return the dynamic table's capacity in use */
    public long tableCapacity() {
        return table.capacity();
    }
}
