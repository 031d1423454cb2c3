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
import org.junit.jupiter.api.Test;

/** The Huffman code of RFC 7541 Appendix B and the decoding rules of §5.2. */
class HuffmanTest {
    private static final Http3Error ERROR = Http3Error.QPACK_DECOMPRESSION_FAILED;

    private static String encode(String s) {
        ByteBuffer out = ByteBuffer.allocate(Huffman.encodedLength(s));
        Huffman.encode(out, s);
        assertThat(out.hasRemaining()).isFalse();
        return hex(out.flip());
    }

    private static String decode(String hex) {
        ByteBuffer in = hex(hex);
        return Huffman.decode(in, in.remaining(), 1000, ERROR);
    }

    @Test
    void matchesTheRfc7541AppendixC4Strings() {
        // C.4.1-C.4.3: Huffman-coded literal values and names of the request examples.
        assertThat(encode("www.example.com")).isEqualTo("f1e3c2e5f23a6ba0ab90f4ff");
        assertThat(encode("no-cache")).isEqualTo("a8eb10649cbf");
        assertThat(encode("custom-key")).isEqualTo("25a849e95ba97d7f");
        assertThat(encode("custom-value")).isEqualTo("25a849e95bb8e8b4bf");
        assertThat(decode("f1e3c2e5f23a6ba0ab90f4ff")).isEqualTo("www.example.com");
        assertThat(decode("25a849e95bb8e8b4bf")).isEqualTo("custom-value");
    }

    @Test
    void rejectsTheEosSymbol() {
        // RFC 7541 §5.2: a string containing EOS (30 ones) is an error; here EOS is followed by '00' padding.
        assertThatThrownBy(() -> decode("fffffffc")).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(ERROR));
    }

    @Test
    void rejectsPaddingLongerThanSevenBits() {
        // "a" is 00011 (5 bits); a whole extra byte of ones is 11 bits of padding.
        assertThatThrownBy(() -> decode("1fff")).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(ERROR));
        assertThat(decode("1f")).isEqualTo("a");
    }

    @Test
    void rejectsPaddingThatIsNotAllOnes() {
        // "a" then padding 110 instead of 111.
        assertThatThrownBy(() -> decode("1e")).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(ERROR));
    }

    @Test
    void rejectsDecodedStringsOverTheLimit() {
        ByteBuffer in = hex(encode("www.example.com"));
        assertThatThrownBy(() -> Huffman.decode(in, in.remaining(), 14, ERROR)).isInstanceOf(Http3Exception.class);
    }

    @Property
    void roundTripsAnyBytes(@ForAll byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        ByteBuffer in = hex(encode(s));
        assertThat(Huffman.decode(in, in.remaining(), s.length(), ERROR)).isEqualTo(s);
    }
}
