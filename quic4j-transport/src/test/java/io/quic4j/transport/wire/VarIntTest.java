package io.quic4j.transport.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicTransportException;
import io.quic4j.transport.TransportError;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarIntTest {

    /** RFC 9000 Appendix A.1 sample encodings. */
    @ParameterizedTest
    @CsvSource({
            "c2197c5eff14e88c, 151288809941952652",
            "9d7f3e7d, 494878333",
            "7bbd, 15293",
            "25, 37",
            "4025, 37"})
    void decodesRfc9000AppendixA1Samples(String hex, long expected) {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        assertThat(VarInt.read(in, TransportError.FRAME_ENCODING_ERROR)).isEqualTo(expected);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void encodesShortestForm() {
        ByteBuffer out = ByteBuffer.allocate(8);
        VarInt.write(out, 151288809941952652L);
        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo("c2197c5eff14e88c");
    }

    @Property
    void roundTripsEveryValueInEverySufficientLength(@ForAll @LongRange(min = 0, max = VarInt.MAX) long value) {
        for (int length : new int[]{1, 2, 4, 8}) {
            if (length < VarInt.size(value)) {
                continue;
            }
            ByteBuffer out = ByteBuffer.allocate(8);
            VarInt.write(out, value, length);
            assertThat(out.position()).isEqualTo(length);
            out.flip();
            assertThat(VarInt.read(out, TransportError.FRAME_ENCODING_ERROR)).isEqualTo(value);
        }
    }

    @Test
    void rejectsTruncationWithCallersErrorCode() {
        ByteBuffer in = ByteBuffer.wrap(new byte[]{(byte) 0xc0, 0, 0});
        assertThatThrownBy(() -> VarInt.read(in, TransportError.TRANSPORT_PARAMETER_ERROR))
                .isInstanceOfSatisfying(QuicTransportException.class,
                        e -> assertThat(e.error()).isEqualTo(TransportError.TRANSPORT_PARAMETER_ERROR));
        assertThat(in.position()).isZero();
        assertThatThrownBy(() -> VarInt.read(ByteBuffer.allocate(0), TransportError.FRAME_ENCODING_ERROR))
                .isInstanceOf(QuicTransportException.class);
    }

    @Test
    void refusesToEncodeValuesPast2To62() {
        assertThatThrownBy(() -> VarInt.write(ByteBuffer.allocate(8), VarInt.MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(ByteBuffer.allocate(8), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
