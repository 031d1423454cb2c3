/**
 * Static files for the web server: maps a request to a file under a root directory and decides the
 * response (status, fields, file region), without any HTTP/3 type so any front end can send it. Covers
 * request-target path safety (RFC 3986 §2.1 percent-encoding, §5.2.4 dot segments, symbolic links),
 * validators (RFC 9110 §8.8: strong ETag, Last-Modified), conditional requests (RFC 9110 §13, evaluated
 * in §13.2.2 order), single byte ranges (RFC 9110 §14) and HTTP-date (RFC 9110 §5.6.7). Start with
 * {@link io.quic4j.server.files.StaticFiles#serve}; {@link io.quic4j.server.files.RequestPath} holds the
 * path rules, {@link io.quic4j.server.files.Preconditions} and {@link io.quic4j.server.files.ByteRange} the
 * rest.
 */
package io.quic4j.server.files;
