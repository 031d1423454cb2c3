package io.quic4j.transport.connection;

import static io.quic4j.transport.connection.ForgedPacketTest.deliverForged;
import static io.quic4j.transport.connection.ForgedPacketTest.frames;
import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.TransportError;
import io.quic4j.transport.wire.frame.FrameType;
import io.quic4j.transport.wire.frame.ResetStreamFrame;
import io.quic4j.transport.wire.frame.StreamFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 acceptance point 4: a peer's stream violations, in authenticated 1-RTT packets, close the
 * connection with the RFC 9000 error code (§4.1, §4.5, §4.6, §19.8), through the real stream layer.
 */
class StreamViolationTest {

    private static StreamFrame data(long id, long offset, int length, boolean fin) {
        return new StreamFrame(id, offset, ByteBuffer.wrap(new byte[length]), fin, true);
    }

    private static void assertClosedWith(Pipe p, CloseReason r, TransportError error) {
        assertThat(r.application()).isFalse();
        assertThat(r.errorCode()).as("%s", r).isEqualTo(error.code());
        assertThat(p.server.isOpen()).isFalse();
    }

    @Test
    void dataPastTheFinalSizeIsAFinalSizeError() {
        Pipe p = new Pipe().handshake();
        // RFC 9000 §4.5: the FIN at 10 fixes the final size while bytes 0..5 are still missing (Size Known).
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(0, 5, 5, true), data(0, 10, 1, false)), 0);
        assertClosedWith(p, r, TransportError.FINAL_SIZE_ERROR);
    }

    @Test
    void dataPastTheFinalSizeOfACompleteStreamIsAFinalSizeError() {
        Pipe p = new Pipe().handshake();
        // Every byte and the FIN arrived (Data Recvd); a byte beyond is still a violation.
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(0, 0, 3, true), data(0, 3, 1, false)), 0);
        assertClosedWith(p, r, TransportError.FINAL_SIZE_ERROR);
    }

    @Test
    void aSecondFinAtAnotherOffsetIsAFinalSizeError() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(0, 0, 3, true), data(0, 0, 2, true)), 0);
        assertClosedWith(p, r, TransportError.FINAL_SIZE_ERROR);
    }

    @Test
    void aResetThatChangesTheFinalSizeIsAFinalSizeError() {
        Pipe p = new Pipe().handshake();
        CloseReason r = deliverForged(p, p.client, p.server,
                frames(data(0, 0, 3, true), new ResetStreamFrame(0, 7, 5)), 0);
        assertClosedWith(p, r, TransportError.FINAL_SIZE_ERROR);
        assertThat(r.frameType()).isEqualTo(FrameType.RESET_STREAM);
    }

    @Test
    void streamDataBeyondTheStreamWindowIsAFlowControlError() {
        ConnectionConfig small = ConnectionConfig.builder().initialMaxStreamData(100).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(0, 0, 101, false)), 0);
        assertClosedWith(p, r, TransportError.FLOW_CONTROL_ERROR);
    }

    @Test
    void streamDataBeyondTheConnectionWindowIsAFlowControlError() {
        // RFC 9000 §4.1: each stream stays within its window, together they exceed initial_max_data.
        ConnectionConfig small = ConnectionConfig.builder().initialMaxData(700).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(0, 0, 400, false), data(4, 0, 400, false)),
                0);
        assertClosedWith(p, r, TransportError.FLOW_CONTROL_ERROR);
    }

    @Test
    void aResetWhoseFinalSizeExceedsTheWindowIsAFlowControlError() {
        ConnectionConfig small = ConnectionConfig.builder().initialMaxStreamData(100).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, small).handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(new ResetStreamFrame(0, 1, 101)), 0);
        assertClosedWith(p, r, TransportError.FLOW_CONTROL_ERROR);
    }

    @Test
    void aBidirectionalStreamIdOverTheLimitIsAStreamLimitError() {
        ConnectionConfig three = ConnectionConfig.builder().initialMaxStreamsBidi(3).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, three).handshake();
        // Index 3 is the fourth client bidirectional stream; 0..2 are allowed.
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(4 * 2, 0, 1, false), data(4 * 3, 0, 1, false)),
                0);
        assertClosedWith(p, r, TransportError.STREAM_LIMIT_ERROR);
    }

    @Test
    void aUnidirectionalStreamIdOverTheLimitIsAStreamLimitError() {
        ConnectionConfig two = ConnectionConfig.builder().initialMaxStreamsUni(2).build();
        Pipe p = new Pipe(ConnectionConfig.DEFAULTS, two).handshake();
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(4 * 2 + 2, 0, 1, false)), 0);
        assertClosedWith(p, r, TransportError.STREAM_LIMIT_ERROR);
    }

    @Test
    void streamDataOnOurSendOnlyStreamIsAStreamStateError() {
        Pipe p = new Pipe().handshake();
        long id = p.server.openUnidirectionalStream();
        assertThat(id).isEqualTo(3);
        p.server.write(id, ByteBuffer.wrap(new byte[]{1}), false);
        p.flight();
        // RFC 9000 §19.8: STREAM for a locally initiated stream the peer cannot send on.
        CloseReason r = deliverForged(p, p.client, p.server, frames(data(id, 0, 1, false)), 0);
        assertClosedWith(p, r, TransportError.STREAM_STATE_ERROR);
    }

    @Test
    void aWellBehavedPeerOnTheSameStreamsIsNotClosed() {
        Pipe p = new Pipe().handshake();
        deliverForgedWithoutClose(p, frames(data(0, 0, 3, true), data(0, 0, 3, true), data(4, 0, 1, false)));
        assertThat(p.server.isOpen()).isTrue();
        assertThat(Pipe.find(p.serverEvents, ConnectionEvent.StreamOpened.class)).isPresent();
    }

    private static void deliverForgedWithoutClose(Pipe p, ByteBuffer payload) {
        p.server.receive(ForgedPacketTest.forge(p.client, payload, 0), Pipe.CLIENT_ADDRESS, p.now);
        p.collectEvents();
    }
}
