package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 client connections at once to one server (2 event loops on each side), each with one small
 * request/response stream; the server accepts 200 distinct connections.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManyClientsTest {
    private static final int CLIENTS = 200;

    @Test
    void twoHundredConcurrentConnectionsEachEchoARequest() throws Exception {
        // Generous handshake bound: 200 handshakes share two busy cores.
        QuicConfig server = QuicConfig.builder().eventLoops(2).handshakeTimeout(Duration.ofSeconds(30)).build();
        QuicConfig client = QuicConfig.builder().eventLoops(2).handshakeTimeout(Duration.ofSeconds(30)).build();
        try (Loopback net = new Loopback(server, client)) {
            Set<QuicConnection> accepted = Collections
                    .synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            Set<InetSocketAddress> remotes = ConcurrentHashMap.newKeySet();
            Thread acceptor = Thread.startVirtualThread(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    QuicConnection c;
                    try {
                        c = net.server.accept().join();
                    } catch (RuntimeException e) {
                        return; // server closed
                    }
                    accepted.add(c);
                    remotes.add(c.remoteAddress());
                    Transfers.echoStreams(c);
                }
            });
            long start = System.nanoTime();
            List<CompletableFuture<QuicConnection>> done = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                byte[] request = ("request " + i + " ").repeat(20).getBytes(StandardCharsets.US_ASCII);
                CompletableFuture<QuicConnection> f = new CompletableFuture<>();
                done.add(f);
                Thread.startVirtualThread(() -> {
                    try {
                        QuicConnection c = net.client.connect(net.server.localAddress(), "localhost")
                                .get(40, TimeUnit.SECONDS);
                        Transfers.sendAndCheckEcho(c, request);
                        f.complete(c);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.printf("ManyClients: %d connections, each a request/response, in %.2f s%n", CLIENTS,
                    (System.nanoTime() - start) / 1e9);
            acceptor.join(Duration.ofSeconds(10));
            assertThat(accepted).hasSize(CLIENTS);
            assertThat(remotes).hasSize(CLIENTS);
            Set<InetSocketAddress> locals = ConcurrentHashMap.newKeySet();
            for (CompletableFuture<QuicConnection> f : done) {
                QuicConnection c = f.join();
                locals.add(c.localAddress());
                assertThat(c.isOpen()).isTrue();
            }
            assertThat(locals).hasSize(CLIENTS);
            for (CompletableFuture<QuicConnection> f : done) {
                f.join().close();
            }
        }
    }
}
