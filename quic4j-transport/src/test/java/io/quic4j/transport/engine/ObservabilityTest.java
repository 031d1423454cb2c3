package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicServer;
import io.quic4j.transport.QuicStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md §7: the TLS key log (SSLKEYLOGFILE format) and qlog files (QLOGDIR) from the public API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ObservabilityTest {

    @Test
    void keyLogAndQlogAreWrittenForBothSides(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.log");
        Path qlog = dir.resolve("qlog");
        QuicConfig config = QuicConfig.builder().eventLoops(1).qlogDirectory(qlog).build();
        try (QuicServer server = QuicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                Loopback.serverTls().toBuilder().keyLogFile(keys).build());
                QuicClient client = QuicClient.create(config, Loopback.clientTls())) {
            QuicConnection c = client.connect(server.localAddress(), "localhost").get(20, TimeUnit.SECONDS);
            QuicConnection s = server.accept().get(20, TimeUnit.SECONDS);
            QuicStream stream = c.openUnidirectionalStream().get(10, TimeUnit.SECONDS);
            stream.write(ByteBuffer.wrap(new byte[5000])).get(10, TimeUnit.SECONDS);
            stream.finish().get(10, TimeUnit.SECONDS);
            QuicStream in = s.acceptStream().get(10, TimeUnit.SECONDS);
            assertThat(in.inputStream().readAllBytes()).hasSize(5000);
            in.close();
            c.close(0, "bye").get(10, TimeUnit.SECONDS);
            s.closeFuture().get(10, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(keys);
        assertThat(lines).anyMatch(l -> l.startsWith("CLIENT_HANDSHAKE_TRAFFIC_SECRET "))
                .anyMatch(l -> l.startsWith("SERVER_HANDSHAKE_TRAFFIC_SECRET "))
                .anyMatch(l -> l.startsWith("CLIENT_TRAFFIC_SECRET_0 "))
                .anyMatch(l -> l.startsWith("SERVER_TRAFFIC_SECRET_0 "))
                .allMatch(l -> l.matches("[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+"));
        try (Stream<Path> files = Files.list(qlog)) {
            List<Path> traces = files.toList();
            assertThat(traces).anyMatch(p -> p.getFileName().toString().endsWith("_client.sqlog"))
                    .anyMatch(p -> p.getFileName().toString().endsWith("_server.sqlog"));
            for (Path p : traces) {
                String text = Files.readString(p);
                assertThat(text).startsWith("\u001e{").contains("\"quic:packet_sent\"")
                        .contains("\"quic:connection_closed\"");
            }
        }
    }
}
