/**
 * Streams (RFC 9000 §2-§4, §13.3, §19.4-§19.14; DESIGN.md §3). Two layers. The byte-buffer layer:
 * {@link io.quic4j.transport.stream.ReceiveBuffer} reassembles a peer's out-of-order, overlapping and
 * repeated ranges under a hard bound, enforcing final size rules; {@link io.quic4j.transport.stream.SendBuffer}
 * holds our bytes until acknowledged and hands out lost ranges before new data;
 * {@link io.quic4j.transport.stream.CryptoStream} puts one of each behind the CRYPTO frames of an
 * encryption level. The stream layer on top: {@link io.quic4j.transport.stream.StreamId} (§2.1);
 * {@link io.quic4j.transport.stream.SendStream} and {@link io.quic4j.transport.stream.ReceiveStream}, the
 * state machines of §3.1/§3.2 ({@link io.quic4j.transport.stream.SendState},
 * {@link io.quic4j.transport.stream.ReceiveState}) with the frames each half owes and their
 * retransmission; {@link io.quic4j.transport.stream.SendFlowControl} /
 * {@link io.quic4j.transport.stream.ReceiveFlowControl} (§4.1-§4.2, with auto-tuning);
 * {@link io.quic4j.transport.stream.IncomingStreamLimit} / {@link io.quic4j.transport.stream.OutgoingStreamLimit}
 * (§4.6 stream-limit credit); and {@link io.quic4j.transport.stream.StreamMap}, one connection's streams
 * without the connection: open, accept, lookup, frames in and out, retirement exactly once, with
 * {@link io.quic4j.transport.stream.StreamScheduler} choosing which stream sends next by its
 * {@link io.quic4j.transport.stream.StreamPriority} (RFC 9218 §4, §10; round-robin by default). Everything is
 * single-threaded and sans-I/O; time is a parameter. Start reading at {@code StreamMap}, then
 * {@code Stream}, {@code SendStream}, {@code ReceiveStream}.
 */
package io.quic4j.transport.stream;
