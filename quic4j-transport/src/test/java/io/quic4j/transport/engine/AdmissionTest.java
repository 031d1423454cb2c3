package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicCloseReason;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicConnectionClosedException;
import io.quic4j.transport.TransportError;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server's admission rules: Retry, the connection limit, the accept backlog, no accepts after close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdmissionTest {

    private static QuicConfig.Builder server() {
        return QuicConfig.builder().eventLoops(1);
    }

    private static QuicConfig client() {
        return QuicConfig.builder().eventLoops(1).handshakeTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void retryAlwaysStillConnects() throws Exception {
        // RFC 9000 §8.1.2: the client repeats its Initial with the Retry token and the handshake goes on.
        try (Loopback net = new Loopback(server().retryPolicy(QuicConfig.RetryPolicy.ALWAYS).build(), client())) {
            QuicConnection c = net.connect();
            assertThat(net.server.accept().get(10, TimeUnit.SECONDS).applicationProtocol()).isEqualTo(Loopback.ALPN);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWithConnectionRefused() throws Exception {
        try (Loopback net = new Loopback(server().maxConnections(1).handshakeBacklog(1).build(), client())) {
            QuicConnection first = net.connect();
            assertThat(first.isOpen()).isTrue();
            // RFC 9000 §5.2.2: "If a server refuses to accept a new connection, it SHOULD send an Initial packet
            // containing a CONNECTION_CLOSE frame with error code CONNECTION_REFUSED": the second client learns at
            // once instead of waiting for its handshake timeout.
            assertThatThrownBy(() -> net.client.connect(net.server.localAddress(), "localhost").get(20,
                    TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(QuicConnectionClosedException.class)
                    .satisfies(e -> {
                        QuicCloseReason r = ((QuicConnectionClosedException) e).reason();
                        assertThat(r.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
                        assertThat(r.application()).isFalse();
                        assertThat(r.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
                    });
            assertThat(first.isOpen()).isTrue();
        }
    }

    @Test
    void fullAcceptBacklogRefusesWithConnectionRefused() throws Exception {
        try (Loopback net = new Loopback(server().acceptBacklog(1).build(), client())) {
            QuicConnection waiting = net.connect(); // fills the backlog: nobody accepts it
            QuicConnection refused = net.connect();
            // RFC 9000 §20.1: CONNECTION_REFUSED.
            QuicCloseReason reason = refused.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(reason.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
            assertThat(reason.application()).isFalse();
            assertThat(reason.errorCode()).isEqualTo(TransportError.CONNECTION_REFUSED.code());
            assertThat(waiting.isOpen()).isTrue();
            assertThat(net.server.accept().get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void gracefulCloseWithACodeClosesConnectionsWithIt() throws Exception {
        try (Loopback net = new Loopback()) {
            QuicConnection c = net.connect();
            net.server.accept().get(10, TimeUnit.SECONDS);
            var closed = net.server.closeGracefully(Duration.ofSeconds(2), 0x100, "going away");
            // The first call's code wins; later calls return the same future.
            assertThat(net.server.closeGracefully(Duration.ofSeconds(1))).isSameAs(closed);
            QuicCloseReason reason = c.closeFuture().get(10, TimeUnit.SECONDS);
            assertThat(reason.initiator()).isEqualTo(QuicCloseReason.Initiator.PEER);
            assertThat(reason.application()).isTrue();
            assertThat(reason.errorCode()).isEqualTo(0x100);
            assertThat(reason.reason()).isEqualTo("going away");
            closed.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> net.server.closeGracefully(Duration.ZERO, -1, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void acceptFailsOnceTheServerIsClosing() throws Exception {
        try (Loopback net = new Loopback()) {
            var pending = net.server.accept();
            net.server.closeGracefully(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> net.server.accept().get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ClosedChannelException.class);
        }
    }
}
