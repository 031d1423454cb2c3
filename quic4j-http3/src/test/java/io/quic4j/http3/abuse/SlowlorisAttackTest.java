package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.transport.QuicStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris for QUIC: request heads trickled a byte at a time or never finished, streams opened and abandoned, bodies
 * trickled or stopped while the handler waits, and slow readers that never grant credit to a response. The server
 * bounds each in time ({@link Http3AbuseLimits}: request head, body idle and response write timeouts), resets the
 * stream with the code that says what happened, releases the handler's thread, and counts the resets against the
 * connection ("made you reset"). Timeouts here are short so the test is quick; the assertions are on codes, not
 * times.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowlorisAttackTest {
    private static final Duration SHORT = Duration.ofMillis(500);
    private static final int MAX_RESETS = 40;

    @TempDir
    Path dir;

    private final CompletableFuture<IOException> uploadFailure = new CompletableFuture<>();
    private final CompletableFuture<IOException> downloadFailure = new CompletableFuture<>();

    private final Http3Handler handler = (request, response) -> {
        switch (request.path()) {
            case "/upload" -> {
                try {
                    request.body().readAllBytes();
                } catch (IOException e) {
                    uploadFailure.complete(e);
                    throw e;
                }
                response.send(200, "text/plain", "uploaded".getBytes(StandardCharsets.UTF_8));
            }
            case "/download" -> {
                response.status(200);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = response.body()) {
                    for (int i = 0; i < 4096; i++) { // 256 MB: far more than any window
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    downloadFailure.complete(e);
                    throw e;
                }
            }
            default -> response.send(200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
        }
    };

    private AttackHarness start() throws Exception {
        return AttackHarness.start(dir, AttackHarness.config().abuseLimits(Http3AbuseLimits.builder()
                .maxResetStreams(MAX_RESETS).resetWindow(Duration.ofMinutes(5)).requestHeaderTimeout(SHORT)
                .bodyIdleTimeout(SHORT).responseWriteTimeout(SHORT).build()).build(), handler);
    }

    @Test
    void headersTrickledAByteAtATimeAreResetRequestIncomplete() throws Exception {
        try (AttackHarness h = start()) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    QuicStream s = a.bidi();
                    ByteBuffer head = Abuser.headers(s.id(), Abuser.request("GET", "/trickled",
                            FieldLine.of("user-agent", "slowloris ".repeat(20))));
                    CompletableFuture<Long> reset = CompletableFuture.supplyAsync(() -> Abuser.awaitReset(s));
                    // One byte every 50 ms: the head takes well over the 500 ms the server gives it.
                    while (head.hasRemaining() && !reset.isDone()) {
                        try {
                            s.write(ByteBuffer.wrap(new byte[]{head.get()})).join();
                        } catch (CompletionException e) {
                            break; // STOP_SENDING came with the reset
                        }
                        Thread.sleep(50);
                    }
                    assertThat(head.hasRemaining()).as("the head was cut off before it was complete").isTrue();
                    // RFC 9114 §4.1.2: the client did not send a complete request in time.
                    assertThat(Abuser.name(reset.get(60, TimeUnit.SECONDS))).isEqualTo("H3_REQUEST_INCOMPLETE");
                    assertThat(a.isClosed()).isFalse();
                }
            });
            h.assertHeapReturned(before);
        }
    }

    @Test
    void abandonedRequestStreamsAreResetAndAFloodOfThemIsExcessiveLoad() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                // Streams opened with half a header section and then left alone: each holds a request slot
                // until the request head timeout resets it, which returns the credit (DESIGN.md §3)...
                List<QuicStream> first = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    QuicStream s = a.bidi();
                    ByteBuffer head = Abuser.headers(s.id(), Abuser.request("GET", "/abandoned/" + i));
                    s.write(head.limit(head.limit() / 2));
                    first.add(s);
                }
                for (QuicStream s : first) {
                    assertThat(Abuser.name(Abuser.awaitReset(s))).isEqualTo("H3_REQUEST_INCOMPLETE");
                }
                // ...and a client that keeps doing it is cut off ("made you reset").
                for (int i = 0; i < 10 * MAX_RESETS && !a.isClosed(); i++) {
                    try {
                        QuicStream s = a.bidi();
                        s.write(ByteBuffer.wrap(new byte[]{1, 10}));
                    } catch (CompletionException | IllegalStateException e) {
                        break;
                    }
                }
                AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
            });
        }
    }

    @Test
    void bodyThatStopsWhileTheHandlerWaitsIsResetRequestCancelled() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                QuicStream s = a.bidi();
                s.write(Abuser.headers(s.id(), Abuser.request("POST", "/upload",
                        FieldLine.of("content-length", "1000"))));
                s.write(Abuser.data(new byte[10])); // then nothing more
                assertThat(Abuser.name(Abuser.awaitReset(s))).isEqualTo("H3_REQUEST_CANCELLED");
                // The handler's read failed, so its thread is free again.
                assertThat(uploadFailure.get(60, TimeUnit.SECONDS)).hasMessageContaining("bodyIdleTimeout");
                assertThat(a.isClosed()).isFalse();
            });
        }
    }

    @Test
    void bodyTrickledAByteAtATimeIsResetRequestCancelled() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                QuicStream s = a.bidi();
                s.write(Abuser.headers(s.id(), Abuser.request("POST", "/upload",
                        FieldLine.of("content-length", "100000"))));
                CompletableFuture<Long> reset = CompletableFuture.supplyAsync(() -> Abuser.awaitReset(s));
                // One byte of DATA every 20 ms: progress, but far below 1 KiB per period.
                for (int i = 0; i < 100_000 && !reset.isDone(); i++) {
                    try {
                        s.write(Abuser.data(new byte[]{(byte) i})).join();
                    } catch (CompletionException e) {
                        break;
                    }
                    Thread.sleep(20);
                }
                assertThat(Abuser.name(reset.get(60, TimeUnit.SECONDS))).isEqualTo("H3_REQUEST_CANCELLED");
                assertThat(uploadFailure.get(60, TimeUnit.SECONDS)).hasMessageContaining("bodyIdleTimeout");
                assertThat(a.isClosed()).isFalse();
            });
        }
    }

    @Test
    void slowReaderIsResetRequestCancelledAndTheHandlerReleased() throws Exception {
        try (AttackHarness h = start()) {
            h.attack(a -> {
                a.control();
                QuicStream s = a.bidi();
                s.write(Abuser.headers(s.id(), Abuser.request("GET", "/download")));
                s.finish();
                // Never reads: its receive window fills, no MAX_STREAM_DATA is sent, the server's writes wait
                // for credit (RFC 9000 §4.1) until the response write timeout resets the stream.
                IOException e = downloadFailure.get(120, TimeUnit.SECONDS);
                assertThat(e).hasMessageContaining("responseWriteTimeout");
                assertThat(Abuser.name(Abuser.awaitReset(s))).isEqualTo("H3_REQUEST_CANCELLED");
                assertThat(a.isClosed()).isFalse();
            });
        }
    }
}
