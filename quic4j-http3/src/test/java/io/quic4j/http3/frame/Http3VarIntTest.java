package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** RFC 9000 §16 variable-length integers, whole and byte by byte. */
class Http3VarIntTest {

    @Test
    void encodesTheRfc9000AppendixA1Examples() {
        assertThat(encode(151_288_809_941_952_652L)).isEqualTo(FrameSupport.bytes(0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14,
                0xe8, 0x8c));
        assertThat(encode(494_878_333L)).isEqualTo(FrameSupport.bytes(0x9d, 0x7f, 0x3e, 0x7d));
        assertThat(encode(15_293)).isEqualTo(FrameSupport.bytes(0x7b, 0xbd));
        assertThat(encode(37)).isEqualTo(FrameSupport.bytes(0x25));
        // A two-byte encoding of 37 is legal too.
        assertThat(Http3VarInt.read(FrameSupport.bytes(0x40, 0x25), Http3Error.H3_FRAME_ERROR)).isEqualTo(37);
    }

    @Test
    void rejectsATruncatedIntegerWithTheCallersCode() {
        assertThatThrownBy(() -> Http3VarInt.read(FrameSupport.bytes(0x9d, 0x7f), Http3Error.H3_SETTINGS_ERROR))
                .isInstanceOfSatisfying(Http3Exception.class, e -> assertThat(e.error()).isEqualTo(
                        Http3Error.H3_SETTINGS_ERROR));
        assertThatThrownBy(() -> Http3VarInt.read(ByteBuffer.allocate(0), Http3Error.H3_FRAME_ERROR))
                .isInstanceOf(Http3Exception.class);
    }

    @Test
    void refusesToEncodeValuesOutOfRange() {
        assertThatThrownBy(() -> Http3VarInt.size(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http3VarInt.size(Http3VarInt.MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void roundTripsWholeAndByteByByte(@ForAll @LongRange(min = 0, max = (1L << 62) - 1) long value) {
        ByteBuffer encoded = encode(value);
        assertThat(encoded.remaining()).isEqualTo(Http3VarInt.size(value));
        assertThat(Http3VarInt.read(encoded.duplicate(), Http3Error.H3_FRAME_ERROR)).isEqualTo(value);

        PartialVarInt partial = new PartialVarInt();
        boolean done = false;
        while (encoded.hasRemaining()) {
            assertThat(done).isFalse();
            done = partial.feed(encoded.slice(encoded.position(), 1));
            encoded.get();
        }
        assertThat(done).isTrue();
        assertThat(partial.value()).isEqualTo(value);
    }

    private static ByteBuffer encode(long value) {
        ByteBuffer out = ByteBuffer.allocate(8);
        Http3VarInt.write(out, value);
        return out.flip();
    }
}
