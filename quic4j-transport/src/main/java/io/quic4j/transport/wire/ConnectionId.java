package io.quic4j.transport.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A connection ID (RFC 9000 §5.1): 0 to 20 opaque bytes in QUIC v1 and v2. Immutable; the bytes are
 * copied in and out.
 */
public final class ConnectionId {
    /** The longest connection ID QUIC v1 and v2 allow (RFC 9000 §17.2). */
    public static final int MAX_LENGTH = 20;

    /** The zero-length connection ID. */
    public static final ConnectionId EMPTY = new ConnectionId(new byte[0]);

    private final byte[] bytes;

    private ConnectionId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes 0 to 20 bytes, copied
     * @return the connection ID
     * @throws IllegalArgumentException if longer than {@link #MAX_LENGTH}
     */
    public static ConnectionId of(byte... bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID is " + bytes.length + " bytes, at most 20 allowed");
        }
        return bytes.length == 0 ? EMPTY : new ConnectionId(bytes.clone());
    }

    /**
     * Reads a connection ID at an absolute index of a packet, leaving the position alone. The caller
     * has checked the bounds and the length (at most 20).
     *
     * @param in the packet
     * @param index where the ID starts
     * @param length its length, 0 to 20
     * @return the connection ID, holding its own copy of the bytes
     */
    public static ConnectionId read(ByteBuffer in, int index, int length) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID is " + length + " bytes, at most 20 allowed");
        }
        if (length == 0) {
            return EMPTY;
        }
        byte[] bytes = new byte[length];
        in.get(index, bytes);
        return new ConnectionId(bytes);
    }

    /**
     * @param hex the bytes in hexadecimal, e.g. {@code "8394c8f03e515708"}
     * @return the connection ID
     */
    public static ConnectionId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** @return the length in bytes, 0 to 20 */
    public int length() {
        return bytes.length;
    }

    /** @return a copy of the bytes */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Copies the bytes into a buffer.
     *
     * @param out advanced by {@link #length()}
     */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
