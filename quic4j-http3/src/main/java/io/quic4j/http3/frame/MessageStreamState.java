package io.quic4j.http3.frame;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;

/**
 * The frame sequence of one HTTP message on a request or push stream (RFC 9114 §4.1): a HEADERS frame, any
 * number of DATA frames, and optionally a trailing HEADERS frame; unknown and reserved frames anywhere. A
 * response may be preceded by interim (1xx) responses, which only the QPACK-decoded status can tell apart:
 * the caller says so with {@link #interimResponse()}. Feed it every {@link FrameEvent} of the stream, in order.
 *
 * <p>RFC 9114 §4.1: "Receipt of an invalid sequence of frames MUST be treated as a connection error of type
 * H3_FRAME_UNEXPECTED. In particular, a DATA frame before any HEADERS frame, or a HEADERS or DATA frame after
 * the trailing HEADERS frame, is considered invalid."
 */
public final class MessageStreamState {
    private enum Phase {
        AWAITING_HEADERS, BODY, AFTER_TRAILERS
    }

    private enum Message {
        REQUEST, RESPONSE, PUSHED_RESPONSE
    }

    private final Message message;
    private Phase phase = Phase.AWAITING_HEADERS;
    /** Whether the last HEADERS frame could still be an interim response: no DATA after it yet. */
    private boolean headersJustEnded;

    private MessageStreamState(Message message) {
        this.message = message;
    }

    /** @return the state for a request stream as the server reads the request */
    public static MessageStreamState request() {
        return new MessageStreamState(Message.REQUEST);
    }

    /** @return the state for a request stream as the client reads the response (PUSH_PROMISE allowed) */
    public static MessageStreamState response() {
        return new MessageStreamState(Message.RESPONSE);
    }

    /** @return the state for a push stream (after its header) as the client reads the pushed response */
    public static MessageStreamState pushedResponse() {
        return new MessageStreamState(Message.PUSHED_RESPONSE);
    }

    /**
     * @param event the next event of the stream
     * @throws Http3Exception H3_FRAME_UNEXPECTED for a frame out of place
     */
    public void accept(FrameEvent event) {
        if (!(event instanceof FrameEvent.Header(long type, var _))) {
            return;
        }
        FrameRules.checkAllowed(type, message == Message.PUSHED_RESPONSE ? StreamKind.PUSH : StreamKind.REQUEST);
        if (type == FrameType.PUSH_PROMISE && message == Message.REQUEST) {
            // RFC 9114 §7.2.5: "A server MUST treat the receipt of a PUSH_PROMISE frame as a connection error of
            // type H3_FRAME_UNEXPECTED."
            throw unexpected("PUSH_PROMISE from a client");
        }
        if (type == FrameType.HEADERS) {
            phase = switch (phase) {
                case AWAITING_HEADERS -> Phase.BODY;
                case BODY -> Phase.AFTER_TRAILERS;
                case AFTER_TRAILERS -> throw unexpected("HEADERS after the trailers");
            };
            headersJustEnded = true;
        } else if (type == FrameType.DATA) {
            switch (phase) {
                case AWAITING_HEADERS -> throw unexpected("DATA before HEADERS");
                case AFTER_TRAILERS -> throw unexpected("DATA after the trailers");
                case BODY -> headersJustEnded = false;
            }
        }
    }

    /**
     * Says that the HEADERS frame just accepted held an interim (1xx) response (RFC 9114 §4.1: "A response MAY
     * consist of multiple messages when and only when one or more interim responses (1xx) precede a final
     * response"), so the next HEADERS frame starts the message again rather than carrying trailers.
     *
     * @throws IllegalStateException unless reading a response whose last frame of a message was its first
     *     HEADERS
     */
    public void interimResponse() {
        if (message == Message.REQUEST || phase != Phase.BODY || !headersJustEnded) {
            throw new IllegalStateException("only a response's first HEADERS frame, before any DATA, can be interim");
        }
        phase = Phase.AWAITING_HEADERS;
        headersJustEnded = false;
    }

    /** @return whether a (final) header section has been received, so the stream may end here */
    public boolean hasHeaders() {
        return phase != Phase.AWAITING_HEADERS;
    }

    /** @return whether the trailers have been received, so no HEADERS or DATA frame may follow */
    public boolean hasTrailers() {
        return phase == Phase.AFTER_TRAILERS;
    }

    private static Http3Exception unexpected(String what) {
        return new Http3Exception(Http3Error.H3_FRAME_UNEXPECTED, what + " (RFC 9114 §4.1)");
    }
}
