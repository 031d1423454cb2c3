package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QPACK decoder of one HTTP/3 connection (RFC 9204 §2.2), sans-I/O: encoder-stream bytes and encoded field
 * sections in; field sections and decoder-stream bytes out. Not thread-safe: the connection's owner thread drives
 * it.
 *
 * <p>A section whose Required Insert Count exceeds the entries received so far is blocked (§2.2.1): it is kept,
 * for at most {@link QpackDecoderConfig#maxBlockedStreams()} streams, and returned by {@link #onEncoderStream} once
 * the entries arrive. After decoding a section with dynamic references the decoder queues a Section Acknowledgment;
 * {@link #cancelStream} queues a Stream Cancellation; {@link #pollDecoderStream} adds an Insert Count Increment for
 * entries not yet acknowledged otherwise (§4.4).
 *
 * <pre>{@code
 * QpackDecoder decoder = new QpackDecoder(QpackDecoderConfig.DEFAULT);   // values sent in our SETTINGS
 * Optional<FieldSection> headers = decoder.decode(streamId, headersFramePayload); // empty: blocked
 * for (DecodedSection s : decoder.onEncoderStream(encoderStreamBytes)) { deliver(s.streamId(), s.section()); }
 * decoderStream.write(decoder.pollDecoderStream());
 * }</pre>
 *
 * <p>Errors: QPACK_ENCODER_STREAM_ERROR for a malformed encoder instruction, QPACK_DECOMPRESSION_FAILED for a
 * malformed section, too many blocked streams or a section over the size limit; all are connection errors except
 * that a section over the size limit leaves the decoder consistent, so the caller may treat it as a stream error.
 */
public final class QpackDecoder {
    private final QpackDecoderConfig config;
    private final DynamicTable table;
    private final EncoderStreamReader encoderStream;
    /** Blocked sections by stream, in the order they blocked. */
    private final Map<Long, Blocked> blocked = new LinkedHashMap<>();
    private final OutputBuffer decoderStream = new OutputBuffer(32);
    /** Insertions the encoder knows we have (through acknowledgments and increments sent), §2.1.4. */
    private long knownReceivedCount;

    /** A blocked section: its Required Insert Count and the bytes after it. */
    private record Blocked(long requiredInsertCount, ByteBuffer rest) {
    }

    /**
     * @param config the limits advertised in our SETTINGS
     */
    public QpackDecoder(QpackDecoderConfig config) {
        this.config = config;
        this.table = new DynamicTable(config.maxTableCapacity(), false);
        this.encoderStream = new EncoderStreamReader(table);
    }

    /**
     * Decodes an encoded field section (a HEADERS or PUSH_PROMISE payload), or keeps it if it is blocked.
     *
     * @param streamId the stream it arrived on
     * @param encoded the encoded section, read to its limit
     * @return the section, or empty if it is blocked (it is then returned later by {@link #onEncoderStream})
     * @throws Http3Exception QPACK_DECOMPRESSION_FAILED for a malformed section, one over the size limit, or one that
     *     would block more streams than SETTINGS_QPACK_BLOCKED_STREAMS
     * @throws IllegalStateException if the stream already has a blocked section (wait for it first)
     */
    public Optional<FieldSection> decode(long streamId, ByteBuffer encoded) {
        if (blocked.containsKey(streamId)) {
            throw new IllegalStateException("stream " + streamId + " has a blocked field section; decode the next"
                    + " one after onEncoderStream has returned it");
        }
        long required = FieldSectionReader.requiredInsertCount(encoded, config.maxTableCapacity(),
                table.insertCount());
        if (required > table.insertCount()) {
            block(streamId, required, encoded);
            return Optional.empty();
        }
        return Optional.of(decodeBody(streamId, required, encoded));
    }

    private void block(long streamId, long required, ByteBuffer rest) {
        // RFC 9204 §2.1.2: "If a decoder encounters more blocked streams than it promised to support, it MUST
        // treat this as a connection error of type QPACK_DECOMPRESSION_FAILED."
        if (blocked.size() >= config.maxBlockedStreams()) {
            throw new Http3Exception(Http3Error.QPACK_DECOMPRESSION_FAILED, "stream " + streamId + " would be blocked"
                    + " stream " + (blocked.size() + 1) + "; SETTINGS_QPACK_BLOCKED_STREAMS is "
                    + config.maxBlockedStreams());
        }
        // Each field line adds at least 32 to the decoded size for at most 22 bytes of integers plus its strings,
        // which Huffman coding can expand at most 30/8 times: a larger encoding cannot fit the limit, so it is
        // refused before being copied.
        if ((rest.remaining() - 32L) / 4 > config.maxFieldSectionSize()) {
            throw new Http3Exception(Http3Error.QPACK_DECOMPRESSION_FAILED, "blocked field section of "
                    + rest.remaining() + " bytes cannot fit SETTINGS_MAX_FIELD_SECTION_SIZE "
                    + config.maxFieldSectionSize());
        }
        ByteBuffer copy = ByteBuffer.allocate(rest.remaining());
        copy.put(rest).flip();
        blocked.put(streamId, new Blocked(required, copy));
    }

    private FieldSection decodeBody(long streamId, long required, ByteBuffer rest) {
        FieldSection section = FieldSectionReader.read(rest, required, table, config.maxFieldSectionSize());
        if (required > 0) {
            // RFC 9204 §4.4.1: acknowledge every section whose Required Insert Count is not zero.
            QpackInteger.encode(decoderStream.reserve(11), 0x80, 7, streamId);
            knownReceivedCount = Math.max(knownReceivedCount, required);
        }
        return section;
    }

    /**
     * Processes bytes from the peer's encoder stream and decodes the sections this unblocks.
     *
     * @param data the bytes, consumed entirely
     * @return the sections unblocked, in the order their streams blocked
     * @throws Http3Exception QPACK_ENCODER_STREAM_ERROR for a malformed instruction, a capacity above the maximum,
     *     an entry larger than the capacity, or a reference to an evicted or absent entry; QPACK_DECOMPRESSION_FAILED
     *     if an unblocked section turns out malformed
     */
    public List<DecodedSection> onEncoderStream(ByteBuffer data) {
        if (!encoderStream.read(data) || blocked.isEmpty()) {
            return List.of();
        }
        List<DecodedSection> unblocked = new ArrayList<>();
        Iterator<Map.Entry<Long, Blocked>> it = blocked.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Blocked> entry = it.next();
            Blocked section = entry.getValue();
            if (section.requiredInsertCount() <= table.insertCount()) {
                it.remove();
                long streamId = entry.getKey();
                unblocked.add(new DecodedSection(streamId, decodeBody(streamId, section.requiredInsertCount(),
                        section.rest())));
            }
        }
        return unblocked;
    }

    /**
     * The stream was reset or its reading abandoned: drops its blocked section, if any, and queues a Stream
     * Cancellation (RFC 9204 §4.4.2), unless the dynamic table is disabled and the encoder cannot hold references.
     *
     * @param streamId the stream
     */
    public void cancelStream(long streamId) {
        blocked.remove(streamId);
        if (config.maxTableCapacity() > 0) {
            QpackInteger.encode(decoderStream.reserve(11), 0x40, 6, streamId);
        }
    }

    /**
     * @return the decoder-stream bytes queued since the last call, ending with an Insert Count Increment for any
     *     entries received but not yet acknowledged (RFC 9204 §4.4.3); possibly empty
     */
    public ByteBuffer pollDecoderStream() {
        long unacknowledged = table.insertCount() - knownReceivedCount;
        if (unacknowledged > 0) {
            QpackInteger.encode(decoderStream.reserve(11), 0x00, 6, unacknowledged);
            knownReceivedCount = table.insertCount();
        }
        return decoderStream.take();
    }

    /** @return decoder-stream bytes queued and not yet polled (an Insert Count Increment not yet due excluded) */
    public int pendingDecoderStream() {
        return decoderStream.length();
    }

    /** @return the number of streams with a blocked section */
    public int blockedStreams() {
        return blocked.size();
    }

    /** @return the number of entries inserted so far (the Insert Count) */
    public long insertCount() {
        return table.insertCount();
    }

    /** @return the dynamic table's current capacity */
    public long tableCapacity() {
        return table.capacity();
    }
}
