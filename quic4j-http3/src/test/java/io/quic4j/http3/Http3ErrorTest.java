package io.quic4j.http3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9114 §8.1 and RFC 9204 §6 codes. */
class Http3ErrorTest {

    @Test
    void codesMatchTheRfcs() {
        assertThat(Http3Error.H3_NO_ERROR.code()).isEqualTo(0x100);
        assertThat(Http3Error.H3_VERSION_FALLBACK.code()).isEqualTo(0x110);
        assertThat(Http3Error.QPACK_DECOMPRESSION_FAILED.code()).isEqualTo(0x200);
        assertThat(Http3Error.QPACK_DECODER_STREAM_ERROR.code()).isEqualTo(0x202);
    }

    @Test
    void fromCodeRoundTripsAndReturnsNullForUnknownCodes() {
        for (Http3Error e : Http3Error.values()) {
            assertThat(Http3Error.fromCode(e.code())).isSameAs(e);
        }
        assertThat(Http3Error.fromCode(0x21)).isNull();
        assertThat(new Http3Exception(Http3Error.H3_FRAME_ERROR, "x").error()).isEqualTo(Http3Error.H3_FRAME_ERROR);
    }
}
