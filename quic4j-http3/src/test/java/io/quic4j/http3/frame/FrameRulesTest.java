package io.quic4j.http3.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Exception;
import org.junit.jupiter.api.Test;

/** RFC 9114 §7, Table 1: which frames each kind of stream may carry. */
class FrameRulesTest {

    @Test
    void followsTable1() {
        assertAllowed(FrameType.DATA, false, true, true);
        assertAllowed(FrameType.HEADERS, false, true, true);
        assertAllowed(FrameType.CANCEL_PUSH, true, false, false);
        assertAllowed(FrameType.SETTINGS, true, false, false);
        assertAllowed(FrameType.PUSH_PROMISE, false, true, false);
        assertAllowed(FrameType.GOAWAY, true, false, false);
        assertAllowed(FrameType.MAX_PUSH_ID, true, false, false);
        assertAllowed(0x21, true, true, true); // reserved
        assertAllowed(0x0a, true, true, true); // unknown extension type
        for (long http2 : new long[]{0x02, 0x06, 0x08, 0x09}) {
            assertAllowed(http2, false, false, false); // §7.2.8
        }
    }

    @Test
    void refusesAFrameOutOfPlaceWithFrameUnexpected() {
        assertThatThrownBy(() -> FrameRules.checkAllowed(FrameType.GOAWAY, StreamKind.REQUEST)).isInstanceOfSatisfying(
                Http3Exception.class, e -> assertThat(e.error()).isEqualTo(Http3Error.H3_FRAME_UNEXPECTED));
    }

    private static void assertAllowed(long type, boolean control, boolean request, boolean push) {
        assertThat(FrameRules.isAllowed(type, StreamKind.CONTROL)).as("%s on control", FrameType.name(type))
                .isEqualTo(control);
        assertThat(FrameRules.isAllowed(type, StreamKind.REQUEST)).as("%s on request", FrameType.name(type))
                .isEqualTo(request);
        assertThat(FrameRules.isAllowed(type, StreamKind.PUSH)).as("%s on push", FrameType.name(type)).isEqualTo(push);
    }
}
