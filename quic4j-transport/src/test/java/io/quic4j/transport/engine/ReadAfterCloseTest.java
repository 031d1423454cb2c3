package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Data that arrived before the peer closed the connection is still the application's: an HTTP/3 server may
 * close as soon as its last response is acknowledged, before the client has read it. Only when nothing is left
 * does a read fail, and never as a clean end of stream unless the FIN arrived (field report 003).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadAfterCloseTest {

    @Test
    void whatArrivedBeforeThePeerClosedCanStillBeRead() throws Exception {
        try (Loopback net = new Loopback()) {
            QuicConnection c = net.connect();
            QuicConnection s = net.server.accept().get(10, TimeUnit.SECONDS);
            byte[] data = new byte[300_000];
            Arrays.fill(data, (byte) 7);

            QuicStream complete = s.openUnidirectionalStream().get(10, TimeUnit.SECONDS);
            complete.write(ByteBuffer.wrap(data)).get(10, TimeUnit.SECONDS);
            complete.finish().get(10, TimeUnit.SECONDS);
            QuicStream partial = s.openUnidirectionalStream().get(10, TimeUnit.SECONDS);
            partial.write(ByteBuffer.wrap(data, 0, 1000)).get(10, TimeUnit.SECONDS);
            QuicStream in = c.acceptStream().get(10, TimeUnit.SECONDS);
            QuicStream in2 = c.acceptStream().get(10, TimeUnit.SECONDS);
            // Wait until the client's transport has received all of it (and acknowledged it: nothing in flight),
            // then close before the client application reads a byte.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((c.stats().get(5, TimeUnit.SECONDS).bytesReceived() < data.length + 1000
                    || s.stats().get(5, TimeUnit.SECONDS).bytesInFlight() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            s.close(0x100, "done");
            assertThat(c.closeFuture().get(10, TimeUnit.SECONDS).initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);

            assertThat(in.inputStream().readAllBytes()).isEqualTo(data);
            byte[] got = new byte[1000];
            assertThat(in2.inputStream().readNBytes(got, 0, 1000)).isEqualTo(1000);
            // No FIN arrived on the second stream: its end is the close, not a clean end of stream.
            assertThatThrownBy(() -> in2.inputStream().read()).isInstanceOf(QuicConnectionClosedException.class);
        }
    }
}
