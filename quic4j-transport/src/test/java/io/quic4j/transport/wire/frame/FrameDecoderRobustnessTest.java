package io.quic4j.transport.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decoder never trusts its input: whatever the bytes, a decode loop ends normally or with
 * {@link QuicTransportException}, never another exception, and it always makes progress.
 */
class FrameDecoderRobustnessTest {

    /** Decodes frames until the buffer is empty or the decoder rejects the input. */
    private static void decodeAll(ByteBuffer in) {
        try {
            while (in.hasRemaining()) {
                int before = in.position();
                FrameCodec.decode(in);
                assertThat(in.position()).as("decoder advanced").isGreaterThan(before);
            }
        } catch (QuicTransportException expected) {
            assertThat(expected.error()).isIn(TransportError.FRAME_ENCODING_ERROR, TransportError.PROTOCOL_VIOLATION,
                    TransportError.CRYPTO_BUFFER_EXCEEDED);
        }
    }

    @Property
    void randomBytesOnlyEverThrowQuicTransportException(@ForAll byte[] bytes) {
        decodeAll(ByteBuffer.wrap(bytes));
    }

    /** Random bytes behind a known frame type reach the field parsers, not just the unknown-type check. */
    @Property
    void randomBodiesBehindKnownTypesOnlyEverThrowQuicTransportException(@ForAll("knownTypeThenNoise") byte[] bytes) {
        decodeAll(ByteBuffer.wrap(bytes));
    }

    /** Valid frames with one byte changed: the nastiest inputs are almost right. */
    @Property
    void corruptedValidFramesOnlyEverThrowQuicTransportException(@ForAll("anyFrame") Frame frame,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value) {
        ByteBuffer buf = ByteBuffer.allocate(frame.encodedLength());
        frame.encode(buf);
        buf.put(where % buf.capacity(), value);
        decodeAll(buf.flip());
    }

    /**
     * Cutting a frame that carries its own length anywhere short of its end is FRAME_ENCODING_ERROR
     * (RFC 9000 §12.4: truncation is a badly formatted frame).
     */
    @Property
    void everyStrictPrefixOfASelfDelimitingFrameIsFrameEncodingError(@ForAll("selfDelimiting") Frame frame,
            @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        ByteBuffer buf = ByteBuffer.allocate(frame.encodedLength());
        frame.encode(buf);
        buf.flip().limit(cut % buf.capacity());
        assertThatThrownBy(() -> FrameCodec.decode(buf))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.FRAME_ENCODING_ERROR));
    }

    @Provide
    Arbitrary<byte[]> knownTypeThenNoise() {
        Arbitrary<Byte> knownType = Arbitraries.oneOf(Arbitraries.bytes().between((byte) 0, (byte) 0x1e),
                Arbitraries.of((byte) 0x30, (byte) 0x31));
        return Combinators.combine(knownType, Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((type, noise) -> {
                    byte[] bytes = new byte[noise.length + 1];
                    bytes[0] = type;
                    System.arraycopy(noise, 0, bytes, 1, noise.length);
                    return bytes;
                });
    }

    @Provide
    Arbitrary<Frame> anyFrame() {
        return FrameArbitraries.any();
    }

    @Provide
    Arbitrary<Frame> selfDelimiting() {
        return FrameArbitraries.selfDelimiting();
    }
}
