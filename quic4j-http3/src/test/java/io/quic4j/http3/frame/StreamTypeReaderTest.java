package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The unidirectional stream header (RFC 9114 §6.2), read as it arrives. */
class StreamTypeReaderTest {

    @Test
    void classifiesTheStreamTypes() {
        // RFC 9114 §6.2.1 (0x00), §6.2.2 (0x01), RFC 9204 §4.2 (0x02, 0x03), §6.2.3 (reserved).
        assertThat(StreamType.of(0x00)).isEqualTo(StreamType.CONTROL);
        assertThat(StreamType.of(0x01)).isEqualTo(StreamType.PUSH);
        assertThat(StreamType.of(0x02)).isEqualTo(StreamType.QPACK_ENCODER);
        assertThat(StreamType.of(0x03)).isEqualTo(StreamType.QPACK_DECODER);
        assertThat(StreamType.of(0x21)).isEqualTo(StreamType.RESERVED);
        assertThat(StreamType.of(0x1f * 1000L + 0x21)).isEqualTo(StreamType.RESERVED);
        assertThat(StreamType.of(0x04)).isEqualTo(StreamType.UNKNOWN);
        assertThat(StreamType.of(-1)).isEqualTo(StreamType.UNKNOWN);
    }

    @Test
    void readsATypeSplitAcrossBuffersAndLeavesTheBodyAlone() {
        StreamTypeReader reader = new StreamTypeReader();
        // 0x40 0x21: a two-byte encoding of the reserved type 0x21, then body bytes.
        assertThat(reader.read(FrameSupport.bytes(0x40))).isFalse();
        assertThat(reader.isComplete()).isFalse();
        ByteBuffer rest = FrameSupport.bytes(0x21, 0x99);
        assertThat(reader.read(rest)).isTrue();
        assertThat(rest.remaining()).isEqualTo(1);
        assertThat(reader.type()).isEqualTo(0x21);
        assertThat(reader.streamType()).isEqualTo(StreamType.RESERVED);
        assertThatThrownBy(reader::pushId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsThePushIdOfAPushStreamByteByByte() {
        // RFC 9114 §6.2.2: Stream Type (i) = 0x01, Push ID (i).
        ByteBuffer header = StreamType.pushStreamHeader(16_383);
        assertThat(header).isEqualTo(FrameSupport.bytes(0x01, 0x7f, 0xff));
        StreamTypeReader reader = new StreamTypeReader();
        assertThat(reader.read(header.slice(0, 1))).isFalse();
        assertThat(reader.streamType()).isEqualTo(StreamType.PUSH);
        assertThat(reader.read(header.slice(1, 1))).isFalse();
        assertThat(reader.read(header.slice(2, 1))).isTrue();
        assertThat(reader.pushId()).isEqualTo(16_383);
    }

    @Test
    void toleratesAStreamThatEndsBeforeItsHeader() {
        // RFC 9114 §6.2: "A receiver MUST tolerate unidirectional streams being closed or reset prior to the
        // reception of the unidirectional stream header" - an empty read is no error.
        StreamTypeReader reader = new StreamTypeReader();
        assertThat(reader.read(ByteBuffer.allocate(0))).isFalse();
        assertThatThrownBy(reader::type).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesTheFixedStreamHeaders() {
        assertThat(StreamType.CONTROL.streamHeader()).isEqualTo(FrameSupport.bytes(0x00));
        assertThat(StreamType.QPACK_DECODER.streamHeader()).isEqualTo(FrameSupport.bytes(0x03));
        assertThatThrownBy(StreamType.PUSH::streamHeader).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(StreamType.RESERVED::code).isInstanceOf(IllegalStateException.class);
    }
}
