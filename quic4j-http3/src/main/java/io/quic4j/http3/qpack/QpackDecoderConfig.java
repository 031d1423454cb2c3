package io.quic4j.http3.qpack;

/**
 * The limits a QPACK decoder promises its peer in SETTINGS and enforces (RFC 9204 §5, §7.3; RFC 9114 §4.2.2). Every
 * one bounds memory a peer can make the decoder hold: the dynamic table, the blocked field sections, and each decoded
 * section.
 *
 * @param maxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY: the largest dynamic table capacity the encoder may set,
 *     0..2^30
 * @param maxBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS: how many streams may wait for dynamic table entries
 * @param maxFieldSectionSize SETTINGS_MAX_FIELD_SECTION_SIZE: the largest decoded section, counted as the sum of
 *     name + value + 32 over its lines, at least 32
 */
public record QpackDecoderConfig(long maxTableCapacity, int maxBlockedStreams, long maxFieldSectionSize) {
    /** A cap on the table capacity this implementation accepts configuring: 1 GiB. */
    public static final long MAX_TABLE_CAPACITY_LIMIT = 1L << 30;

    /** 4 KiB of table, 100 blocked streams, 64 KiB sections. */
    public static final QpackDecoderConfig DEFAULT = new QpackDecoderConfig(4096, 100, 64 * 1024);

    /**
     * @throws IllegalArgumentException if a limit is out of range
     */
    public QpackDecoderConfig {
        if (maxTableCapacity < 0 || maxTableCapacity > MAX_TABLE_CAPACITY_LIMIT) {
            throw new IllegalArgumentException("maxTableCapacity must be 0.." + MAX_TABLE_CAPACITY_LIMIT + ", was "
                    + maxTableCapacity);
        }
        if (maxBlockedStreams < 0) {
            throw new IllegalArgumentException("maxBlockedStreams must be >= 0, was " + maxBlockedStreams);
        }
        if (maxFieldSectionSize < FieldLine.ENTRY_OVERHEAD || maxFieldSectionSize > QpackInteger.MAX) {
            throw new IllegalArgumentException("maxFieldSectionSize must be 32..2^62-1, was " + maxFieldSectionSize);
        }
    }
}
