package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 9221 datagrams through the public API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramApiTest {

    @Test
    void datagramsTravelBothWaysWhenBothSidesAcceptThem() throws Exception {
        QuicConfig config = QuicConfig.builder().eventLoops(1).maxDatagramFrameSize(1200).build();
        try (Loopback net = new Loopback(config, config)) {
            QuicConnection c = net.connect();
            QuicConnection s = net.server.accept().get(10, TimeUnit.SECONDS);
            assertThat(c.maxDatagramPayload().get(5, TimeUnit.SECONDS)).isGreaterThan(1000);
            c.sendDatagram(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
            ByteBuffer got = s.receiveDatagram().get(10, TimeUnit.SECONDS);
            assertThat(StandardCharsets.UTF_8.decode(got).toString()).isEqualTo("ping");
            s.sendDatagram(ByteBuffer.wrap("pong".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
            assertThat(StandardCharsets.UTF_8.decode(c.receiveDatagram().get(10, TimeUnit.SECONDS)).toString())
                    .isEqualTo("pong");
        }
    }

    @Test
    void sendingWithoutThePeersSupportFailsWithAClearError() throws Exception {
        try (Loopback net = new Loopback()) {
            QuicConnection c = net.connect();
            assertThat(c.maxDatagramPayload().get(5, TimeUnit.SECONDS)).isZero();
            assertThatThrownBy(() -> c.sendDatagram(ByteBuffer.allocate(10)).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void pendingReceiveFailsWhenTheConnectionCloses() throws Exception {
        QuicConfig config = QuicConfig.builder().eventLoops(1).maxDatagramFrameSize(1200).build();
        try (Loopback net = new Loopback(config, config)) {
            QuicConnection c = net.connect();
            var pending = c.receiveDatagram();
            c.close(7, "done");
            assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(io.quic4j.transport.QuicConnectionClosedException.class);
            assertThat(c.closeFuture().get(10, TimeUnit.SECONDS).errorCode()).isEqualTo(7);
            assertThat(c.isOpen()).isFalse();
        }
    }
}
