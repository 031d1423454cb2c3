package io.quic4j.http3.qpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;

/**
 * Jazzer fuzz target for the QPACK decoder (RFC 9204 §4.3, §4.5). The input is a script of chunks, each a tag
 * byte and a length byte followed by that many bytes: tag 0 feeds the encoder stream, tag 1 decodes a field
 * section on stream {@code 4 * (tag >> 2)}, tag 2 cancels a stream, tag 3 polls the decoder stream. Without {@code
 * JAZZER_FUZZ} this runs as a regression test on the seeds and findings in {@code
 * QpackDecoderFuzzTestInputs/decode}.
 *
 * <p>Property: only {@link Http3Exception} with a QPACK code escapes (never IndexOutOfBounds, BufferUnderflow,
 * NegativeArraySize, OutOfMemory, ...), and the decoder keeps its promised bounds.
 */
class QpackDecoderFuzzTest {

    @FuzzTest
    void decode(byte[] input) {
        QpackDecoder decoder = new QpackDecoder(new QpackDecoderConfig(256, 2, 4096));
        ByteBuffer script = ByteBuffer.wrap(input);
        try {
            while (script.remaining() >= 2) {
                int tag = script.get() & 0xff;
                int length = Math.min(script.get() & 0xff, script.remaining());
                ByteBuffer chunk = script.slice(script.position(), length);
                script.position(script.position() + length);
                long streamId = 4L * (tag >> 2);
                switch (tag & 3) {
                    case 0 -> {
                        for (DecodedSection section : decoder.onEncoderStream(chunk)) {
                            assertThat(section.section().size()).isLessThanOrEqualTo(4096);
                        }
                    }
                    case 1 -> {
                        try {
                            decoder.decode(streamId, chunk).ifPresent(s -> assertThat(s.size())
                                    .isLessThanOrEqualTo(4096));
                        } catch (IllegalStateException e) {
                            // Our own misuse, not the peer's: a second section on a blocked stream.
                            assertThat(e.getMessage()).contains("blocked field section");
                        }
                    }
                    case 2 -> decoder.cancelStream(streamId);
                    default -> decoder.pollDecoderStream();
                }
                assertThat(decoder.blockedStreams()).isLessThanOrEqualTo(2);
                assertThat(decoder.tableCapacity()).isLessThanOrEqualTo(256);
            }
        } catch (Http3Exception e) {
            assertThat(e.error()).isIn(Http3Error.QPACK_DECOMPRESSION_FAILED, Http3Error.QPACK_ENCODER_STREAM_ERROR);
        }
    }
}
