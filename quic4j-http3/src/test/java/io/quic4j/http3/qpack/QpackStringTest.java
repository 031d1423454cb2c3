package io.quic4j.http3.qpack;

import static io.quic4j.http3.qpack.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** String literals with the H bit and N-bit prefixes (RFC 9204 §4.1.2, RFC 7541 §5.2). */
class QpackStringTest {
    private static final Http3Error ERROR = Http3Error.QPACK_DECOMPRESSION_FAILED;

    @Test
    void usesHuffmanWhenShorter() {
        ByteBuffer out = ByteBuffer.allocate(32);
        QpackString.encode(out, 0, 8, "www.example.com");
        // RFC 7541 C.4.1: H bit set, length 12, then the code.
        assertThat(hex(out.flip())).isEqualTo("8cf1e3c2e5f23a6ba0ab90f4ff");
    }

    @Test
    void rejectsADeclaredLengthOverTheLimitBeforeTheBytesArrive() {
        // A 1 MiB raw string announced in four bytes: refused on the length alone.
        ByteBuffer bomb = hex("7f81ff3f");
        assertThatThrownBy(() -> QpackString.decode(bomb, 8, 4096, ERROR)).isInstanceOfSatisfying(
                Http3Exception.class, e -> assertThat(e.error()).isEqualTo(ERROR));
    }

    @Test
    void rejectsAHuffmanLengthThatCannotDecodeWithinTheLimit() {
        // 100 Huffman-coded bytes hold at least (800 - 7) / 30 = 26 symbols.
        ByteBuffer in = hex("e4" + "00".repeat(100));
        assertThatThrownBy(() -> QpackString.decode(in, 8, 25, ERROR)).isInstanceOf(Http3Exception.class);
    }

    @Test
    void rejectsLengthsPast2To31() {
        ByteBuffer in = hex("7f" + "ffffffffffffff3f");
        assertThatThrownBy(() -> QpackString.decode(in, 8, Integer.MAX_VALUE, ERROR)).isInstanceOf(
                Http3Exception.class);
    }

    @Test
    void reportsTruncatedStringsAsIncomplete() {
        assertThat(QpackString.decode(hex("0561"), 8, 100, ERROR)).isNull();
        assertThat(QpackString.skip(hex("0561"), 8, 100, ERROR)).isFalse();
    }

    @Property
    void roundTripsEveryPrefix(@ForAll @IntRange(min = 2, max = 8) int prefixBits, @ForAll byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int flags = 0xff << prefixBits & 0xff;
        ByteBuffer out = ByteBuffer.allocate(QpackString.encodedSize(prefixBits, s));
        QpackString.encode(out, flags, prefixBits, s);
        assertThat(out.hasRemaining()).isFalse();
        out.flip();
        assertThat(out.get(0) & flags).isEqualTo(flags);
        assertThat(QpackString.decode(out, prefixBits, s.length(), ERROR)).isEqualTo(s);
        assertThat(out.hasRemaining()).isFalse();
    }
}
