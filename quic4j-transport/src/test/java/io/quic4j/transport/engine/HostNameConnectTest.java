package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** QuicClient.connect(host, port): resolve the name, try each address in turn. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostNameConnectTest {

    @Test
    void connectsToAHostNameThroughWhicheverAddressAnswers() throws Exception {
        QuicConfig config = QuicConfig.builder().eventLoops(1).handshakeTimeout(Duration.ofSeconds(2)).build();
        // Only 127.0.0.1 listens; "localhost" may resolve to ::1 first, which must fail over to the next address.
        try (QuicServer server = QuicServer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), config,
                Loopback.serverTls()); QuicClient client = QuicClient.create(config, Loopback.clientTls())) {
            QuicConnection c = client.connect("localhost", server.localAddress().getPort()).get(30, TimeUnit.SECONDS);
            assertThat(c.remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(c.applicationProtocol()).isEqualTo(Loopback.ALPN);
        }
    }

    @Test
    void unknownHostFailsWithUnknownHostException() {
        try (QuicClient client = QuicClient.create(QuicConfig.builder().eventLoops(1).build(), Loopback.clientTls())) {
            assertThatThrownBy(() -> client.connect("no-such-host.invalid", 443).get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(UnknownHostException.class);
        }
    }

    @Test
    void badPortIsRejectedAtOnce() {
        try (QuicClient client = QuicClient.create(QuicConfig.builder().eventLoops(1).build(), Loopback.clientTls())) {
            assertThatThrownBy(() -> client.connect("localhost", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port must be 1 to 65535");
        }
    }
}
