package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Frame headers without payload copies, and the grease of RFC 9114 §7.2.8 and §7.2.4.1. */
class Http3FrameWriterTest {

    @Test
    void writesADataHeaderSeparateFromItsPayload() {
        ByteBuffer body = ByteBuffer.wrap(new byte[300]);
        ByteBuffer header = Http3FrameWriter.header(FrameType.DATA, body.remaining());
        assertThat(header).isEqualTo(FrameSupport.bytes(0x00, 0x41, 0x2c));
        assertThat(FrameSupport.read(FrameLimits.DEFAULT, List.of(header, body), true)).containsExactly(new DataFrame(
                ByteBuffer.wrap(new byte[300])));
    }

    @Test
    void writesUnknownFramesAsZeroPadding() {
        assertThat(Http3FrameWriter.encode(new UnknownFrame(0x21, 3))).isEqualTo(FrameSupport.bytes(0x21, 3, 0, 0,
                0));
    }

    @Test
    void refusesUnknownFramesOfKnownOrHttp2Types() {
        assertThatThrownBy(() -> new UnknownFrame(FrameType.HEADERS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownFrame(0x06, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void greaseFramesHaveAReservedTypeAndAreSkipped(@ForAll long seed) {
        // RFC 9114 §7.2.8: types 0x1f * N + 0x21 "have no semantics" and are ignored on receipt.
        ByteBuffer grease = Http3FrameWriter.greaseFrame(new Random(seed), 20);
        List<Http3Frame> frames = FrameSupport.read(grease);
        assertThat(frames).hasSize(1);
        UnknownFrame frame = (UnknownFrame) frames.getFirst();
        assertThat(Reserved.isReserved(frame.type())).isTrue();
        assertThat(frame.length()).isBetween(0L, 20L);
    }

    @Property
    void greaseSettingsHaveAReservedIdentifierAndAreIgnored(@ForAll long seed) {
        // RFC 9114 §7.2.4.1: "Endpoints SHOULD include at least one such setting in their SETTINGS frame."
        Settings ours = Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, 1000);
        Settings greased = Http3FrameWriter.withGreaseSetting(ours, new Random(seed));
        assertThat(greased.entries()).hasSize(2);
        assertThat(Reserved.isReserved(greased.entries().get(1).id())).isTrue();
        assertThat(greased.maxFieldSectionSize()).isEqualTo(1000);
        assertThat(FrameSupport.read(Http3FrameWriter.encode(new SettingsFrame(greased)))).containsExactly(
                new SettingsFrame(greased));
    }

    @Test
    void reservedValuesAreOneFStepsFrom0x21() {
        assertThat(Reserved.isReserved(0x21)).isTrue();
        assertThat(Reserved.isReserved(0x40)).isTrue();
        assertThat(Reserved.isReserved(0x3fff_ffff_ffff_fffeL)).isTrue();
        assertThat(Reserved.isReserved(0x20)).isFalse();
        assertThat(Reserved.isReserved(0x41)).isFalse();
        assertThat(Reserved.isReserved(0)).isFalse();
    }

    @Test
    void settingsRefuseOurOwnInvalidEntries() {
        assertThatThrownBy(() -> Settings.EMPTY.with(0x02, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.EMPTY.with(Settings.H3_DATAGRAM, 2)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(List.of(new Settings.Setting(6, 1), new Settings.Setting(6, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        // with() replaces in place rather than duplicating.
        Settings s = Settings.EMPTY.with(6, 1).with(1, 2).with(6, 3);
        assertThat(s.entries()).containsExactly(new Settings.Setting(6, 3), new Settings.Setting(1, 2));
    }
}
