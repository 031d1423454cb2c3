package io.quic4j.http3;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a single HTTP/3 connection may make an {@link Http3Server} wait for, or throw away, before the server
 * defends itself (issue 8, DESIGN.md §5): request streams reset faster than they complete, request heads and bodies
 * trickled in slowly, responses a client never reads. Part of {@link Http3ServerConfig}; the defaults suit a public
 * server.
 *
 * <pre>{@code
 * Http3ServerConfig config = Http3ServerConfig.builder()
 *         .abuseLimits(new Http3AbuseLimits(200, Duration.ofSeconds(10), Duration.ofSeconds(10),
 *                 Duration.ofSeconds(30), Duration.ofSeconds(30)))
 *         .build();
 * }</pre>
 *
 * @param maxResetStreams the most request streams of one connection that may end reset within
 *     {@code resetWindow}: reset by the client before their response was complete ("rapid reset", CVE-2023-44487),
 *     or reset by the server because the client made it ("made you reset": malformed requests, timeouts below).
 *     One more, while no more than this many of its streams completed normally in the window (resets far faster
 *     than completions, DESIGN.md §5), closes the connection with H3_EXCESSIVE_LOAD (RFC 9114 §8.1: "The endpoint
 *     detected that its peer is exhibiting a behavior that might be generating excessive load"); a client that
 *     completes more is left to the server-wide circuit breaker; at least 1
 * @param resetWindow the sliding window over which resets are counted; positive
 * @param requestHeaderTimeout how long a request stream may take from its opening to a complete header section;
 *     past it the stream is reset with H3_REQUEST_INCOMPLETE (RFC 9114 §4.1.2: the client has not sent a complete
 *     request; a slowloris trickling its headers a byte at a time). Positive
 * @param bodyIdleTimeout the period in which a request body must bring at least 1 KiB (or its end) while the
 *     handler waits for it; a body that stops, or trickles in a byte at a time, is reset with H3_REQUEST_CANCELLED
 *     and the handler's read fails. Positive
 * @param responseWriteTimeout how long one response write may wait for the client to grant flow-control credit
 *     (RFC 9000 §4.1) before the stream is reset with H3_REQUEST_CANCELLED and the handler's write fails, releasing
 *     its thread; positive
 */
public record Http3AbuseLimits(int maxResetStreams, Duration resetWindow, Duration requestHeaderTimeout,
        Duration bodyIdleTimeout, Duration responseWriteTimeout) {
    /** The defaults: 200 resets per 10 s, 10 s for a request head, 30 s of body idleness, 30 s per write. */
    public static final Http3AbuseLimits DEFAULTS = new Http3AbuseLimits(200, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));

    /** Checks every limit, saying which one to change. */
    public Http3AbuseLimits {
        if (maxResetStreams < 1) {
            throw new IllegalArgumentException("maxResetStreams must be at least 1, was " + maxResetStreams);
        }
        requirePositive(resetWindow, "resetWindow");
        requirePositive(requestHeaderTimeout, "requestHeaderTimeout");
        requirePositive(bodyIdleTimeout, "bodyIdleTimeout");
        requirePositive(responseWriteTimeout, "responseWriteTimeout");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /**
     * @param v see {@link #maxResetStreams()}
     * @param window see {@link #resetWindow()}
     * @return a copy with this reset bound
     */
    public Http3AbuseLimits withResetBound(int v, Duration window) {
        return new Http3AbuseLimits(v, window, requestHeaderTimeout, bodyIdleTimeout, responseWriteTimeout);
    }

    /**
     * @param header see {@link #requestHeaderTimeout()}
     * @param bodyIdle see {@link #bodyIdleTimeout()}
     * @param write see {@link #responseWriteTimeout()}
     * @return a copy with these timeouts
     */
    public Http3AbuseLimits withTimeouts(Duration header, Duration bodyIdle, Duration write) {
        return new Http3AbuseLimits(maxResetStreams, resetWindow, header, bodyIdle, write);
    }
}
