package io.quic4j.http3.frame;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * Encodes HTTP/3 frames (RFC 9114 §7) into {@link ByteBuffer}s. For DATA, {@link #header} writes only the
 * type and length, so that the payload can be sent from its own buffer without a copy:
 *
 * <pre>{@code
 * stream.write(Http3FrameWriter.header(FrameType.DATA, body.remaining()));
 * stream.write(body);
 * }</pre>
 *
 * Also the grease of §7.2.8 and §7.2.4.1: a reserved frame type and a reserved setting with a random N, so
 * that peers keep ignoring unknown types and identifiers.
 */
public final class Http3FrameWriter {
    private Http3FrameWriter() {
    }

    /**
     * @param frame a frame
     * @return the length of its payload
     */
    public static long payloadLength(Http3Frame frame) {
        return switch (frame) {
            case DataFrame f -> f.payload().remaining();
            case HeadersFrame f -> f.fieldSection().remaining();
            case CancelPushFrame f -> Http3VarInt.size(f.pushId());
            case SettingsFrame f -> settingsLength(f.settings());
            case PushPromiseFrame f -> Http3VarInt.size(f.pushId()) + f.fieldSection().remaining();
            case GoAwayFrame f -> Http3VarInt.size(f.id());
            case MaxPushIdFrame f -> Http3VarInt.size(f.pushId());
            case UnknownFrame f -> f.length();
        };
    }

    /**
     * @param frame a frame
     * @return the length of the whole frame: type, length and payload
     */
    public static long encodedLength(Http3Frame frame) {
        long payload = payloadLength(frame);
        return Http3VarInt.size(frame.type()) + Http3VarInt.size(payload) + payload;
    }

    /**
     * Writes a whole frame, payload included (copied; for DATA prefer {@link #header}). An {@link UnknownFrame}
     * gets {@code length} zero bytes of payload.
     *
     * @param out the buffer, advanced past the frame; needs {@link #encodedLength} bytes free
     * @param frame the frame
     */
    public static void write(ByteBuffer out, Http3Frame frame) {
        long payloadLength = payloadLength(frame);
        writeHeader(out, frame.type(), payloadLength);
        switch (frame) {
            case DataFrame f -> out.put(f.payload());
            case HeadersFrame f -> out.put(f.fieldSection());
            case CancelPushFrame f -> Http3VarInt.write(out, f.pushId());
            case SettingsFrame f -> {
                for (Settings.Setting s : f.settings().entries()) {
                    Http3VarInt.write(out, s.id());
                    Http3VarInt.write(out, s.value());
                }
            }
            case PushPromiseFrame f -> {
                Http3VarInt.write(out, f.pushId());
                out.put(f.fieldSection());
            }
            case GoAwayFrame f -> Http3VarInt.write(out, f.id());
            case MaxPushIdFrame f -> Http3VarInt.write(out, f.pushId());
            case UnknownFrame f -> {
                if (payloadLength > out.remaining()) {
                    throw new BufferOverflowException();
                }
                for (long i = 0; i < payloadLength; i++) {
                    out.put((byte) 0);
                }
            }
        }
    }

    /**
     * @param frame a frame
     * @return a new buffer holding the whole frame, ready to read
     */
    public static ByteBuffer encode(Http3Frame frame) {
        long length = encodedLength(frame);
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + length + "-byte frame does not fit in one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length);
        write(out, frame);
        return out.flip();
    }

    /**
     * Writes a frame header: the type and payload length, the payload to follow from elsewhere.
     *
     * @param out the buffer, advanced past the header
     * @param type the frame type
     * @param payloadLength the payload length, 0 to 2^62-1
     */
    public static void writeHeader(ByteBuffer out, long type, long payloadLength) {
        Http3VarInt.write(out, type);
        Http3VarInt.write(out, payloadLength);
    }

    /**
     * @param type the frame type
     * @param payloadLength the payload length, 0 to 2^62-1
     * @return a new buffer holding only the frame header, ready to read
     */
    public static ByteBuffer header(long type, long payloadLength) {
        ByteBuffer out = ByteBuffer.allocate(Http3VarInt.size(type) + Http3VarInt.size(payloadLength));
        writeHeader(out, type, payloadLength);
        return out.flip();
    }

    /**
     * A reserved frame (RFC 9114 §7.2.8) of random type {@code 0x1f * N + 0x21} and random payload, which
     * peers must ignore; it may go on any stream where frames are allowed.
     *
     * @param random the caller's randomness
     * @param maxPayloadLength the largest payload, at least 0
     * @return a new buffer holding the frame, ready to read
     */
    public static ByteBuffer greaseFrame(RandomGenerator random, int maxPayloadLength) {
        if (maxPayloadLength < 0) {
            throw new IllegalArgumentException("maxPayloadLength must be at least 0, was " + maxPayloadLength);
        }
        long type = Reserved.random(random);
        byte[] payload = new byte[random.nextInt(maxPayloadLength + 1)];
        random.nextBytes(payload);
        ByteBuffer out = ByteBuffer.allocate(Http3VarInt.size(type) + Http3VarInt.size(payload.length)
                + payload.length);
        writeHeader(out, type, payload.length);
        return out.put(payload).flip();
    }

    /**
     * Adds a reserved setting (RFC 9114 §7.2.4.1: "Endpoints SHOULD include at least one such setting in
     * their SETTINGS frame") with a random identifier {@code 0x1f * N + 0x21} and a random value.
     *
     * @param settings the settings to send
     * @param random the caller's randomness
     * @return {@code settings} plus one reserved setting
     */
    public static Settings withGreaseSetting(Settings settings, RandomGenerator random) {
        long id;
        do {
            id = Reserved.random(random);
        } while (settings.value(id).isPresent());
        return settings.with(id, random.nextLong(Http3VarInt.MAX + 1));
    }

    private static long settingsLength(Settings settings) {
        long length = 0;
        for (Settings.Setting s : settings.entries()) {
            length += Http3VarInt.size(s.id()) + Http3VarInt.size(s.value());
        }
        return length;
    }
}
