package io.quic4j.transport.wire.frame;

import static io.quic4j.transport.wire.frame.Fields.checkNotNull;
import static io.quic4j.transport.wire.frame.Fields.checkVarint;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.VarInt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * CONNECTION_CLOSE (RFC 9000 §19.19). Type 0x1c carries a transport error code (§20.1) and the type of
 * the frame that caused it (0 when unknown); type 0x1d carries an application error code and no frame
 * type, and may only be sent in 0-RTT and 1-RTT packets.
 *
 * <p>The frame holds {@code reasonPhrase} as a view, not a copy: do not move or change that buffer
 * afterwards. {@link #reasonPhrase()} hands out independent read-only views; {@link #reason()} decodes it.
 *
 * @param application true for type 0x1d (application error), false for 0x1c (transport error)
 * @param errorCode the error code, in the transport or the application space
 * @param frameType for 0x1c, the type of the frame that triggered the error, 0 if unknown; 0 for 0x1d
 * @param reasonPhrase diagnostic text, SHOULD be UTF-8, may be empty
 */
public record ConnectionCloseFrame(boolean application, long errorCode, long frameType, ByteBuffer reasonPhrase)
        implements
            Frame {
    /**
     * @param application true for type 0x1d
     * @param errorCode 0..2^62-1
     * @param frameType 0..2^62-1; must be 0 when {@code application}
     * @param reasonPhrase the reason (taken as a view, not copied)
     */
    public ConnectionCloseFrame {
        checkVarint("errorCode", errorCode);
        checkVarint("frameType", frameType);
        checkNotNull("reasonPhrase", reasonPhrase);
        if (application && frameType != 0) {
            throw new IllegalArgumentException(
                    "an application CONNECTION_CLOSE (0x1d) has no frame type field; pass 0, was " + frameType);
        }
    }

    /**
     * A transport close (type 0x1c).
     *
     * @param error the transport error
     * @param frameType the type of the frame that caused it, 0 if none or unknown
     * @param reason diagnostic text, encoded as UTF-8
     * @return the frame
     */
    public static ConnectionCloseFrame transport(TransportError error, long frameType, String reason) {
        return new ConnectionCloseFrame(false, error.code(), frameType, utf8(reason));
    }

    /**
     * A transport close (type 0x1c) with an exact code, e.g. CRYPTO_ERROR 0x100 + alert.
     *
     * @param errorCode the transport error code
     * @param frameType the type of the frame that caused it, 0 if none or unknown
     * @param reason diagnostic text, encoded as UTF-8
     * @return the frame
     */
    public static ConnectionCloseFrame transport(long errorCode, long frameType, String reason) {
        return new ConnectionCloseFrame(false, errorCode, frameType, utf8(reason));
    }

    /**
     * An application close (type 0x1d).
     *
     * @param errorCode the application protocol's error code
     * @param reason diagnostic text, encoded as UTF-8
     * @return the frame
     */
    public static ConnectionCloseFrame application(long errorCode, String reason) {
        return new ConnectionCloseFrame(true, errorCode, 0, utf8(reason));
    }

    private static ByteBuffer utf8(String reason) {
        return ByteBuffer.wrap(reason.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a read-only view of the reason phrase, with its own position */
    @Override
    public ByteBuffer reasonPhrase() {
        return reasonPhrase.asReadOnlyBuffer();
    }

    /** @return the reason phrase decoded as UTF-8 (malformed sequences replaced), for logs */
    public String reason() {
        ByteBuffer view = reasonPhrase.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public long type() {
        return application ? FrameType.CONNECTION_CLOSE_APP : FrameType.CONNECTION_CLOSE;
    }

    @Override
    public int encodedLength() {
        int n = reasonPhrase.remaining();
        return 1 + VarInt.size(errorCode) + (application ? 0 : VarInt.size(frameType)) + VarInt.size(n) + n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) type());
        VarInt.write(out, errorCode);
        if (!application) {
            VarInt.write(out, frameType);
        }
        VarInt.write(out, reasonPhrase.remaining());
        Fields.put(out, reasonPhrase);
    }

    @Override
    public String toString() {
        return "ConnectionCloseFrame[" + (application ? "application" : "transport") + ", errorCode=0x"
                + Long.toHexString(errorCode) + ", frameType=0x" + Long.toHexString(frameType) + ", reason="
                + reason() + "]";
    }
}
