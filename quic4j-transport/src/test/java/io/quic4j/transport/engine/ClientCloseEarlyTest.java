package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client shutting down closes its socket, so RFC 9000 §10.2 lets it end the closing period early: its graceful
 * close finishes once every connection's CONNECTION_CLOSE went out, instead of three PTOs later (a command-line
 * client would otherwise wait out that period before it exits).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCloseEarlyTest {

    @Test
    void clientGracefulCloseEndsOnceTheCloseIsSentNotAfterTheClosingPeriod() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            QuicClient client = QuicClient.create(QuicConfig.builder().eventLoops(1)
                    .handshakeTimeout(Duration.ofSeconds(50)).maxIdleTimeout(Duration.ofSeconds(50)).build(),
                    Loopback.clientTls());
            CompletableFuture<QuicConnection> attempt = client
                    .connect((InetSocketAddress) silent.getLocalAddress(), "localhost");
            silent.receive(ByteBuffer.allocate(2048)); // the client's Initial: the connection is live
            long start = System.nanoTime();
            client.closeGracefully(Duration.ofSeconds(40)).get(50, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            // Without an RTT sample the PTO is 333 ms + 4 x 166.5 ms (RFC 9002 §6.2.2, §A.2), so the closing period
            // (three PTOs, RFC 9000 §10.2) lasts about 3 s; waiting it out would take at least that long.
            assertThat(took).as("the close did not wait out the ~3 s closing period")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
            Assertions.assertThatThrownBy(() -> attempt.get(1, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(QuicConnectionClosedException.class);
        }
    }
}
