package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkNotNull;

import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;

/**
 * NEW_TOKEN (RFC 9000 §19.7): a token the server gives the client for the Initial packet of a future
 * connection. The token is never empty.
 *
 * <p>The frame holds {@code token} as a view (its bytes from position to limit), not a copy: do not move
 * or change that buffer afterwards. {@link #token()} hands out independent read-only views.
 *
 * @param token the opaque token, at least 1 byte
 */
public record NewTokenFrame(ByteBuffer token) implements Frame {
    /**
     * @param token at least 1 byte (taken as a view, not copied)
     */
    public NewTokenFrame {
        checkNotNull("token", token);
        if (!token.hasRemaining()) {
            // RFC 9000 §19.7: "The token MUST NOT be empty."
            throw new IllegalArgumentException("NEW_TOKEN token must not be empty (RFC 9000 §19.7)");
        }
    }

    /** @return a read-only view of the token, with its own position */
    @Override
    public ByteBuffer token() {
        return token.asReadOnlyBuffer();
    }

    @Override
    public long type() {
        return FrameType.NEW_TOKEN;
    }

    @Override
    public int encodedLength() {
        int n = token.remaining();
        return 1 + VarInt.size(n) + n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameType.NEW_TOKEN);
        VarInt.write(out, token.remaining());
        Fields.put(out, token);
    }

    @Override
    public String toString() {
        return "NewTokenFrame[length=" + token.remaining() + "]";
    }
}
