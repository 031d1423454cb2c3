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
}
