/**
 * qlog output (DESIGN.md §7; draft-ietf-quic-qlog-main-schema and draft-ietf-quic-qlog-quic-events in
 * specs/): a {@link io.quic4j.transport.connection.ConnectionTracer} that writes one connection's events as a
 * JSON Text Sequences file ({@code .sqlog}), readable by qvis and other qlog tools.
 *
 * <p>Start at {@link io.quic4j.transport.qlog.QlogDirectory}, the factory that honours {@code QLOGDIR} and names
 * files {@code <odcid>_<client|server>.sqlog}; then {@link io.quic4j.transport.qlog.QlogTracer} (which events
 * and fields are written, and when files are flushed and closed), {@code QlogFrames} (frames in their qlog
 * form), {@link io.quic4j.transport.qlog.QlogWriter} (RS + JSON + LF framing, RFC 7464) and {@code JsonEncoder}
 * (RFC 8259 strings and numbers, no JSON library). The connection itself stays sans-I/O: it hands plain values
 * to the tracer; the file is opened by the factory and written by the tracer, on the connection's thread.
 *
 * <pre>{@code
 * // QLOGDIR=/tmp/qlogs/ in the environment, or a directory of your choice:
 * ConnectionConfig config = ConnectionConfig.builder()
 *         .tracers(QlogDirectory.fromEnvironment()
 *                 .orElse(QlogDirectory.factory(Path.of("/tmp/qlogs"))))
 *         .build();
 * Connection client = Connection.client(config, tls, "example.com", server, random, now);
 * // ... /tmp/qlogs/<odcid>_client.sqlog grows as the connection runs; it is complete once the
 * // connection's Closed event has been polled.
 * }</pre>
 */
package io.quic4j.transport.qlog;
