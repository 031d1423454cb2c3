package io.quic4j.http3.qpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;

/**
 * Jazzer fuzz target for the encoder's side of the decoder stream (RFC 9204 §4.4). The encoder first sends a few
 * sections with dynamic references on streams 0, 4 and 8; the input is then fed as decoder-stream bytes in pieces
 * of its first byte's size. Without {@code JAZZER_FUZZ} this replays {@code QpackEncoderFuzzTestInputs/onDecoderStream}.
 *
 * <p>Property: only QPACK_DECODER_STREAM_ERROR escapes, and whatever the peer acknowledges, the encoder keeps
 * encoding sections a decoder in the acknowledged state could decode without blocking more streams than allowed.
 */
class QpackEncoderFuzzTest {
    private static final FieldSection SECTION = FieldSection.of(FieldLine.of(":authority", "example.com"),
            FieldLine.of("user-agent", "fuzz"), FieldLine.of("cookie", "a=b"));

    @FuzzTest
    void onDecoderStream(byte[] input) {
        QpackEncoder encoder = new QpackEncoder(256);
        encoder.applyPeerSettings(256, 2);
        for (long streamId = 0; streamId <= 8; streamId += 4) {
            encoder.encode(streamId, SECTION);
        }
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 7);
        ByteBuffer data = ByteBuffer.wrap(input, 1, input.length - 1);
        try {
            while (data.hasRemaining()) {
                int length = Math.min(piece, data.remaining());
                encoder.onDecoderStream(data.slice(data.position(), length));
                data.position(data.position() + length);
                assertThat(encoder.knownReceivedCount()).isBetween(0L, encoder.insertCount());
                encoder.encode(12, SECTION);
                assertThat(encoder.blockingStreams()).isLessThanOrEqualTo(2);
            }
        } catch (Http3Exception e) {
            assertThat(e.error()).isEqualTo(Http3Error.QPACK_DECODER_STREAM_ERROR);
        }
    }
}
