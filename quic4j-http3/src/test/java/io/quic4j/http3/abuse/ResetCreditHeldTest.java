package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.transport.QuicStream;
import io.quic4j.transport.QuicStreamException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: after HTTP/3 rapid reset, "credit returns only after the handler's work is cancelled". The server binds
 * with {@code QuicConfig.streamCreditOnClose}, and a request stream's handle is closed only once its handler has
 * returned, so a client that resets requests whose handlers are still running gets no MAX_STREAMS past its window
 * (RFC 9000 §4.6) until those handlers return; then it does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResetCreditHeldTest {
    private static final int WINDOW = 8;
    /** RFC 9114 §7.2.8, §6.2.3: a reserved stream type (0x1f * 0 + 0x21), which the server stops reading. */
    private static final byte RESERVED_STREAM_TYPE = 0x21;

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger returned = new AtomicInteger();

    /** Notices the cancellation at once, but holds its thread until released: work that does not stop at once. */
    private final Http3Handler blocking = (request, response) -> {
        started.incrementAndGet();
        try {
            request.cancellation().get(120, TimeUnit.SECONDS);
            cancelled.incrementAndGet();
            release.await(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            returned.incrementAndGet();
        }
    };

    @Test
    void resetRequestsReturnNoCreditWhileTheirHandlersRun() throws Exception {
        try (AttackHarness h = AttackHarness.start(dir, AttackHarness.config().maxConcurrentRequests(WINDOW).build(),
                blocking)) {
            long before = h.warmUpAndMeasure();
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    List<QuicStream> requests = new ArrayList<>();
                    for (int i = 0; i < WINDOW; i++) {
                        QuicStream s = a.bidi();
                        s.write(Abuser.headers(s.id(), Abuser.request("GET", "/blocked/" + i)));
                        s.finish();
                        requests.add(s);
                    }
                    awaitCount(started::get, WINDOW, "handlers started");
                    for (QuicStream s : requests) {
                        // RFC 9000 §3.2, §3.5: RESET_STREAM and STOP_SENDING at once.
                        s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
                        s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
                        s.close();
                        a.release(s);
                    }
                    awaitCount(cancelled::get, WINDOW, "handlers that saw the cancellation");

                    CompletableFuture<QuicStream> waiting = a.connection.openBidirectionalStream();
                    // Two round trips through the server's loop (a reserved stream type, answered with STOP_SENDING):
                    // by the second, the server has processed the acknowledgments of the RESET_STREAMs it answered
                    // with, which without the switch would already have returned the credit (DESIGN.md §3).
                    roundTrip(a);
                    roundTrip(a);
                    assertThat(waiting).as("a request stream past the window while its handlers run").isNotDone();
                    assertThat(a.connection.tryOpenStream(true)).failsWithin(10, TimeUnit.SECONDS)
                            .withThrowableThat().havingRootCause()
                            .isInstanceOfSatisfying(QuicStreamException.class,
                                    e -> assertThat(e.kind()).isEqualTo(QuicStreamException.Kind.LIMIT));
                    assertThat(returned.get()).as("handlers returned before the release").isZero();

                    release.countDown();
                    QuicStream next = waiting.orTimeout(30, TimeUnit.SECONDS).join();
                    assertThat(next.id()).as("the first stream past the window").isEqualTo(4L * WINDOW);
                    next.close();
                    a.release(next);
                    awaitCount(returned::get, WINDOW, "handlers returned");
                    // The whole window is back: a normal request goes through, and the connection is still open.
                    assertThat(a.get("/good/after-release").status()).isEqualTo(200);
                    assertThat(a.isClosed()).isFalse();
                }
            });
            System.out.println("credit held: " + started.get() + " handlers started, " + cancelled.get()
                    + " saw the cancellation, " + returned.get() + " returned");
            assertThat(started.get()).isEqualTo(WINDOW);
            h.assertHeapReturned(before);
        } finally {
            release.countDown();
        }
    }

    /** Opens a stream of a reserved type and waits for the server's STOP_SENDING (RFC 9114 §6.2). */
    private static void roundTrip(Abuser a) {
        QuicStream s = a.uni(ByteBuffer.wrap(new byte[]{RESERVED_STREAM_TYPE}));
        QuicStreamException stop = s.peerAbort().orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(stop.kind()).isEqualTo(QuicStreamException.Kind.STOPPED_BY_PEER);
        assertThat(stop.errorCode()).isEqualTo(Http3Error.H3_STREAM_CREATION_ERROR.code());
        s.close();
        a.release(s);
    }

    /** Waits, a bounded number of times, for a count the server's handlers reach. */
    private static void awaitCount(IntSupplier count, int expected, String what) throws InterruptedException {
        for (int i = 0; i < 3000 && count.getAsInt() < expected; i++) {
            Thread.sleep(10);
        }
        assertThat(count.getAsInt()).as(what).isEqualTo(expected);
    }
}
