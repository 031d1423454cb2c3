package io.quic4j.http3.qpack;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * String literals (RFC 7541 §5.2) as extended by RFC 9204 §4.1.2: an "N-bit prefix string literal" starts mid-byte,
 * with the H (Huffman) flag as the top bit of the N-bit prefix and the length as an (N-1)-bit prefix integer.
 * Strings are byte strings held as ISO-8859-1 {@link String}s (one char per octet).
 */
final class QpackString {
    private QpackString() {
    }

    /**
     * Reads a string literal. A declared length beyond what {@code maxLength} decoded bytes could need is rejected
     * as soon as the length is read, before any allocation and before the bytes arrive (RFC 9204 §7.4: limits on
     * string literals).
     *
     * @param in the input, at the byte holding the H bit
     * @param prefixBits N, 2..8
     * @param maxLength the longest decoded string accepted
     * @param error the code to fail with
     * @return the string, or {@code null} if the input ends first (position then undefined)
     * @throws Http3Exception for a string longer than {@code maxLength}, or malformed Huffman data
     */
    static String decode(ByteBuffer in, int prefixBits, int maxLength, Http3Error error) {
        boolean huffman = isHuffman(in, prefixBits);
        int length = presentLength(in, prefixBits, huffman, maxLength, error);
        if (length < 0) {
            return null;
        }
        if (huffman) {
            return Huffman.decode(in, length, maxLength, error);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks that a whole string literal is present and within the limit, and steps over it without decoding.
     *
     * @return whether the whole literal was present
     */
    static boolean skip(ByteBuffer in, int prefixBits, int maxLength, Http3Error error) {
        int length = presentLength(in, prefixBits, isHuffman(in, prefixBits), maxLength, error);
        if (length < 0) {
            return false;
        }
        in.position(in.position() + length);
        return true;
    }

    private static boolean isHuffman(ByteBuffer in, int prefixBits) {
        return in.hasRemaining() && (in.get(in.position()) & (1 << (prefixBits - 1))) != 0;
    }

    /** @return the encoded length if the whole string is present, else -1 */
    private static int presentLength(ByteBuffer in, int prefixBits, boolean huffman, int maxLength,
            Http3Error error) {
        int length = readLength(in, prefixBits, huffman, maxLength, error);
        return length < 0 || in.remaining() < length ? -1 : length;
    }

    /** @return the encoded length, or -1 if the input ends inside it */
    private static int readLength(ByteBuffer in, int prefixBits, boolean huffman, int maxLength, Http3Error error) {
        long length = QpackInteger.decode(in, prefixBits - 1, error);
        if (length == QpackInteger.INCOMPLETE) {
            return -1;
        }
        // Huffman codes are 5 to 30 bits long, so L encoded bytes hold at least (8L - 7) / 30 symbols.
        long leastDecoded = huffman ? (8 * Math.min(length, Integer.MAX_VALUE) - 7) / 30 : length;
        if (leastDecoded > maxLength || length > Integer.MAX_VALUE) {
            throw new Http3Exception(error, "string literal of " + length + (huffman ? " Huffman-coded" : "")
                    + " bytes exceeds the limit of " + maxLength);
        }
        return (int) length;
    }

    /**
     * Writes a string literal, Huffman-coded when that is shorter.
     *
     * @param out the output
     * @param flags the bits of the first byte above the N-bit prefix
     * @param prefixBits N, 2..8
     * @param s a byte string
     */
    static void encode(ByteBuffer out, int flags, int prefixBits, String s) {
        int huffmanLength = Huffman.encodedLength(s);
        if (huffmanLength < s.length()) {
            QpackInteger.encode(out, flags | (1 << (prefixBits - 1)), prefixBits - 1, huffmanLength);
            Huffman.encode(out, s);
        } else {
            QpackInteger.encode(out, flags, prefixBits - 1, s.length());
            for (int i = 0; i < s.length(); i++) {
                out.put((byte) s.charAt(i));
            }
        }
    }

    /** @return the bytes {@link #encode} writes for {@code s} */
    static int encodedSize(int prefixBits, String s) {
        int length = Math.min(Huffman.encodedLength(s), s.length());
        return QpackInteger.size(prefixBits - 1, length) + length;
    }
}
