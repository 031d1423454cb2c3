package io.quic4j.http3.qpack;

/**
 * A field section that was blocked on dynamic table entries (RFC 9204 §2.2.1) and is now decoded.
 *
 * @param streamId the stream it arrived on
 * @param section the decoded field lines
 */
public record DecodedSection(long streamId, FieldSection section) {
}
