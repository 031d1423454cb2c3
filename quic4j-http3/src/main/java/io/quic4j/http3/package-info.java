/**
 * HTTP/3 (RFC 9114) and QPACK (RFC 9204). So far: the error vocabulary ({@link io.quic4j.http3.Http3Error},
 * {@link io.quic4j.http3.Http3Exception}); the codecs live in {@code qpack} (field compression) and
 * {@code frame} (HTTP/3 frames, stream types, settings). The server and client arrive with issue 7.
 */
package io.quic4j.http3;
