package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Every frame type of RFC 9114 §7.2 encodes and reads back to an equal record, however the stream's bytes
 * are split (§7: "HTTP/3 frames can span multiple packets"; a stream may be delivered in any pieces).
 */
class Http3FrameRoundTripTest {

    @Test
    void roundTripsOneFrameOfEveryType() {
        List<Http3Frame> frames = List.of(new SettingsFrame(Settings.EMPTY.with(Settings.QPACK_MAX_TABLE_CAPACITY,
                4096).with(Settings.MAX_FIELD_SECTION_SIZE, 16_384).with(Settings.QPACK_BLOCKED_STREAMS, 100).with(
                        Settings.ENABLE_CONNECT_PROTOCOL, 1)
                .with(Settings.H3_DATAGRAM, 1).with(0x21, 7)),
                new HeadersFrame(FrameSupport.bytes(0, 0, 0xd1, 0xd7)), new DataFrame(FrameSupport.bytes(1, 2, 3)),
                new DataFrame(ByteBuffer.allocate(0)), new HeadersFrame(ByteBuffer.allocate(0)), new CancelPushFrame(3),
                new PushPromiseFrame(Http3VarInt.MAX, FrameSupport.bytes(0, 0, 0xd1)), new GoAwayFrame(16_384),
                new MaxPushIdFrame(64), new UnknownFrame(0x21, 5), new UnknownFrame(0x0a, 0),
                new SettingsFrame(Settings.EMPTY));
        for (Http3Frame frame : frames) {
            ByteBuffer encoded = Http3FrameWriter.encode(frame);
            assertThat(encoded.remaining()).isEqualTo(Http3FrameWriter.encodedLength(frame));
            assertThat(FrameSupport.read(encoded)).as("%s", frame).containsExactly(frame);
        }
        assertThat(FrameSupport.read(FrameSupport.encode(frames))).isEqualTo(frames);
    }

    @Test
    void encodesDataAsTypeLengthPayload() {
        // RFC 9114 §7.2.1: Type (i) = 0x00, Length (i), Data (..)
        assertThat(Http3FrameWriter.encode(new DataFrame(FrameSupport.bytes(0xaa, 0xbb)))).isEqualTo(FrameSupport
                .bytes(0x00, 0x02, 0xaa, 0xbb));
        assertThat(Http3FrameWriter.header(FrameType.DATA, 70_000)).isEqualTo(FrameSupport.bytes(0x00, 0x80, 0x01,
                0x11, 0x70));
        // RFC 9114 §7.2.6: GOAWAY with one integer.
        assertThat(Http3FrameWriter.encode(new GoAwayFrame(4))).isEqualTo(FrameSupport.bytes(0x07, 0x01, 0x04));
    }

    @Property
    void everyFrameRoundTrips(@ForAll("frames") Http3Frame frame) {
        ByteBuffer encoded = Http3FrameWriter.encode(frame);
        assertThat(FrameSupport.read(encoded)).containsExactly(frame);
    }

    @Property
    void framesReadTheSameWholeByteByByteAndInRandomSplits(
            @ForAll("frameLists") List<Http3Frame> frames,
            @ForAll @Size(max = 20) List<Integer> cuts) {
        ByteBuffer whole = FrameSupport.encode(frames);
        assertThat(FrameSupport.read(whole.duplicate())).isEqualTo(frames);
        assertThat(FrameSupport.read(FrameLimits.DEFAULT, FrameSupport.split(whole.duplicate(), cuts), true))
                .isEqualTo(frames);
        List<ByteBuffer> single = new ArrayList<>();
        for (int i = whole.position(); i < whole.limit(); i++) {
            single.add(whole.slice(i, 1));
        }
        assertThat(FrameSupport.read(FrameLimits.DEFAULT, single, true)).isEqualTo(frames);
    }

    @Provide
    Arbitrary<List<Http3Frame>> frameLists() {
        return FrameSupport.frames().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Http3Frame> frames() {
        return FrameSupport.frames();
    }
}
