package io.quic4j.http3.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quic4j.http3.Http3AbuseLimits;
import io.quic4j.http3.Http3Error;
import io.quic4j.http3.Http3Handler;
import io.quic4j.http3.qpack.FieldLine;
import io.quic4j.transport.QuicStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/3 rapid reset (CVE-2023-44487) and "made you reset": a client that opens request streams and resets them at
 * once, or sends requests the server must reset, far faster than requests complete. The server counts the resets
 * per connection and closes it with H3_EXCESSIVE_LOAD (RFC 9114 §8.1, §10.5) past
 * {@link Http3AbuseLimits#maxResetStreams()}; and the handlers running on one connection never exceed its request
 * limit (DESIGN.md §3, §5). A reset request's stream credit returns only once its handler has returned
 * ({@code QuicConfig.streamCreditOnClose}), so the handlers here stop when their request is cancelled, as a handler
 * should: one that ignored it would hold the abuser at its window instead ({@link ResetCreditHeldTest}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RapidResetAttackTest {
    private static final int MAX_REQUESTS = 16;
    private static final int MAX_RESETS = 300;
    private static final int ATTEMPTS = 5_000;

    /** RFC 9114 §4.2: a connection-specific field makes a request malformed. */
    private static final FieldLine BAD = FieldLine.of("connection", "close");

    @TempDir
    Path dir;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger sawCancellation = new AtomicInteger();

    /** Handlers of long work that stop when their request is cancelled (RFC 9114 §4.1.1). */
    private final Http3Handler slow = (request, response) -> {
        if (!request.path().startsWith("/slow")) {
            response.send(200, "text/plain", new byte[0]);
            return;
        }
        started.incrementAndGet();
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            request.cancellation().get(120, TimeUnit.SECONDS);
            sawCancellation.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    };

    private AttackHarness start() throws Exception {
        return AttackHarness.start(dir, AttackHarness.config().maxConcurrentRequests(MAX_REQUESTS)
                .abuseLimits(Http3AbuseLimits.DEFAULTS.withResetBound(MAX_RESETS, Duration.ofMinutes(5))).build(),
                slow);
    }

    @Test
    void rapidResetIsClosedWithExcessiveLoadAndHandlersStayBounded() throws Exception {
        try (AttackHarness h = start()) {
            long before = h.warmUpAndMeasure(a -> {
                for (int i = 0; i < 20; i++) {
                    resetAtOnce(a, "/warm-up/" + i);
                }
            });
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    // First fill every handler slot with requests whose handlers run until cancelled...
                    QuicStream[] slow = new QuicStream[MAX_REQUESTS];
                    for (int i = 0; i < slow.length; i++) {
                        slow[i] = a.bidi();
                        slow[i].write(Abuser.headers(slow[i].id(), Abuser.request("GET", "/slow/" + i)));
                        slow[i].finish();
                    }
                    while (started.get() < MAX_REQUESTS) {
                        Thread.sleep(10);
                    }
                    int sent = 0;
                    // ...then reset them: their credit returns as their handlers return...
                    for (QuicStream s : slow) {
                        reset(a, s);
                        sent++;
                    }
                    // ...and open and reset streams as fast as the credit comes back.
                    for (; sent < ATTEMPTS && !a.isClosed(); sent++) {
                        try {
                            resetAtOnce(a, "/slow/" + sent);
                        } catch (RuntimeException e) {
                            break; // the connection closed under us
                        }
                    }
                    System.out.println("rapid reset: " + sent + " streams opened and reset, " + started.get()
                            + " handlers started, at most " + mostRunning.get() + " at once");
                    AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
                    assertThat(sent).as("streams before the cut-off").isLessThan(ATTEMPTS);
                }
            });
            // No more handlers ran at once than the connection's request limit allows, and every one that ran saw its
            // request cancelled and returned.
            for (int i = 0; i < 3000 && running.get() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(running.get()).as("handlers still running").isZero();
            assertThat(started.get()).as("handlers started on the abuser's connection").isGreaterThanOrEqualTo(
                    MAX_REQUESTS);
            assertThat(mostRunning.get()).as("handlers running at once").isLessThanOrEqualTo(MAX_REQUESTS);
            assertThat(sawCancellation.get()).as("handlers that saw their cancellation").isEqualTo(started.get());
            h.assertHeapReturned(before);
        }
    }

    /** A complete request, then RESET_STREAM and STOP_SENDING at once (RFC 9000 §3.2, §3.5). */
    private static void resetAtOnce(Abuser a, String path) {
        QuicStream s = a.bidi();
        s.write(Abuser.headers(s.id(), Abuser.request("GET", path)));
        s.finish();
        reset(a, s);
    }

    private static void reset(Abuser a, QuicStream s) {
        s.cancelWrite(Http3Error.H3_REQUEST_CANCELLED.code());
        s.cancelRead(Http3Error.H3_REQUEST_CANCELLED.code());
        s.close();
        a.release(s);
    }

    @Test
    void madeYouResetIsClosedWithExcessiveLoad() throws Exception {
        try (AttackHarness h = start()) {
            long before = h.warmUpAndMeasure(a -> {
                for (int i = 0; i < 20; i++) {
                    QuicStream s = a.bidi();
                    s.write(Abuser.headers(s.id(), Abuser.request("GET", "/x", BAD)));
                    s.finish();
                    Abuser.awaitReset(s);
                    s.close();
                    a.release(s);
                }
            });
            h.underGoodTraffic(() -> {
                try (Abuser a = h.abuser()) {
                    a.control();
                    // RFC 9114 §4.2: a connection-specific field makes the request malformed: the server must reset it
                    // with H3_MESSAGE_ERROR (§4.1.2). The first one shows the stream error.
                    QuicStream first = a.bidi();
                    first.write(Abuser.headers(first.id(), Abuser.request("GET", "/x", BAD)));
                    first.finish();
                    assertThat(Abuser.name(Abuser.awaitReset(first))).isEqualTo("H3_MESSAGE_ERROR");
                    int sent = 1;
                    for (; sent < ATTEMPTS && !a.isClosed(); sent++) {
                        QuicStream s;
                        try {
                            s = a.bidi();
                        } catch (RuntimeException e) {
                            break;
                        }
                        s.write(Abuser.headers(s.id(), Abuser.request("GET", "/x", BAD)));
                        s.finish();
                        s.close();
                        a.release(s);
                    }
                    System.out.println("made you reset: " + sent + " malformed requests sent");
                    AttackHarness.assertClosedWith(a, Http3Error.H3_EXCESSIVE_LOAD);
                    assertThat(sent).isLessThan(ATTEMPTS);
                }
            });
            assertThat(started.get()).as("handlers run for malformed requests").isZero();
            h.assertHeapReturned(before);
        }
    }
}
