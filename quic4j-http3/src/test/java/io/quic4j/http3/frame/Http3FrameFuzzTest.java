package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Jazzer fuzz target for the HTTP/3 frame reader and the stream rules (RFC 9114 §4.1, §6.2.1, §7). The
 * first input byte chooses how the rest, a stream's bytes, is split into pieces (low nibble: piece size
 * 1..16) and which stream rules see the events (bits 4-5: control stream, request, response, pushed
 * response); the rest is fed to {@link Http3FrameReader} with a FIN at the end. Without {@code JAZZER_FUZZ}
 * this runs as a regression test on the seeds and findings in {@code Http3FrameFuzzTestInputs/readStream};
 * with {@code JAZZER_FUZZ=1} and {@code -Dtest=io.quic4j.http3.frame.Http3FrameFuzzTest} it fuzzes.
 *
 * <p>Properties: only {@link Http3Exception} escapes, with a framing error code; the split does not change
 * the frames read or the error; and the frames read re-encode to bytes that read back to the same frames.
 */
class Http3FrameFuzzTest {
    private static final FrameLimits LIMITS = new FrameLimits(512, 128);

    @FuzzTest
    void readStream(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        ByteBuffer stream = ByteBuffer.wrap(input, 1, input.length - 1).slice();

        List<Http3Frame> whole = new ArrayList<>();
        Http3Error wholeError = read(List.of(stream.duplicate()), mode, whole);
        List<Http3Frame> split = new ArrayList<>();
        Http3Error splitError = read(pieces(stream, 1 + (mode & 0x0f)), mode, split);
        assertThat(split).as("frames read in pieces").isEqualTo(whole);
        assertThat(splitError).as("error read in pieces").isEqualTo(wholeError);

        List<Http3Frame> again = new ArrayList<>();
        assertThat(read(List.of(FrameSupport.encode(whole)), -1, again)).as("re-encoded frames are valid").isNull();
        assertThat(again).as("re-encoded frames").isEqualTo(whole);
    }

    /** @return the error, or null if the whole stream was read */
    private static Http3Error read(List<ByteBuffer> pieces, int mode, List<Http3Frame> frames) {
        try {
            FrameSupport.read(LIMITS, pieces, true, rules(mode), frames);
            return null;
        } catch (Http3Exception e) {
            assertThat(e.error()).isIn(Http3Error.H3_FRAME_ERROR, Http3Error.H3_FRAME_UNEXPECTED,
                    Http3Error.H3_EXCESSIVE_LOAD, Http3Error.H3_SETTINGS_ERROR, Http3Error.H3_MISSING_SETTINGS,
                    Http3Error.H3_ID_ERROR);
            return e.error();
        }
    }

    private static Consumer<FrameEvent> rules(int mode) {
        if (mode < 0) {
            return event -> {
            };
        }
        return switch ((mode >>> 4) & 0x3) {
            case 0 -> ControlStreamState.fromClient()::accept;
            case 1 -> MessageStreamState.request()::accept;
            case 2 -> MessageStreamState.response()::accept;
            default -> MessageStreamState.pushedResponse()::accept;
        };
    }

    private static List<ByteBuffer> pieces(ByteBuffer stream, int size) {
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int at = 0; at < stream.limit(); at += size) {
            pieces.add(stream.slice(at, Math.min(size, stream.limit() - at)));
        }
        return pieces;
    }
}
