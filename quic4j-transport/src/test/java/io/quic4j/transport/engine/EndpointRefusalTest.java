package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.TransportError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 9000 §5.2.2 over loopback: a server that is shutting down answers new clients with CONNECTION_REFUSED
 * (instead of dropping their Initials until their handshake times out), statelessly, so the refusals keep
 * nothing alive and the graceful shutdown still ends when its connections are done.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointRefusalTest {

    @Test
    void aServerShuttingDownRefusesNewClientsAtOnceAndItsShutdownStillEndsInTime() throws Exception {
        QuicConfig client = QuicConfig.builder().eventLoops(1).handshakeTimeout(Duration.ofSeconds(15)).build();
        try (Loopback net = new Loopback(QuicConfig.builder().eventLoops(1).build(), client)) {
            QuicConnection busy = net.connect();
            QuicConnection serverSide = net.server.accept().get(10, TimeUnit.SECONDS);
            // A stream the server's application holds keeps the connection busy: the drain waits for it until the
            // grace is nearly over, so the server is "shutting down" for a while.
            QuicStream s = busy.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            s.outputStream().write(1);
            s.outputStream().flush();
            QuicStream held = serverSide.acceptStream().get(10, TimeUnit.SECONDS);
            Duration grace = Duration.ofSeconds(4);
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = net.server.closeGracefully(grace);
            List<CompletableFuture<QuicConnection>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                attempts.add(net.client.connect(net.server.localAddress(), "localhost"));
            }
            for (CompletableFuture<QuicConnection> a : attempts) {
                // Well before the client's 15 s handshake timeout: the refusal is prompt.
                assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOf(QuicConnectionClosedException.class).satisfies(e -> {
                            QuicCloseReason r = ((QuicConnectionClosedException) e).reason();
                            assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
                            assertThat(r.application()).isFalse();
                            assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
                        });
            }
            long refusedAfter = System.nanoTime() - start;
            assertThat(shutdown).as("refusals are stateless: the drain still waits only for the busy connection")
                    .isNotDone();
            shutdown.get(grace.toSeconds() + 10, TimeUnit.SECONDS);
            long shutdownAfter = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "EndpointRefusal: 20 clients refused within %.0f ms; shutdown (grace %d s)"
                    + " ended after %.0f ms%n", refusedAfter / 1e6, grace.toSeconds(), shutdownAfter / 1e6);
            QuicCloseReason r = busy.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
            assertThat(r.errorCode()).isZero();
            held.close();
        }
    }
}
