package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkNotNull;
import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * CRYPTO (RFC 9000 §19.6): TLS handshake bytes at an offset of the encryption level's crypto stream.
 *
 * <p>The frame holds {@code data} as a view (its bytes from position to limit), not a copy: do not move
 * or change that buffer afterwards. {@link #data()} hands out independent read-only views.
 *
 * @param offset where the bytes go in the crypto stream
 * @param data the bytes
 */
public record CryptoFrame(long offset, ByteBuffer data) implements Frame {
    /**
     * @param offset 0..2^62-1, with {@code offset + data.remaining() <= 2^62-1}
     * @param data the bytes (taken as a view, not copied)
     */
    public CryptoFrame {
        checkVarint("offset", offset);
        checkNotNull("data", data);
        if (offset + data.remaining() > VarInt.MAX) {
            throw new IllegalArgumentException("offset + data length must be at most 2^62-1 (RFC 9000 §19.6), was "
                    + offset + " + " + data.remaining());
        }
    }

    /** @return a read-only view of the bytes, with its own position */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer();
    }

    /** @return the number of bytes, without creating a view */
    public int dataLength() {
        return data.remaining();
    }

    @Override
    public long type() {
        return FrameType.CRYPTO;
    }

    @Override
    public int encodedLength() {
        int n = data.remaining();
        return 1 + VarInt.size(offset) + VarInt.size(n) + n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.CRYPTO);
        VarInt.write(out, offset);
        VarInt.write(out, data.remaining());
        Fields.put(out, data);
    }

    @Override
    public String toString() {
        return "CryptoFrame[offset=" + offset + ", length=" + data.remaining() + "]";
    }
}
