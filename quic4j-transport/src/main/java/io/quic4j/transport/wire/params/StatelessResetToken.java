package io.quic4j.transport.wire.params;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A stateless reset token (RFC 9000 §10.3): 16 opaque bytes bound to a connection ID. Immutable; the
 * bytes are copied in and out. {@link #equals(Object)} runs in constant time, since an endpoint compares
 * received tokens against its own (RFC 9000 §10.3.1).
 */
public final class StatelessResetToken {
    /** The length of every token, in bytes. */
    public static final int LENGTH = 16;

    private final byte[] bytes;

    private StatelessResetToken(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes exactly 16 bytes, copied
     * @return the token
     * @throws IllegalArgumentException if not 16 bytes long
     */
    public static StatelessResetToken of(byte... bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a stateless reset token is exactly 16 bytes, was " + bytes.length + " bytes");
        }
        return new StatelessResetToken(bytes.clone());
    }

    /**
     * @param hex 32 hexadecimal digits
     * @return the token
     */
    public static StatelessResetToken ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /**
     * Reads 16 bytes from a buffer that the caller has checked holds them.
     *
     * @param in advanced by 16
     * @return the token
     */
    static StatelessResetToken read(ByteBuffer in) {
        byte[] b = new byte[LENGTH];
        in.get(b);
        return new StatelessResetToken(b);
    }

    /** @return a copy of the 16 bytes */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Copies the token into a buffer.
     *
     * @param out advanced by 16
     */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatelessResetToken other && MessageDigest.isEqual(bytes, other.bytes);
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
