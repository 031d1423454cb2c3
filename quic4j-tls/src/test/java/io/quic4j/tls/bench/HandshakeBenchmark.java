package io.quic4j.tls.bench;

import io.quic4j.tls.EncryptionLevel;
import io.quic4j.tls.NamedGroup;
import io.quic4j.tls.TlsEngine;
import io.quic4j.tls.TlsEngineConfig;
import io.quic4j.tls.testing.TestPki;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Full server handshakes per second, in-process, no sockets: ECDSA P-256 certificate, X25519,
 * TLS_AES_128_GCM_SHA256, QUIC mode. Only the server's work is timed (processing the ClientHello
 * and producing its flight, then verifying the client's Finished); the client runs between the timed
 * sections. Not part of the test run; start it by hand (see the report in the issue note):
 *
 * <pre>
 * mvn -B -q test-compile -pl quic4j-tls
 * taskset -c 0 $JAVA25/bin/java -XX:ActiveProcessorCount=1 \
 *     -cp quic4j-tls/target/classes:quic4j-tls/target/test-classes io.quic4j.tls.bench.HandshakeBenchmark 20
 * </pre>
 */
public final class HandshakeBenchmark {
    private HandshakeBenchmark() {
    }

    /**
     * @param args optional: seconds to measure (default 10), group (default X25519), certificate
     *            (default server-ecdsa)
     */
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        NamedGroup group = args.length > 1 ? NamedGroup.valueOf(args[1]) : NamedGroup.X25519;
        String cert = args.length > 2 ? args[2] : "server-ecdsa";
        System.out.println(group + ", " + cert);
        TlsEngineConfig client = TlsEngineConfig.builder().applicationProtocols(List.of("h3")).groups(List.of(group))
                .trustManager(TestPki.trust()).build();
        TlsEngineConfig server = TlsEngineConfig.builder().applicationProtocols(List.of("h3")).groups(List.of(group))
                .credentials(TestPki.credentials(cert)).build();
        byte[] tp = new byte[64];

        run(client, server, tp, Math.max(3, seconds / 3) * 1_000_000_000L, "warm-up");
        run(client, server, tp, seconds * 1_000_000_000L, "measured");
    }

    private static void run(TlsEngineConfig clientConfig, TlsEngineConfig serverConfig, byte[] tp, long budgetNanos,
            String phase) {
        long serverNanos = 0;
        long count = 0;
        long wallStart = System.nanoTime();
        while (System.nanoTime() - wallStart < budgetNanos) {
            TlsEngine client = TlsEngine.client(clientConfig, "localhost", tp, null);
            client.start(0);
            ByteBuffer clientHello = client.pollOutput(EncryptionLevel.INITIAL);

            long t0 = System.nanoTime();
            TlsEngine server = TlsEngine.server(serverConfig, tp);
            server.receive(EncryptionLevel.INITIAL, clientHello, 0);
            ByteBuffer serverHello = server.pollOutput(EncryptionLevel.INITIAL);
            ByteBuffer serverFlight = server.pollOutput(EncryptionLevel.HANDSHAKE);
            drain(server);
            long t1 = System.nanoTime();

            client.receive(EncryptionLevel.INITIAL, serverHello, 0);
            client.receive(EncryptionLevel.HANDSHAKE, serverFlight, 0);
            ByteBuffer clientFinished = client.pollOutput(EncryptionLevel.HANDSHAKE);
            drain(client);

            long t2 = System.nanoTime();
            server.receive(EncryptionLevel.HANDSHAKE, clientFinished, 0);
            drain(server);
            long t3 = System.nanoTime();
            if (!server.isHandshakeComplete() || !client.isHandshakeComplete()) {
                throw new AssertionError("handshake did not complete");
            }
            serverNanos += (t1 - t0) + (t3 - t2);
            count++;
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("%s: %d handshakes; server side %.0f handshakes/s (%.1f us each); client+server %.0f/s%n",
                phase, count, count / (serverNanos / 1e9), serverNanos / 1e3 / count, count / wall);
    }

    private static void drain(TlsEngine engine) {
        while (engine.pollEvent() != null) {
            // events are not the point here
        }
    }
}
