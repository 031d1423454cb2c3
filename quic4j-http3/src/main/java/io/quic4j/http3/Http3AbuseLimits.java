package io.quic4j.http3;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a single HTTP/3 connection may make an {@link Http3Server} wait for, or throw away, before the server
 * defends itself (issue 8, DESIGN.md §5): request streams reset faster than they complete, request heads and bodies
 * trickled in slowly, responses a client never reads, frames and unidirectional streams of types nobody speaks
 * (RFC 9114 §10.5). Part of {@link Http3ServerConfig}; the defaults suit a public
 * server.
 *
 * <pre>{@code
 * Http3ServerConfig config = Http3ServerConfig.builder()
 *         .abuseLimits(Http3AbuseLimits.builder().maxResetStreams(100).maxIgnoredUniStreams(20).build())
 *         .build();
 * }</pre>
 *
 * @param maxResetStreams the most request streams of one connection that may end reset within
 *     {@code resetWindow}: reset by the client before their response was complete ("rapid reset", CVE-2023-44487),
 *     or reset by the server because the client made it ("made you reset": malformed requests, timeouts below).
 *     One more, while no more than this many of its streams completed normally in the window (resets far faster
 *     than completions, DESIGN.md §5), closes the connection with H3_EXCESSIVE_LOAD (RFC 9114 §8.1: "The endpoint
 *     detected that its peer is exhibiting a behavior that might be generating excessive load"); a client that
 *     completes more is left to the server-wide circuit breaker; at least 1; default 200
 * @param resetWindow the sliding window over which resets and completions are counted; positive; default 10 s
 * @param requestHeaderTimeout how long a request stream may take from its opening to a complete header section;
 *     past it the stream is reset with H3_REQUEST_INCOMPLETE (RFC 9114 §4.1.2: the client has not sent a complete
 *     request; a slowloris trickling its headers a byte at a time). Positive; default 10 s
 * @param bodyIdleTimeout the period in which a request body must bring at least {@code minBodyBytesPerPeriod} (or
 *     its end) while the handler waits for it; a body that stops, or trickles in a byte at a time, is reset with
 *     H3_REQUEST_CANCELLED and the handler's read fails. Positive; default 30 s
 * @param responseWriteTimeout how long one response write may wait for the client to grant flow-control credit
 *     (RFC 9000 §4.1) before the stream is reset with H3_REQUEST_CANCELLED and the handler's write fails, releasing
 *     its thread; positive; default 30 s
 * @param minBodyBytesPerPeriod the least request body, in bytes, that must arrive per {@code bodyIdleTimeout}
 *     while the handler waits for it: a body trickled a byte at a time is as much a slowloris as one that stops
 *     (RFC 9114 §10.5). Raise it for uploads that must keep a rate; lower it for clients on very slow links (IoT
 *     uplinks sending small readings). At least 1; default 1024 (1 KiB per 30 s is far below any real link)
 * @param maxIgnoredFramesPerRequest how many frames of unknown or reserved types (RFC 9114 §9, grease §7.2.8) one
 *     request stream may carry; one more closes the connection with H3_EXCESSIVE_LOAD (§10.5: "Implementations
 *     SHOULD track the use of these features and set limits on their use"). Their payloads are skipped, never
 *     buffered, so they cost time, not memory; clients grease with a few per request. Raise it if your clients use
 *     a request-stream extension that sends many frames we do not speak. At least 1; default 256
 * @param maxIgnoredControlFrames how many frames of unknown or reserved types the client's control stream may carry
 *     (grease, and extensions we do not speak such as RFC 9218's PRIORITY_UPDATE), beyond 4 more per request the
 *     client has opened; one more closes the connection with H3_EXCESSIVE_LOAD (RFC 9114 §10.5). Raise it if your
 *     clients send such extension frames more often. At least 1; default 1024
 * @param maxIgnoredUniStreams how many unidirectional streams of unknown or reserved types (RFC 9114 §6.2, grease
 *     §6.2.3) one connection may open; each is stopped at once with H3_STREAM_CREATION_ERROR, so the transport's
 *     stream limit alone would let a client open them for ever; one more closes the connection with
 *     H3_EXCESSIVE_LOAD (§10.5). Raise it if your clients use an extension stream type we do not speak (WebTransport,
 *     for example) on long-lived connections. At least 1; default 100
 */
public record Http3AbuseLimits(int maxResetStreams, Duration resetWindow, Duration requestHeaderTimeout,
        Duration bodyIdleTimeout, Duration responseWriteTimeout, long minBodyBytesPerPeriod,
        int maxIgnoredFramesPerRequest, int maxIgnoredControlFrames, int maxIgnoredUniStreams) {
    /**
     * The defaults: 200 resets per 10 s, 10 s for a request head, 30 s of body idleness (at least 1 KiB per 30 s),
     * 30 s per write, 256 unknown frames per request stream, 1024 on the control stream, 100 unknown
     * unidirectional streams.
     */
    public static final Http3AbuseLimits DEFAULTS = new Http3AbuseLimits(200, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 1024, 256, 1024, 100);

    /** Checks every limit, saying which one to change. */
    public Http3AbuseLimits {
        if (maxResetStreams < 1) {
            throw new IllegalArgumentException("maxResetStreams must be at least 1, was " + maxResetStreams);
        }
        requirePositive(resetWindow, "resetWindow");
        requirePositive(requestHeaderTimeout, "requestHeaderTimeout");
        requirePositive(bodyIdleTimeout, "bodyIdleTimeout");
        requirePositive(responseWriteTimeout, "responseWriteTimeout");
        if (minBodyBytesPerPeriod < 1) {
            throw new IllegalArgumentException("minBodyBytesPerPeriod must be at least 1 byte (a lower floor would let"
                    + " a stalled body wait for ever; raise bodyIdleTimeout to be more patient), was "
                    + minBodyBytesPerPeriod);
        }
        requireAtLeastOne(maxIgnoredFramesPerRequest, "maxIgnoredFramesPerRequest", "a request stream");
        requireAtLeastOne(maxIgnoredControlFrames, "maxIgnoredControlFrames", "the control stream");
        if (maxIgnoredUniStreams < 1) {
            throw new IllegalArgumentException("maxIgnoredUniStreams must be at least 1 (clients grease with streams"
                    + " of reserved types, RFC 9114 §6.2.3), was " + maxIgnoredUniStreams);
        }
    }

    private static void requireAtLeastOne(int v, String name, String where) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (clients grease " + where + " with"
                    + " reserved frame types, RFC 9114 §7.2.8), was " + v);
        }
    }

    /** @return a builder starting from {@link #DEFAULTS} */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** @return a builder starting from these limits */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param v see {@link #maxResetStreams()}
     * @param window see {@link #resetWindow()}
     * @return a copy with this reset bound
     */
    public Http3AbuseLimits withResetBound(int v, Duration window) {
        return toBuilder().maxResetStreams(v).resetWindow(window).build();
    }

    /**
     * @param header see {@link #requestHeaderTimeout()}
     * @param bodyIdle see {@link #bodyIdleTimeout()}
     * @param write see {@link #responseWriteTimeout()}
     * @return a copy with these timeouts
     */
    public Http3AbuseLimits withTimeouts(Duration header, Duration bodyIdle, Duration write) {
        return toBuilder().requestHeaderTimeout(header).bodyIdleTimeout(bodyIdle).responseWriteTimeout(write).build();
    }

    /** Builds {@link Http3AbuseLimits}; every limit is checked by {@link #build()}. */
    public static final class Builder {
        private int maxResetStreams;
        private Duration resetWindow;
        private Duration requestHeaderTimeout;
        private Duration bodyIdleTimeout;
        private Duration responseWriteTimeout;
        private long minBodyBytesPerPeriod;
        private int maxIgnoredFramesPerRequest;
        private int maxIgnoredControlFrames;
        private int maxIgnoredUniStreams;

        private Builder(Http3AbuseLimits from) {
            maxResetStreams = from.maxResetStreams;
            resetWindow = from.resetWindow;
            requestHeaderTimeout = from.requestHeaderTimeout;
            bodyIdleTimeout = from.bodyIdleTimeout;
            responseWriteTimeout = from.responseWriteTimeout;
            minBodyBytesPerPeriod = from.minBodyBytesPerPeriod;
            maxIgnoredFramesPerRequest = from.maxIgnoredFramesPerRequest;
            maxIgnoredControlFrames = from.maxIgnoredControlFrames;
            maxIgnoredUniStreams = from.maxIgnoredUniStreams;
        }

        /**
         * @param v see {@link Http3AbuseLimits#maxResetStreams()}
         * @return this builder
         */
        public Builder maxResetStreams(int v) {
            maxResetStreams = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#resetWindow()}
         * @return this builder
         */
        public Builder resetWindow(Duration v) {
            resetWindow = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#requestHeaderTimeout()}
         * @return this builder
         */
        public Builder requestHeaderTimeout(Duration v) {
            requestHeaderTimeout = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#bodyIdleTimeout()}
         * @return this builder
         */
        public Builder bodyIdleTimeout(Duration v) {
            bodyIdleTimeout = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#responseWriteTimeout()}
         * @return this builder
         */
        public Builder responseWriteTimeout(Duration v) {
            responseWriteTimeout = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#minBodyBytesPerPeriod()}
         * @return this builder
         */
        public Builder minBodyBytesPerPeriod(long v) {
            minBodyBytesPerPeriod = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#maxIgnoredFramesPerRequest()}
         * @return this builder
         */
        public Builder maxIgnoredFramesPerRequest(int v) {
            maxIgnoredFramesPerRequest = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#maxIgnoredControlFrames()}
         * @return this builder
         */
        public Builder maxIgnoredControlFrames(int v) {
            maxIgnoredControlFrames = v;
            return this;
        }

        /**
         * @param v see {@link Http3AbuseLimits#maxIgnoredUniStreams()}
         * @return this builder
         */
        public Builder maxIgnoredUniStreams(int v) {
            maxIgnoredUniStreams = v;
            return this;
        }

        /**
         * @return the limits
         * @throws IllegalArgumentException naming the limit to change, if one is out of range
         */
        public Http3AbuseLimits build() {
            return new Http3AbuseLimits(maxResetStreams, resetWindow, requestHeaderTimeout, bodyIdleTimeout,
                    responseWriteTimeout, minBodyBytesPerPeriod, maxIgnoredFramesPerRequest, maxIgnoredControlFrames,
                    maxIgnoredUniStreams);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
