package io.quic4j.http3.frame;

import static io.quic4j.http3.frame.StreamStates.data;
import static io.quic4j.http3.frame.StreamStates.headers;
import static io.quic4j.http3.frame.StreamStates.run;
import static io.quic4j.http3.frame.StreamStates.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import org.junit.jupiter.api.Test;

/** The control stream's rules (RFC 9114 §6.2.1, §5.2, §7.2.3-§7.2.7). */
class ControlStreamStateTest {

    @Test
    void acceptsSettingsThenControlFramesAndRecordsThem() {
        ControlStreamState fromClient = ControlStreamState.fromClient();
        run(fromClient::accept, new SettingsFrame(Settings.EMPTY.with(Settings.QPACK_BLOCKED_STREAMS, 16)),
                new UnknownFrame(0x21, 3), new MaxPushIdFrame(5), new CancelPushFrame(2), new MaxPushIdFrame(5),
                new MaxPushIdFrame(9), new GoAwayFrame(7), new GoAwayFrame(7), new GoAwayFrame(3));
        assertThat(fromClient.peerSettings()).hasValueSatisfying(s -> assertThat(s.qpackBlockedStreams()).isEqualTo(
                16));
        assertThat(fromClient.maxPushId()).hasValue(9);
        assertThat(fromClient.goAwayId()).hasValue(3);
    }

    @Test
    void rejectsAControlStreamThatDoesNotStartWithSettings() {
        // RFC 9114 §6.2.1: H3_MISSING_SETTINGS; §9: an unknown type does not satisfy the requirement either.
        assertError(ControlStreamState.fromServer(), Http3Error.H3_MISSING_SETTINGS, new GoAwayFrame(0));
        assertError(ControlStreamState.fromServer(), Http3Error.H3_MISSING_SETTINGS, new UnknownFrame(0x21, 0));
        assertError(ControlStreamState.fromClient(), Http3Error.H3_MISSING_SETTINGS, data());
    }

    @Test
    void rejectsASecondSettingsFrame() {
        // RFC 9114 §7.2.4: a second SETTINGS frame on the control stream is H3_FRAME_UNEXPECTED.
        assertError(ControlStreamState.fromClient(), Http3Error.H3_FRAME_UNEXPECTED, settings(), settings());
    }

    @Test
    void rejectsMessageFramesOnTheControlStream() {
        // RFC 9114 §7.2.1, §7.2.2, §7.2.5: DATA, HEADERS and PUSH_PROMISE on the control stream.
        assertError(ControlStreamState.fromClient(), Http3Error.H3_FRAME_UNEXPECTED, settings(), data());
        assertError(ControlStreamState.fromClient(), Http3Error.H3_FRAME_UNEXPECTED, settings(), headers());
        assertError(ControlStreamState.fromServer(), Http3Error.H3_FRAME_UNEXPECTED, settings(), new PushPromiseFrame(
                0, FrameSupport.bytes(0, 0)));
    }

    @Test
    void rejectsMaxPushIdFromAServer() {
        // RFC 9114 §7.2.7: "A client MUST treat the receipt of a MAX_PUSH_ID frame as ... H3_FRAME_UNEXPECTED."
        assertError(ControlStreamState.fromServer(), Http3Error.H3_FRAME_UNEXPECTED, settings(), new MaxPushIdFrame(
                1));
    }

    @Test
    void rejectsAMaxPushIdThatGoesDown() {
        // RFC 9114 §7.2.7: a smaller value than previously received is H3_ID_ERROR.
        assertError(ControlStreamState.fromClient(), Http3Error.H3_ID_ERROR, settings(), new MaxPushIdFrame(8),
                new MaxPushIdFrame(7));
    }

    @Test
    void rejectsAGoAwayIdThatGoesUp() {
        // RFC 9114 §5.2: "Receiving a GOAWAY containing a larger identifier than previously received MUST be
        // treated as a connection error of type H3_ID_ERROR."
        assertError(ControlStreamState.fromServer(), Http3Error.H3_ID_ERROR, settings(), new GoAwayFrame(4),
                new GoAwayFrame(8));
        assertError(ControlStreamState.fromClient(), Http3Error.H3_ID_ERROR, settings(), new GoAwayFrame(4),
                new GoAwayFrame(5));
    }

    @Test
    void rejectsAServerGoAwayThatNamesNoClientBidirectionalStream() {
        // RFC 9114 §7.2.6: from a server, the ID must be a client-initiated bidirectional stream ID.
        assertError(ControlStreamState.fromServer(), Http3Error.H3_ID_ERROR, settings(), new GoAwayFrame(2));
        // From a client it is a push ID: any value.
        run(ControlStreamState.fromClient()::accept, settings(), new GoAwayFrame(2));
    }

    @Test
    void treatsTheEndOfTheControlStreamAsClosingACriticalStream() {
        // RFC 9114 §6.2.1: H3_CLOSED_CRITICAL_STREAM.
        ControlStreamState state = ControlStreamState.fromClient();
        assertThatThrownBy(state::endOfStream).isInstanceOfSatisfying(Http3Exception.class, e -> assertThat(e.error())
                .isEqualTo(Http3Error.H3_CLOSED_CRITICAL_STREAM));
    }

    private static void assertError(ControlStreamState state, Http3Error error, Http3Frame... frames) {
        assertThatThrownBy(() -> run(state::accept, frames)).isInstanceOfSatisfying(Http3Exception.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }
}
