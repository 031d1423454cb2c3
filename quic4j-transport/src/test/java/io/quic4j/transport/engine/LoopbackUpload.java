package io.quic4j.transport.engine;

import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.QuicConnection;
import io.quic4j.transport.QuicStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-way loopback throughput benchmark: N MB written on one stream of one connection and counted by the
 * server, with nothing checked or generated on the way (integrity is {@link LargeTransferTest}'s job), so
 * the number is the transport's, not the test's. Prints MB/s (10^6 bytes per second) from the first write to
 * the server's end of stream, and both sides' statistics.
 *
 * <pre>{@code
 * java -cp ... io.quic4j.transport.engine.LoopbackUpload 300 [serverLoops] [maxDatagramSize]
 * }</pre>
 */
public final class LoopbackUpload {
    private LoopbackUpload() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args megabytes (default 300), the server's event loops (default 1), the datagram size (default 1452)
     * @throws Exception if the transfer fails
     */
    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 300;
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int datagram = args.length > 2 ? Integer.parseInt(args[2]) : 1452;
        QuicConfig server = QuicConfig.builder().eventLoops(loops).maxDatagramSize(datagram).build();
        QuicConfig client = QuicConfig.builder().eventLoops(1).maxDatagramSize(datagram).build();
        long bytes = megabytes * 1_000_000L;
        try (Loopback net = new Loopback(server, client)) {
            CompletableFuture<Long> received = new CompletableFuture<>();
            Thread.ofPlatform().name("upload-sink").start(() -> {
                try {
                    QuicConnection c = net.server.accept().get(20, TimeUnit.SECONDS);
                    try (QuicStream s = c.acceptStream().get(20, TimeUnit.SECONDS); InputStream in = s.inputStream()) {
                        byte[] buf = new byte[256 * 1024];
                        long total = 0;
                        for (int n; (n = in.read(buf)) >= 0;) {
                            total += n;
                        }
                        received.complete(total);
                        System.out.println("server " + c.stats().get(10, TimeUnit.SECONDS));
                    }
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            QuicConnection c = net.connect();
            QuicStream s = c.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            byte[] chunk = new byte[256 * 1024];
            long start = System.nanoTime();
            try (OutputStream out = s.outputStream()) {
                for (long left = bytes; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            long got = received.get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("client " + c.stats().get(10, TimeUnit.SECONDS));
            System.out.printf("UPLOAD %d MB one stream (server loops %d, datagrams %d bytes): %.1f MB/s (%.2f s)%n",
                    megabytes, loops, datagram, got / 1e6 / seconds, seconds);
            s.close();
            if (got != bytes) {
                throw new AssertionError("server counted " + got + " bytes of " + bytes);
            }
        }
    }
}
