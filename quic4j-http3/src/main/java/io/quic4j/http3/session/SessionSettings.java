package io.quic4j.http3.session;

/**
 * What a session advertises in SETTINGS and enforces (RFC 9114 §7.2.4.1, RFC 9204 §5).
 *
 * @param maxFieldSectionSize SETTINGS_MAX_FIELD_SECTION_SIZE
 * @param qpackMaxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY, also the most table our encoder uses
 * @param qpackBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS
 */
public record SessionSettings(long maxFieldSectionSize, long qpackMaxTableCapacity, int qpackBlockedStreams) {
}
