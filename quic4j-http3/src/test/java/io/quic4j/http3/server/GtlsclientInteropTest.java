package io.quic4j.http3.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.Http3Server;
import io.quic4j.testkit.peer.Ngtcp2Client;
import io.quic4j.testkit.peer.Ngtcp2Process;
import io.quic4j.testkit.peer.RealPeers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's ngtcp2 {@code gtlsclient} (HTTP/3 with QPACK, GnuTLS) fetches from our {@link Http3Server}: the bodies
 * arrive intact (sha256 equal) and many requests share one connection (issue 7's acceptance).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GtlsclientInteropTest {
    /**
     * The large download, 5 MB unless {@code -Dquic4j.h3.largeDownload=<bytes>} says otherwise; issue 7's acceptance
     * asks for 50 MB (52428800).
     */
    static final int LARGE = Integer.getInteger("quic4j.h3.largeDownload", 5 * 1024 * 1024);
    static final int SMALL = 1024;
    static final int REQUESTS = 100;

    private final AtomicInteger served = new AtomicInteger();
    private final List<Integer> remotePorts = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void installPeer() {
        RealPeers.require(Ngtcp2Client::install);
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private final Http3Handler handler = (request, response) -> {
        served.incrementAndGet();
        remotePorts.add(request.remoteAddress().getPort());
        String path = request.path();
        if (path.equals("/small.bin")) {
            response.send(200, "application/octet-stream", content(SMALL, 1));
        } else if (path.equals("/large.bin")) {
            byte[] body = content(LARGE, 2);
            response.status(200).header("content-length", Integer.toString(body.length));
            try (OutputStream out = response.body()) {
                for (int off = 0; off < body.length; off += 10_000) {
                    out.write(body, off, Math.min(10_000, body.length - off)); // streamed in pieces
                }
            }
        } else if (path.startsWith("/n/")) {
            response.send(200, "text/plain", ("response " + path.substring(3) + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            response.send(404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
        }
    };

    private Ngtcp2Process fetch(Path dir, int port, Path downloads, String... paths) {
        String[] uris = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            uris[i] = "https://localhost:" + port + paths[i];
        }
        return Ngtcp2Client.builder("127.0.0.1", port)
                .uris(uris)
                .exitWhen(Ngtcp2Client.ExitWhen.ALL_STREAMS_CLOSED)
                .downloadDir(downloads)
                .idleTimeout(Duration.ofSeconds(10))
                .args("--max-streams-bidi=" + REQUESTS)
                .build()
                .run(dir.resolve("logs"), Duration.ofSeconds(90));
    }

    @Test
    void gtlsclientDownloadsASmallAndALargeFileIntact(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, handler)) {
            int port = server.localAddress().getPort();
            Path downloads = Files.createDirectories(dir.resolve("downloads"));

            Ngtcp2Process client = fetch(dir, port, downloads, "/small.bin", "/large.bin");

            // (No check of the client's log for the handshake: a large download's log outgrows what is kept of it.)
            assertThat(downloads.resolve("small.bin")).as(() -> client.process().describe()).exists();
            assertThat(sha256(Files.readAllBytes(downloads.resolve("small.bin")))).isEqualTo(sha256(content(SMALL, 1)));
            assertThat(downloads.resolve("large.bin")).as(() -> client.process().describe()).exists();
            assertThat(sha256(Files.readAllBytes(downloads.resolve("large.bin")))).isEqualTo(sha256(content(LARGE, 2)));
        }
    }

    @Test
    void gtlsclientMakesOneHundredRequestsOnOneConnection(@TempDir Path dir) throws Exception {
        try (Http3Server server = TestServers.start(dir, handler)) {
            int port = server.localAddress().getPort();
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            String[] paths = new String[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                paths[i] = "/n/" + i;
            }

            Ngtcp2Process client = fetch(dir, port, downloads, paths);

            assertThat(served.get()).as(() -> client.process().describe()).isEqualTo(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(downloads.resolve(Integer.toString(i))).as(() -> client.process().describe())
                        .hasContent("response " + i);
            }
            assertThat(remotePorts.stream().distinct().count()).as("client ports: one connection").isEqualTo(1);
        }
    }
}
