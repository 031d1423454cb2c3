package io.quic4j.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.wire.frame.HandshakeDoneFrame;
import io.quic4j.transport.wire.frame.NewTokenFrame;
import io.quic4j.transport.wire.frame.PaddingFrame;
import io.quic4j.transport.wire.frame.PathResponseFrame;
import io.quic4j.transport.wire.frame.PingFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §13.3: what a lost packet's control frames become. */
class ControlFramesTest {

    @Test
    void paddingPingAndPathResponseAreNotRepeated() {
        ControlFrames c = new ControlFrames();
        c.onLost(new PaddingFrame(1154));
        c.onLost(PingFrame.INSTANCE);
        // "PATH_RESPONSE frames MUST NOT be retransmitted" (§13.3 lists them as sent once).
        c.onLost(new PathResponseFrame(7));
        assertThat(c.hasPending()).isFalse();
    }

    @Test
    void handshakeDoneAndNewTokenAreSentAgainUntilAcknowledged() {
        ControlFrames c = new ControlFrames();
        c.onLost(new HandshakeDoneFrame());
        c.onLost(new NewTokenFrame(ByteBuffer.wrap(new byte[]{1, 2, 3})));
        assertThat(c.poll(100)).isInstanceOf(HandshakeDoneFrame.class);
        assertThat(c.poll(100)).isInstanceOf(NewTokenFrame.class);
        assertThat(c.hasPending()).isFalse();
    }

    @Test
    void pathResponsesOnTheCurrentPathAreBoundedAndKeepTheNewest() {
        ControlFrames c = new ControlFrames();
        for (long i = 0; i < 10; i++) {
            assertThat(c.queuePathResponse(i)).isEqualTo(Math.max(0, i + 1 - ControlFrames.MAX_PATH_RESPONSES));
        }
        assertThat(c.pendingPathResponses()).isEqualTo(ControlFrames.MAX_PATH_RESPONSES);
        for (long i = 10 - ControlFrames.MAX_PATH_RESPONSES; i < 10; i++) {
            assertThat(c.poll(100)).isEqualTo(new PathResponseFrame(i));
        }
        assertThat(c.hasPending()).isFalse();
    }

    @Test
    void aChallengeFloodCannotPushOtherControlFramesOut() {
        // Before PATH_RESPONSEs were kept apart, 256 of them filled the shared queue and a NEW_TOKEN queued after
        // them was dropped silently.
        ControlFrames c = new ControlFrames();
        for (int i = 0; i < ControlFrames.MAX_QUEUED; i++) {
            c.queue(new PathResponseFrame(i));
        }
        c.queue(new NewTokenFrame(ByteBuffer.wrap(new byte[]{1})));
        assertThat(c.size()).isEqualTo(ControlFrames.MAX_PATH_RESPONSES + 1);
        int tokens = 0;
        for (var f = c.poll(100); f != null; f = c.poll(100)) {
            tokens += f instanceof NewTokenFrame ? 1 : 0;
        }
        assertThat(tokens).isEqualTo(1);
    }
}
