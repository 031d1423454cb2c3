package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public API end to end over loopback UDP: handshake, a stream each way, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoTest {

    @Test
    void echoesOneStreamOverLoopback() throws Exception {
        try (Loopback net = new Loopback()) {
            Thread server = Thread.startVirtualThread(() -> {
                QuicConnection c = net.server.accept().join();
                QuicStream s = c.acceptStream().join();
                try (s; InputStream in = s.inputStream(); OutputStream out = s.outputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            QuicConnection c = net.connect();
            assertThat(c.applicationProtocol()).isEqualTo(Loopback.ALPN);
            // The connection's executor is its event loop, the thread its futures complete on.
            java.util.concurrent.CompletableFuture<Thread> ran = new java.util.concurrent.CompletableFuture<>();
            c.executor().execute(() -> ran.complete(Thread.currentThread()));
            assertThat(ran.get(10, TimeUnit.SECONDS).getName()).startsWith("quic-client-");
            QuicStream s = c.openBidirectionalStream().join();
            s.outputStream().write("hello quic".getBytes(StandardCharsets.UTF_8));
            s.outputStream().close();
            byte[] back = s.inputStream().readAllBytes();
            s.close();
            assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello quic");
            server.join();
            c.close(0, "done");
            assertThat(c.closeFuture().get(10, TimeUnit.SECONDS).initiator())
                    .isEqualTo(io.quic4j.transport.QuicCloseReason.Initiator.LOCAL);
        }
    }
}
