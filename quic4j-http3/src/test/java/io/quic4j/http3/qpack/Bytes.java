package io.quic4j.http3.qpack;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Test helpers: hex to buffers and back. */
final class Bytes {
    private Bytes() {
    }

    /** @return a buffer of the bytes spelled in hex (spaces ignored) */
    static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    /** @return the remaining bytes as lowercase hex, leaving the buffer untouched */
    static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** @return the remaining bytes */
    static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
