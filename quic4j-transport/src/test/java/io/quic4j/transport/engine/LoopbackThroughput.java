package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback throughput benchmark: one connection over real loopback UDP, N MB echoed on one stream
 * (maxDatagramSize 1452), printed as MB/s (10^6 bytes per second, counting the bytes sent once).
 *
 * <pre>{@code
 * java -cp ... io.quic4j.transport.engine.LoopbackThroughput 100 [serverLoops]
 * }</pre>
 */
public final class LoopbackThroughput {
    static final int MAX_DATAGRAM_SIZE = 1452;

    private LoopbackThroughput() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args megabytes to transfer (default 100), then the server's event loops (default 1), then the
     *     stream receive window in MiB on both sides (default: QuicConfig's; the connection window is 8 times it)
     * @throws Exception if the transfer fails
     */
    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long window = args.length > 2 ? Long.parseLong(args[2]) << 20 : QuicConfig.defaults().streamReceiveWindow();
        Transfers.Result r = run(megabytes * 1_000_000L, loops, window);
        System.out.printf("THROUGHPUT %d MB one stream (server loops %d, stream window %d KiB): %.1f MB/s (%.2f s)%n",
                megabytes, loops, window >> 10, r.megabytesPerSecond(), r.nanos() / 1e9);
    }

    /** Echoes {@code bytes} on one stream of one connection to a server with {@code serverLoops} loops. */
    static Transfers.Result run(long bytes, int serverLoops) throws Exception {
        return run(bytes, serverLoops, QuicConfig.defaults().streamReceiveWindow());
    }

    /** As {@link #run(long, int)}, with a stream receive window on both sides (the connection's is 8 times it). */
    static Transfers.Result run(long bytes, int serverLoops, long streamWindow) throws Exception {
        long connectionWindow = Math.max(QuicConfig.defaults().connectionReceiveWindow(), 8 * streamWindow);
        QuicConfig server = QuicConfig.builder().eventLoops(serverLoops).maxDatagramSize(MAX_DATAGRAM_SIZE)
                .streamReceiveWindow(streamWindow).connectionReceiveWindow(connectionWindow).build();
        QuicConfig client = QuicConfig.builder().eventLoops(1).maxDatagramSize(MAX_DATAGRAM_SIZE)
                .streamReceiveWindow(streamWindow).connectionReceiveWindow(connectionWindow).build();
        AtomicReference<String> serverFailure = new AtomicReference<>();
        try (Loopback net = new Loopback(server, client)) {
            Thread.startVirtualThread(() -> {
                try {
                    Transfers.echoStreamsChecking(net.server.accept().join(), 0, serverFailure);
                } catch (RuntimeException e) {
                    // server closed before a connection came
                }
            });
            QuicConnection c = net.connect();
            try {
                Transfers.Result r = Transfers.echo(c, bytes, 0);
                System.out.println("client " + c.stats().get(10, TimeUnit.SECONDS));
                if (serverFailure.get() != null) {
                    throw new AssertionError(serverFailure.get());
                }
                return r;
            } catch (AssertionError | RuntimeException e) {
                if (serverFailure.get() != null && !serverFailure.get().equals(e.getMessage())) {
                    e.addSuppressed(new AssertionError(serverFailure.get()));
                }
                throw e;
            } finally {
                c.close(0, "done").orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }
}
