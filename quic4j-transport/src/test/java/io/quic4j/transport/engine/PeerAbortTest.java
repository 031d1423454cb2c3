package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** QuicStream.peerAbort: STOP_SENDING (RFC 9000 §3.5) and RESET_STREAM (§3.2) seen without a pending operation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerAbortTest {

    @Test
    void stopSendingAndResetCompleteThePeerAbortFutureWithTheirCodes() throws Exception {
        try (Loopback net = new Loopback()) {
            QuicConnection c = net.connect();
            QuicConnection s = net.server.accept().get(10, TimeUnit.SECONDS);

            QuicStream stopped = c.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            stopped.write(ByteBuffer.wrap(new byte[10])).get(10, TimeUnit.SECONDS);
            QuicStream stoppedThere = s.acceptStream().get(10, TimeUnit.SECONDS);
            stoppedThere.cancelRead(7);
            QuicStreamException e = stopped.peerAbort().get(10, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(QuicStreamException.Kind.STOPPED_BY_PEER);
            assertThat(e.errorCode()).isEqualTo(7);

            QuicStream reset = c.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            reset.write(ByteBuffer.wrap(new byte[10])).get(10, TimeUnit.SECONDS);
            QuicStream resetThere = s.acceptStream().get(10, TimeUnit.SECONDS);
            resetThere.cancelWrite(9);
            QuicStreamException r = reset.peerAbort().get(10, TimeUnit.SECONDS);
            assertThat(r.kind()).isEqualTo(QuicStreamException.Kind.RESET_BY_PEER);
            assertThat(r.errorCode()).isEqualTo(9);
            assertThat(reset.peerAbort()).isSameAs(reset.peerAbort());

            QuicStream open = c.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            assertThat(open.peerAbort()).isNotDone();
            c.close(0, "bye");
            assertThatThrownBy(() -> open.peerAbort().get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(QuicConnectionClosedException.class);
            stopped.close();
            reset.close();
        }
    }
}
