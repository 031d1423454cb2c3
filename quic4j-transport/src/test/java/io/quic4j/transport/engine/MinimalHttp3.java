package io.quic4j.transport.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough HTTP/3 (RFC 9114) and QPACK (RFC 9204) to run one GET against a real peer: a control stream
 * with empty SETTINGS, a request and a response encoded with the static table only (no dynamic table, no
 * Huffman), and the frames of a response read back. Not an HTTP/3 implementation: for interop tests only.
 */
final class MinimalHttp3 {
    /** RFC 9114 §7.2.1: the DATA frame type. */
    static final long DATA = 0x00;

    /** RFC 9114 §7.2.2: the HEADERS frame type. */
    static final long HEADERS = 0x01;

    /** RFC 9114 §8.1: H3_NO_ERROR. */
    static final long H3_NO_ERROR = 0x100;

    private static final long SETTINGS = 0x04;
    private static final long CONTROL_STREAM = 0x00;

    // RFC 9204 Appendix A: static table indices.
    private static final int AUTHORITY = 0;
    private static final int PATH_SLASH = 1;
    private static final int METHOD_GET = 17;
    private static final int SCHEME_HTTPS = 23;
    private static final int STATUS_200 = 25;

    private MinimalHttp3() {
    }

    /** RFC 9114 §6.2.1: the stream type of a control stream, then an empty SETTINGS frame. */
    static byte[] controlStreamPreface() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, CONTROL_STREAM);
        frame(out, SETTINGS, new byte[0]);
        return out.toByteArray();
    }

    /** A HEADERS frame with a GET for {@code path} at {@code authority} over https. */
    static byte[] getRequest(String authority, String path) {
        ByteArrayOutputStream fields = fieldSectionPrefix();
        indexed(fields, METHOD_GET);
        indexed(fields, SCHEME_HTTPS);
        literalWithNameReference(fields, AUTHORITY, authority);
        literalWithNameReference(fields, PATH_SLASH, path);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, HEADERS, fields.toByteArray());
        return out.toByteArray();
    }

    /** A HEADERS frame with status 200, then a DATA frame with {@code body}. */
    static byte[] okResponse(byte[] body) {
        ByteArrayOutputStream fields = fieldSectionPrefix();
        indexed(fields, STATUS_200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, HEADERS, fields.toByteArray());
        frame(out, DATA, body);
        return out.toByteArray();
    }

    /** The types of the frames in a request or response stream, in order. */
    static List<Long> frameTypes(byte[] stream) {
        List<Long> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.hasRemaining()) {
            types.add(readVarint(b));
            skip(b, readVarint(b));
        }
        return types;
    }

    /** The concatenated payloads of the DATA frames of a response stream. */
    static byte[] body(byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.wrap(stream);
        while (b.hasRemaining()) {
            long type = readVarint(b);
            long length = readVarint(b);
            if (type == DATA) {
                out.write(stream, b.position(), Math.toIntExact(length));
            }
            skip(b, length);
        }
        return out.toByteArray();
    }

    /** RFC 9204 §4.5.1: Required Insert Count 0 and Base 0, since the dynamic table is not used. */
    private static ByteArrayOutputStream fieldSectionPrefix() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x00);
        out.write(0x00);
        return out;
    }

    /** RFC 9204 §4.5.2: indexed field line, static table (pattern 11, 6-bit index). */
    private static void indexed(ByteArrayOutputStream out, int index) {
        prefixedInt(out, 0xc0, 6, index);
    }

    /** RFC 9204 §4.5.4: literal with a static name reference (pattern 01N1, 4-bit index), plain value. */
    private static void literalWithNameReference(ByteArrayOutputStream out, int nameIndex, String value) {
        prefixedInt(out, 0x50, 4, nameIndex);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        prefixedInt(out, 0x00, 7, v.length); // H = 0: not Huffman-coded
        out.write(v, 0, v.length);
    }

    /** RFC 7541 §5.1: an integer with an N-bit prefix. */
    private static void prefixedInt(ByteArrayOutputStream out, int pattern, int bits, int value) {
        int max = (1 << bits) - 1;
        if (value < max) {
            out.write(pattern | value);
            return;
        }
        out.write(pattern | max);
        int rest = value - max;
        while (rest >= 0x80) {
            out.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    private static void frame(ByteArrayOutputStream out, long type, byte[] payload) {
        varint(out, type);
        varint(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    /** RFC 9000 §16: a variable-length integer in its shortest form. */
    private static void varint(ByteArrayOutputStream out, long v) {
        if (v < 0x40) {
            out.write((int) v);
        } else if (v < 0x4000) {
            out.write((int) (0x40 | v >>> 8));
            out.write((int) v & 0xff);
        } else if (v < 0x4000_0000) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) ((shift == 24 ? 0x80L << 24 | v : v) >>> shift) & 0xff);
            }
        } else {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((shift == 56 ? 0xc0L << 56 | v : v) >>> shift) & 0xff);
            }
        }
    }

    private static long readVarint(ByteBuffer b) {
        int first = b.get() & 0xff;
        int length = 1 << (first >>> 6);
        long v = first & 0x3f;
        for (int i = 1; i < length; i++) {
            v = v << 8 | (b.get() & 0xff);
        }
        return v;
    }

    private static void skip(ByteBuffer b, long length) {
        b.position(Math.addExact(b.position(), Math.toIntExact(length)));
    }
}
