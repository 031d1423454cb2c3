package io.quic4j.transport.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.transport.QuicClient;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server with 4 event loops (4 SO_REUSEPORT sockets on one port) serving 50 direct clients and 6 clients
 * behind a {@link RebindingRelay} that moves them to a new source port every 150 datagrams. The kernel
 * hashes a new 4-tuple to any of the 4 sockets, so datagrams of a rebound connection land on a loop that
 * does not own it and must be forwarded (the connection ID names the owner). Every transfer is intact; with
 * dozens of rebinds the chance that none lands on another loop is about (1/4)^rebinds, so the test also
 * asserts that forwarding happened.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LoopRoutingTest {
    private static final int DIRECT = 50;
    private static final int REBINDING = 6;

    @Test
    void datagramsOfRebindingClientsReachTheOwningLoop() throws Exception {
        QuicConfig serverConfig = QuicConfig.builder().eventLoops(4).handshakeTimeout(Duration.ofSeconds(30))
                .build();
        QuicConfig clientConfig = QuicConfig.builder().eventLoops(2).handshakeTimeout(Duration.ofSeconds(30))
                .build();
        ServerEngine server = ServerEngine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                serverConfig, Loopback.serverTls());
        List<RebindingRelay> relays = new ArrayList<>();
        try (QuicClient client = QuicClient.create(clientConfig, Loopback.clientTls())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.startVirtualThread(() -> {
                while (true) {
                    QuicConnection c;
                    try {
                        c = server.accept().join();
                    } catch (RuntimeException e) {
                        return; // server closed
                    }
                    accepted.incrementAndGet();
                    Transfers.echoStreams(c);
                }
            });
            List<CompletableFuture<QuicConnection>> done = new ArrayList<>();
            for (int i = 0; i < DIRECT + REBINDING; i++) {
                boolean rebinding = i >= DIRECT;
                InetSocketAddress target = server.localAddress();
                if (rebinding) {
                    RebindingRelay relay = new RebindingRelay(server.localAddress(), 150);
                    relays.add(relay);
                    target = relay.localAddress();
                }
                InetSocketAddress to = target;
                long bytes = rebinding ? 1_000_000L : 64 * 1024;
                long seed = i;
                CompletableFuture<QuicConnection> f = new CompletableFuture<>();
                done.add(f);
                Thread.startVirtualThread(() -> {
                    try {
                        QuicConnection c = client.connect(to, "localhost").get(40, TimeUnit.SECONDS);
                        Transfers.echo(c, bytes, seed);
                        f.complete(c);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(70, TimeUnit.SECONDS);
            int rebinds = relays.stream().mapToInt(RebindingRelay::rebinds).sum();
            long forwarded = server.forwardedDatagrams();
            System.out.printf(
                    "LoopRouting: %d connections accepted, %d rebinds, %d datagrams forwarded between loops%n",
                    accepted.get(), rebinds, forwarded);
            assertThat(accepted.get()).isEqualTo(DIRECT + REBINDING);
            assertThat(rebinds).isGreaterThanOrEqualTo(12);
            assertThat(forwarded).isPositive();
            for (CompletableFuture<QuicConnection> f : done) {
                f.join().close();
            }
        } finally {
            server.close();
            for (RebindingRelay r : relays) {
                r.close();
            }
        }
    }
}
