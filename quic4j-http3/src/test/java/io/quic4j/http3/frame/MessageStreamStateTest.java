package io.quic4j.http3.frame;

import static io.quic4j.http3.frame.StreamStates.data;
import static io.quic4j.http3.frame.StreamStates.headers;
import static io.quic4j.http3.frame.StreamStates.run;
import static io.quic4j.http3.frame.StreamStates.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The message framing of request and push streams (RFC 9114 §4.1, §7.2). */
class MessageStreamStateTest {
    private static final Http3Frame GREASE = new UnknownFrame(0x21, 2);

    @Test
    void acceptsHeadersDataAndTrailersWithUnknownFramesAnywhere() {
        MessageStreamState request = MessageStreamState.request();
        run(request::accept, GREASE, headers(), GREASE, data(), data(), GREASE, headers(), GREASE);
        assertThat(request.hasHeaders()).isTrue();
        assertThat(request.hasTrailers()).isTrue();
        MessageStreamState bodiless = MessageStreamState.request();
        run(bodiless::accept, headers());
        assertThat(bodiless.hasHeaders()).isTrue();
        assertThat(bodiless.hasTrailers()).isFalse();
        assertThat(MessageStreamState.request().hasHeaders()).isFalse();
    }

    @Test
    void rejectsDataBeforeHeaders() {
        // RFC 9114 §4.1: "a DATA frame before any HEADERS frame ... is considered invalid."
        assertError(MessageStreamState.request()::accept, data());
        assertError(MessageStreamState.pushedResponse()::accept, GREASE, data());
    }

    @Test
    void rejectsHeadersOrDataAfterTheTrailers() {
        // RFC 9114 §4.1: "... or a HEADERS or DATA frame after the trailing HEADERS frame".
        assertError(MessageStreamState.request()::accept, headers(), data(), headers(), headers());
        assertError(MessageStreamState.response()::accept, headers(), headers(), data());
    }

    @Test
    void rejectsControlFramesOnRequestStreams() {
        // RFC 9114 §7.2.3, §7.2.4, §7.2.6, §7.2.7: only allowed on the control stream.
        for (Http3Frame frame : new Http3Frame[]{new CancelPushFrame(0), settings(), new GoAwayFrame(0),
                new MaxPushIdFrame(0)}) {
            assertError(MessageStreamState.request()::accept, headers(), frame);
            assertError(MessageStreamState.response()::accept, frame);
            assertError(MessageStreamState.pushedResponse()::accept, frame);
        }
    }

    @Test
    void rejectsPushPromiseFromAClientAndOnPushStreams() {
        Http3Frame promise = new PushPromiseFrame(1, FrameSupport.bytes(0, 0));
        // RFC 9114 §7.2.5: "A server MUST treat the receipt of a PUSH_PROMISE frame as ... H3_FRAME_UNEXPECTED."
        assertError(MessageStreamState.request()::accept, headers(), promise);
        // RFC 9114 §4.1: "a pushed response that includes PUSH_PROMISE frames MUST be treated as ...
        // H3_FRAME_UNEXPECTED."
        assertError(MessageStreamState.pushedResponse()::accept, headers(), promise);
        // A response may carry them before, after or between its frames.
        run(MessageStreamState.response()::accept, promise, headers(), promise, data(), promise, headers(), promise);
    }

    @Test
    void allowsInterimResponsesBeforeTheFinalOne() {
        // RFC 9114 §4.1: one or more interim (1xx) responses may precede the final response.
        MessageStreamState response = MessageStreamState.response();
        run(response::accept, headers());
        response.interimResponse();
        assertThat(response.hasHeaders()).isFalse();
        run(response::accept, headers());
        response.interimResponse();
        run(response::accept, headers(), data(), headers());
        assertThat(response.hasTrailers()).isTrue();
        // Only a HEADERS frame not yet followed by DATA can be interim, and never on a request.
        assertThatThrownBy(response::interimResponse).isInstanceOf(IllegalStateException.class);
        MessageStreamState request = MessageStreamState.request();
        run(request::accept, headers());
        assertThatThrownBy(request::interimResponse).isInstanceOf(IllegalStateException.class);
        MessageStreamState withBody = MessageStreamState.response();
        run(withBody::accept, headers(), data());
        assertThatThrownBy(withBody::interimResponse).isInstanceOf(IllegalStateException.class);
    }

    private static void assertError(Consumer<FrameEvent> state, Http3Frame... frames) {
        assertThatThrownBy(() -> run(state, frames)).isInstanceOfSatisfying(Http3Exception.class, e -> assertThat(e
                .error()).isEqualTo(Http3Error.H3_FRAME_UNEXPECTED));
    }
}
