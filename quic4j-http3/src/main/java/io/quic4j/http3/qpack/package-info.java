/**
 * QPACK, field compression for HTTP/3 (RFC 9204), sans-I/O: byte buffers in, byte buffers out, no threads, no locks.
 * Start with {@link io.quic4j.http3.qpack.QpackEncoder} (the sending side: field sections to encoded sections plus
 * encoder-stream instructions, §2.1, §4.3, §4.5; decoder-stream feedback in, §4.4) and
 * {@link io.quic4j.http3.qpack.QpackDecoder} (the receiving side: encoder-stream instructions applied by
 * {@code EncoderStreamReader}, sections decoded by {@code FieldSectionReader}, blocked streams §2.2.1,
 * acknowledgments out). Beneath them: {@code DynamicTable} (§3.2, with the encoder's reference counts of §2.1.1 and
 * the draining index of §2.1.1.1), {@code StaticTable} (Appendix A), and the primitives {@code QpackInteger}
 * (prefixed integers, RFC 7541 §5.1 / RFC 9204 §4.1.1), {@code QpackString} (string literals, §4.1.2) and
 * {@code Huffman} (RFC 7541 §5.2 and Appendix B). Field lines are {@link io.quic4j.http3.qpack.FieldLine} records
 * holding byte strings as ISO-8859-1 strings. Every malformed input raises {@link io.quic4j.http3.Http3Exception}
 * with QPACK_DECOMPRESSION_FAILED, QPACK_ENCODER_STREAM_ERROR or QPACK_DECODER_STREAM_ERROR; every peer-driven
 * allocation is bounded by the limits of {@link io.quic4j.http3.qpack.QpackDecoderConfig}. The encoder's own state
 * is bounded too: unacknowledged sections, and encoder-stream bytes its owner reports as not yet taken by the
 * transport (past a table's capacity it stops inserting).
 */
package io.quic4j.http3.qpack;
