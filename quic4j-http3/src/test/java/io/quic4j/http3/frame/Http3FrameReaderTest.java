package io.quic4j.http3.frame;

import static io.quic4j.http3.frame.FrameSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader's malformed-input rules (RFC 9114 §7.1, §7.2, §10.5) and its no-copy behaviour. */
class Http3FrameReaderTest {
    private static final FrameLimits SMALL = new FrameLimits(100, 20);

    @ParameterizedTest
    @ValueSource(ints = {0x02, 0x06, 0x08, 0x09})
    void rejectsHttp2FrameTypes(int type) {
        // RFC 9114 §7.2.8: receipt of the reserved HTTP/2 frame types is H3_FRAME_UNEXPECTED.
        assertError(bytes(type, 0), Http3Error.H3_FRAME_UNEXPECTED);
    }

    @Test
    void rejectsHeadersLongerThanTheLimitBeforeBufferingThem() {
        // RFC 9114 §10.5: a frame over our limit is excessive load; only the header has arrived.
        assertError(bytes(0x01, 0x40, 101), Http3Error.H3_EXCESSIVE_LOAD);
        assertThat(FrameSupport.read(SMALL, List.of(ByteBuffer.wrap(frame(0x01, new byte[100]))), true)).hasSize(1);
    }

    @Test
    void boundsFieldSectionsByTheMaxFieldSectionSizeWeAdvertise() {
        // RFC 9114 §4.2.2 and §10.5: our SETTINGS_MAX_FIELD_SECTION_SIZE, plus room for the QPACK prefix.
        assertThat(FrameLimits.forSettings(Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, 1000)))
                .isEqualTo(new FrameLimits(1016, FrameLimits.DEFAULT.maxSettingsLength()));
        assertThat(FrameLimits.forSettings(Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, 0))
                .maxFieldSectionLength()).isEqualTo(16);
        assertThat(FrameLimits.forSettings(Settings.EMPTY)).isEqualTo(FrameLimits.DEFAULT);
        assertThat(FrameLimits.forSettings(Settings.EMPTY.with(Settings.MAX_FIELD_SECTION_SIZE, Http3VarInt.MAX))
                .maxFieldSectionLength()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void rejectsPushPromiseLongerThanTheLimit() {
        assertError(bytes(0x05, 0x40, 101), Http3Error.H3_EXCESSIVE_LOAD);
    }

    @Test
    void rejectsSettingsLongerThanTheLimit() {
        assertError(bytes(0x04, 21), Http3Error.H3_EXCESSIVE_LOAD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x07, 0x0d})
    void rejectsOneIntegerFramesLongerThanAnyInteger(int type) {
        // RFC 9114 §7.1: a payload with bytes after its fields is H3_FRAME_ERROR; 9 bytes cannot be one varint.
        assertError(bytes(type, 9), Http3Error.H3_FRAME_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x07, 0x0d})
    void rejectsOneIntegerFramesWithTrailingBytes(int type) {
        // RFC 9114 §7.1: "A frame payload that contains additional bytes after the identified fields ... MUST be
        // treated as a connection error of type H3_FRAME_ERROR."
        assertError(bytes(type, 2, 0x04, 0x00), Http3Error.H3_FRAME_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x07, 0x0d, 0x05})
    void rejectsFramesWhosePayloadEndsInsideTheirId(int type) {
        // RFC 9114 §7.1: "... or a frame payload that terminates before the end of the identified fields".
        assertError(bytes(type, 1, 0x40, 0x00), Http3Error.H3_FRAME_ERROR);
        assertError(bytes(type, 0), Http3Error.H3_FRAME_ERROR);
    }

    @Test
    void rejectsSettingsWithAnIdentifierButNoValue() {
        assertError(bytes(0x04, 1, 0x06), Http3Error.H3_FRAME_ERROR);
        assertError(bytes(0x04, 2, 0x06, 0x40), Http3Error.H3_FRAME_ERROR);
    }

    @Test
    void rejectsDuplicateSettings() {
        // RFC 9114 §7.2.4: "The same setting identifier MUST NOT occur more than once"; we choose H3_SETTINGS_ERROR.
        assertError(bytes(0x04, 4, 0x06, 0x10, 0x06, 0x20), Http3Error.H3_SETTINGS_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x02, 0x03, 0x04, 0x05})
    void rejectsHttp2Settings(int id) {
        // RFC 9114 §7.2.4.1: receipt of the HTTP/2-only settings MUST be treated as H3_SETTINGS_ERROR.
        assertError(bytes(0x04, 2, id, 0), Http3Error.H3_SETTINGS_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x33})
    void rejectsBooleanSettingsOtherThanZeroOrOne(int id) {
        // RFC 8441 §3 / RFC 9220 §3 (ENABLE_CONNECT_PROTOCOL), RFC 9297 §2.1.1 (H3_DATAGRAM): 0 or 1.
        assertError(bytes(0x04, 2, id, 2), Http3Error.H3_SETTINGS_ERROR);
        assertThat(FrameSupport.read(bytes(0x04, 2, id, 1))).hasSize(1);
    }

    @Test
    void ignoresUnknownAndReservedSettingsButKeepsThem() {
        // RFC 9114 §7.2.4: "An implementation MUST ignore any parameter with an identifier it does not
        // understand"; 0x00 is reserved but not an error to receive (§11.2.2).
        List<Http3Frame> frames = FrameSupport.read(bytes(0x04, 6, 0x21, 0x05, 0x00, 0x01, 0x06, 0x20));
        Settings settings = ((SettingsFrame) frames.getFirst()).settings();
        assertThat(settings.value(0x21)).hasValue(5);
        assertThat(settings.maxFieldSectionSize()).isEqualTo(0x20);
        assertThat(settings.qpackMaxTableCapacity()).isZero();
        assertThat(settings.qpackBlockedStreams()).isZero();
        assertThat(settings.enableConnectProtocol()).isFalse();
        assertThat(settings.h3Datagram()).isFalse();
        assertThat(Settings.EMPTY.maxFieldSectionSize()).isEqualTo(Settings.UNLIMITED);
    }

    @Test
    void rejectsAStreamThatEndsInsideAFrame() {
        // RFC 9114 §7.1: "When a stream terminates cleanly, if the last frame on the stream was truncated, this
        // MUST be treated as a connection error of type H3_FRAME_ERROR."
        assertError(bytes(0x00, 5, 1, 2), Http3Error.H3_FRAME_ERROR); // inside DATA
        assertError(bytes(0x01, 3, 1), Http3Error.H3_FRAME_ERROR); // inside HEADERS
        assertError(bytes(0x21, 3), Http3Error.H3_FRAME_ERROR); // inside a skipped frame
        assertError(bytes(0x00), Http3Error.H3_FRAME_ERROR); // before the length
        assertError(bytes(0x00, 0x40), Http3Error.H3_FRAME_ERROR); // inside the length
        assertError(bytes(0x40), Http3Error.H3_FRAME_ERROR); // inside the type
        assertThat(FrameSupport.read(ByteBuffer.allocate(0))).isEmpty();
    }

    @Test
    void skipsUnknownFramesWithoutBufferingThem() {
        // RFC 9114 §9: unknown frame types are ignored; a 2^40-byte one costs nothing but skipping.
        Http3FrameReader reader = new Http3FrameReader(SMALL);
        ByteBuffer in = bytes(0x40, 0x0a, 0xc0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3);
        assertThat(reader.next(in)).isEqualTo(new FrameEvent.Header(0x0a, 1L << 40));
        assertThat(reader.next(in)).isNull();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(reader.atFrameBoundary()).isFalse();
        assertThat(FrameSupport.read(bytes(0x21, 2, 9, 9, 0x00, 1, 7))).containsExactly(new UnknownFrame(0x21, 2),
                new DataFrame(bytes(7)));
    }

    @Test
    void streamsDataAsViewsOfTheFedBuffers() {
        Http3FrameReader reader = new Http3FrameReader(SMALL);
        ByteBuffer first = bytes(0x00, 0x44, 0x00, 1, 2, 3); // DATA of 1024 bytes
        assertThat(reader.next(first)).isEqualTo(new FrameEvent.Header(FrameType.DATA, 1024));
        FrameEvent.DataChunk chunk = (FrameEvent.DataChunk) reader.next(first);
        assertThat(chunk.bytes()).isEqualTo(bytes(1, 2, 3));
        assertThat(chunk.bytes().array()).isSameAs(first.array());
        assertThat(chunk.endOfFrame()).isFalse();
        ByteBuffer second = ByteBuffer.allocate(1021 + 2);
        second.put(1020, (byte) 9).put(1021, (byte) 0x00).put(1022, (byte) 0);
        chunk = (FrameEvent.DataChunk) reader.next(second);
        assertThat(chunk.bytes().remaining()).isEqualTo(1021);
        assertThat(chunk.bytes().array()).isSameAs(second.array());
        assertThat(chunk.endOfFrame()).isTrue();
        // A zero-length DATA frame ends with one empty chunk.
        assertThat(reader.next(second)).isEqualTo(new FrameEvent.Header(FrameType.DATA, 0));
        assertThat(reader.next(second)).isEqualTo(new FrameEvent.DataChunk(ByteBuffer.allocate(0), true));
        assertThat(reader.next(second)).isNull();
        reader.endOfStream();
    }

    @Test
    void keepsAHeadersPayloadThatArrivedWholeAsAView() {
        ByteBuffer in = bytes(0x01, 2, 0xd1, 0xd7);
        Http3FrameReader reader = new Http3FrameReader(SMALL);
        reader.next(in);
        HeadersFrame headers = (HeadersFrame) ((FrameEvent.Complete) reader.next(in)).frame();
        in.put(2, (byte) 0x55); // a view: sees the change
        assertThat(headers.fieldSection().get(0)).isEqualTo((byte) 0x55);
        // Split over two buffers, it is gathered into its own array.
        List<Http3Frame> gathered = FrameSupport.read(SMALL, List.of(bytes(0x01, 2, 0xd1), bytes(0xd7)), true);
        assertThat(gathered).containsExactly(new HeadersFrame(bytes(0xd1, 0xd7)));
    }

    @Property
    void randomBytesRaiseOnlyHttp3Exception(@ForAll @Size(max = 200) byte[] input,
            @ForAll @Size(max = 10) List<Integer> cuts) {
        try {
            FrameSupport.read(SMALL, FrameSupport.split(ByteBuffer.wrap(input), cuts), true);
        } catch (Http3Exception e) {
            assertThat(e.error()).isIn(Http3Error.H3_FRAME_ERROR, Http3Error.H3_FRAME_UNEXPECTED,
                    Http3Error.H3_EXCESSIVE_LOAD, Http3Error.H3_SETTINGS_ERROR);
        }
    }

    private static byte[] frame(int type, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(payload.length + 16);
        Http3FrameWriter.writeHeader(out, type, payload.length);
        out.put(payload).flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /** Reads the whole input, then again byte by byte: both must fail with {@code error}. */
    private static void assertError(ByteBuffer input, Http3Error error) {
        List<ByteBuffer> singles = new java.util.ArrayList<>();
        for (int i = input.position(); i < input.limit(); i++) {
            singles.add(input.slice(i, 1));
        }
        assertCode(() -> FrameSupport.read(SMALL, List.of(input.duplicate()), true), error);
        assertCode(() -> FrameSupport.read(SMALL, singles, true), error);
    }

    private static AbstractThrowableAssert<?, ?> assertCode(Runnable read, Http3Error error) {
        return assertThatThrownBy(read::run).isInstanceOfSatisfying(Http3Exception.class, e -> assertThat(e.error())
                .isEqualTo(error));
    }
}
