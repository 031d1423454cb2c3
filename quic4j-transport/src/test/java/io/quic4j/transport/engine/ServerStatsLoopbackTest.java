package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.QuicServerStats;
import io.quic4j.transport.TransportError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link io.quic4j.transport.QuicServer#stats()} over real loopback: a server with two event loops and a limit
 * of one connection per loop refuses the clients beyond it (CONNECTION_REFUSED, RFC 9000 §5.2.2), and the
 * summed counters say so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerStatsLoopbackTest {

    @Test
    void refusalsAtTheConnectionLimitShowInTheServersStats() throws Exception {
        QuicConfig server = QuicConfig.builder().eventLoops(2).maxConnections(2).handshakeBacklog(2).build();
        QuicConfig client = QuicConfig.builder().eventLoops(1).build();
        try (Loopback net = new Loopback(server, client)) {
            QuicServerStats before = net.server.stats();
            assertThat(before.connectionsOpen()).isZero();
            assertThat(before.refused()).isZero();

            List<QuicConnection> open = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < 6; i++) {
                try {
                    open.add(net.connect());
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(QuicConnectionClosedException.class);
                    QuicCloseReason r = ((QuicConnectionClosedException) e.getCause()).reason();
                    assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
                    refused++;
                }
            }
            for (int i = 0; i < open.size(); i++) {
                net.server.accept().get(10, TimeUnit.SECONDS);
            }
            QuicServerStats s = net.server.stats();
            System.out.println("ServerStatsLoopback: " + open.size() + " open, " + refused + " refused: " + s);

            // Each loop holds at most one connection; the kernel's hash decides which loop a client reaches.
            assertThat(open.size()).isBetween(1, 2);
            assertThat(refused).isEqualTo(6 - open.size());
            assertThat(s.connectionsAccepted()).isEqualTo(open.size());
            assertThat(s.connectionsOpen()).isEqualTo(open.size());
            assertThat(s.handshakesInProgress()).isZero();
            // Every Initial datagram of a refused client's first flight is refused (and counted).
            assertThat(s.refusedConnectionLimit()).isGreaterThanOrEqualTo(refused);
            assertThat(s.refused()).isEqualTo(s.refusedConnectionLimit());
            assertThat(s.connectionsShed()).isZero();
            assertThat(s.underMemoryPressure()).isFalse();
            assertThat(s.bufferCeiling()).isEqualTo(2 * (server.bufferCeiling() / 2));
            assertThat(s.bufferedBytes()).isLessThan(s.bufferCeiling());
            for (QuicConnection c : open) {
                c.close();
            }
        }
    }
}
