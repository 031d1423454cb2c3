package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The incremental HTTP/3 frame parser for one stream (RFC 9114 §7.1), sans-I/O: feed the stream's bytes as
 * they arrive, split anywhere (inside a type or length integer too), and take {@link FrameEvent}s out.
 *
 * <pre>{@code
 * FrameEvent event;
 * while ((event = reader.next(received)) != null) {
 *     rules.accept(event);                       // ControlStreamState or MessageStreamState
 *     switch (event) { ... }
 * }
 * if (fin) reader.endOfStream();
 * }</pre>
 *
 * <p>DATA payloads are handed out as views of the fed buffers, never gathered. Unknown and reserved frame
 * types are skipped without buffering (§9). Other frames are buffered up to {@link FrameLimits}, and only
 * when the fed buffer does not already hold the whole payload; beyond the limit a HEADERS, PUSH_PROMISE or
 * SETTINGS frame is H3_EXCESSIVE_LOAD (§10.5), and a CANCEL_PUSH, GOAWAY or MAX_PUSH_ID longer than its one
 * integer can be is H3_FRAME_ERROR (§7.1). After an {@link Http3Exception} the stream is beyond repair
 * (every error here is a connection error) and the reader must not be used again.
 */
public final class Http3FrameReader {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State {
        TYPE, LENGTH, DATA, BUFFER, SKIP
    }

    private final FrameLimits limits;
    private final PartialVarInt varint = new PartialVarInt();
    private State state = State.TYPE;
    private long type;
    private long length;
    /** Payload bytes still to hand out (DATA) or to skip (unknown types). */
    private long remaining;
    /** The payload of a buffered frame being gathered from several fed buffers, or null. */
    private byte[] gathered;
    private int filled;

    /** @param limits how large a frame to buffer */
    public Http3FrameReader(FrameLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Consumes bytes of {@code in} up to the next event.
     *
     * @param in the stream's next bytes; advanced past what was consumed. Events may hold views of it: finish
     *     with them before changing it.
     * @return the next event, or {@code null} once {@code in} is used up without completing one
     * @throws Http3Exception for a malformed or oversized frame
     */
    public FrameEvent next(ByteBuffer in) {
        while (true) {
            switch (state) {
                case TYPE -> {
                    if (!varint.feed(in)) {
                        return null;
                    }
                    type = varint.value();
                    varint.reset();
                    state = State.LENGTH;
                }
                case LENGTH -> {
                    if (!varint.feed(in)) {
                        return null;
                    }
                    length = varint.value();
                    varint.reset();
                    return startPayload();
                }
                case DATA -> {
                    return dataChunk(in);
                }
                case BUFFER -> {
                    return buffered(in);
                }
                case SKIP -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining > 0) {
                        return null;
                    }
                    state = State.TYPE;
                    return new FrameEvent.Complete(new UnknownFrame(type, length));
                }
            }
        }
    }

    /**
     * Says the stream ended cleanly (FIN), once {@link #next} has returned {@code null}.
     *
     * @throws Http3Exception H3_FRAME_ERROR if the stream ended inside a frame (RFC 9114 §7.1: "When a
     *     stream terminates cleanly, if the last frame on the stream was truncated, this MUST be treated as a
     *     connection error of type H3_FRAME_ERROR")
     */
    public void endOfStream() {
        if (!atFrameBoundary()) {
            throw new Http3Exception(Http3Error.H3_FRAME_ERROR, "stream ended inside a frame (RFC 9114 §7.1)");
        }
    }

    /** @return whether the bytes read so far end exactly after a whole frame (or are none) */
    public boolean atFrameBoundary() {
        return state == State.TYPE && !varint.started();
    }

    private FrameEvent startPayload() {
        if (FrameType.isHttp2Only(type)) {
            // RFC 9114 §7.2.8: "their receipt MUST be treated as a connection error of type H3_FRAME_UNEXPECTED".
            throw new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED,
                    FrameType.name(type) + " is not allowed in HTTP/3");
        }
        if (type == FrameType.DATA) {
            state = State.DATA;
            remaining = length;
        } else if (FrameType.isKnown(type)) {
            long max = limits.maxPayload(type);
            if (length > max) {
                boolean oneInteger = type != FrameType.HEADERS && type != FrameType.PUSH_PROMISE
                        && type != FrameType.SETTINGS;
                throw new Http3Exception(oneInteger ? Http3Error.H3_FRAME_ERROR : Http3Error.H3_EXCESSIVE_LOAD,
                        FrameType.name(type) + " of " + length + " bytes exceeds the " + max + "-byte limit"
                                + (oneInteger ? " (RFC 9114 §7.1)" : " (RFC 9114 §10.5)"));
            }
            state = State.BUFFER;
            filled = 0;
        } else {
            state = State.SKIP;
            remaining = length;
        }
        return new FrameEvent.Header(type, length);
    }

    private FrameEvent dataChunk(ByteBuffer in) {
        if (remaining == 0) {
            state = State.TYPE;
            return new FrameEvent.DataChunk(EMPTY.duplicate(), true);
        }
        if (!in.hasRemaining()) {
            return null;
        }
        int n = (int) Math.min(remaining, in.remaining());
        ByteBuffer chunk = in.slice(in.position(), n);
        in.position(in.position() + n);
        remaining -= n;
        if (remaining == 0) {
            state = State.TYPE;
        }
        return new FrameEvent.DataChunk(chunk, remaining == 0);
    }

    private FrameEvent buffered(ByteBuffer in) {
        int size = (int) length; // at most a FrameLimits int
        ByteBuffer payload;
        if (gathered == null && in.remaining() >= size) {
            payload = in.slice(in.position(), size); // whole in this buffer: no copy
            in.position(in.position() + size);
        } else {
            if (gathered == null) {
                gathered = new byte[size];
            }
            int n = Math.min(size - filled, in.remaining());
            in.get(gathered, filled, n);
            filled += n;
            if (filled < size) {
                return null;
            }
            payload = ByteBuffer.wrap(gathered);
            gathered = null;
        }
        state = State.TYPE;
        return new FrameEvent.Complete(PayloadDecoder.decode(type, payload));
    }
}
