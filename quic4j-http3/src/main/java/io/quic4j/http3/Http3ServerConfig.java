package io.quic4j.http3;

import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicConfig;
import java.util.Objects;

/**
 * Settings of an {@link Http3Server}: immutable, built with {@link #builder()}, checked when built.
 *
 * <pre>{@code
 * Http3ServerConfig config = Http3ServerConfig.builder()
 *         .maxConcurrentRequests(200)          // the QUIC bidirectional stream limit
 *         .maxRequestBodySize(10 * 1024 * 1024)
 *         .circuitBreaker(CircuitBreakerConfig.builder().healthPaths(Set.of("/healthz")).build())
 *         .build();
 * }</pre>
 *
 * @param quicConfig the transport settings; its {@link QuicConfig#maxIncomingBidirectionalStreams()} is the number
 *     of requests a client may have in flight on one connection
 * @param maxFieldSectionSize SETTINGS_MAX_FIELD_SECTION_SIZE we advertise and enforce (RFC 9114 §4.2.2), at least 32
 * @param qpackMaxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY we advertise (RFC 9204 §5), 0 to 2^30; also the
 *     most dynamic table our encoder uses for responses
 * @param qpackBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS we advertise, 0 or more
 * @param maxRequestBodySize the largest request body accepted, {@link #UNLIMITED} for no limit; beyond it the
 *     request is answered 413 (or reset if the response has started)
 * @param circuitBreaker the reset-rate circuit breaker shared by all connections (DESIGN.md §5), on by default
 * @param abuseLimits what one connection may make the server wait for or throw away: resets per window, request
 *     head, body idle and response write timeouts, the body trickle floor, unknown frames and unidirectional
 *     streams (issue 8; see {@link Http3AbuseLimits})
 */
public record Http3ServerConfig(QuicConfig quicConfig, long maxFieldSectionSize, long qpackMaxTableCapacity,
        int qpackBlockedStreams, long maxRequestBodySize, CircuitBreakerConfig circuitBreaker,
        Http3AbuseLimits abuseLimits) {
    /** No limit on the request body size. */
    public static final long UNLIMITED = -1;

    /** Checks every setting. */
    public Http3ServerConfig {
        Objects.requireNonNull(quicConfig, "quicConfig");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(abuseLimits, "abuseLimits");
        new SessionSettings(maxFieldSectionSize, qpackMaxTableCapacity, qpackBlockedStreams); // checks the ranges
        if (maxRequestBodySize < 0 && maxRequestBodySize != UNLIMITED) {
            throw new IllegalArgumentException("maxRequestBodySize must be 0 or more, or UNLIMITED, was "
                    + maxRequestBodySize);
        }
        SessionSettings.requirePeerUniStreams(quicConfig, "client");
        if (quicConfig.maxIncomingBidirectionalStreams() < 1) {
            throw new IllegalArgumentException("quicConfig.maxIncomingBidirectionalStreams (max concurrent requests)"
                    + " must be at least 1, was 0");
        }
    }

    /** @return the defaults: {@link QuicConfig#defaults()}, 64 KiB field sections, 4 KiB QPACK table, 100 blocked
     *     streams, unlimited request bodies, {@link CircuitBreakerConfig#defaults()}, {@link Http3AbuseLimits#DEFAULTS} */
    public static Http3ServerConfig defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most requests a client may have in flight on one connection (the bidirectional stream limit) */
    public long maxConcurrentRequests() {
        return quicConfig.maxIncomingBidirectionalStreams();
    }

    /** Builds an {@link Http3ServerConfig}. */
    public static final class Builder {
        private QuicConfig quicConfig = QuicConfig.defaults();
        private long maxFieldSectionSize = 64 * 1024;
        private long qpackMaxTableCapacity = 4096;
        private int qpackBlockedStreams = 100;
        private long maxRequestBodySize = UNLIMITED;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.defaults();
        private Http3AbuseLimits abuseLimits = Http3AbuseLimits.DEFAULTS;

        /** A builder with the defaults; see {@link Http3ServerConfig#builder()}. */
        public Builder() {
        }

        /**
         * @param v the transport settings
         * @return this builder
         */
        public Builder quicConfig(QuicConfig v) {
            quicConfig = Objects.requireNonNull(v, "quicConfig");
            return this;
        }

        /**
         * Sets {@link QuicConfig#maxIncomingBidirectionalStreams()} of the transport settings.
         *
         * @param v requests in flight per connection, at least 1
         * @return this builder
         */
        public Builder maxConcurrentRequests(long v) {
            quicConfig = quicConfig.toBuilder().maxIncomingBidirectionalStreams(v).build();
            return this;
        }

        /**
         * @param v SETTINGS_MAX_FIELD_SECTION_SIZE
         * @return this builder
         */
        public Builder maxFieldSectionSize(long v) {
            maxFieldSectionSize = v;
            return this;
        }

        /**
         * @param v SETTINGS_QPACK_MAX_TABLE_CAPACITY
         * @return this builder
         */
        public Builder qpackMaxTableCapacity(long v) {
            qpackMaxTableCapacity = v;
            return this;
        }

        /**
         * @param v SETTINGS_QPACK_BLOCKED_STREAMS
         * @return this builder
         */
        public Builder qpackBlockedStreams(int v) {
            qpackBlockedStreams = v;
            return this;
        }

        /**
         * @param v the largest request body, or {@link #UNLIMITED}
         * @return this builder
         */
        public Builder maxRequestBodySize(long v) {
            maxRequestBodySize = v;
            return this;
        }

        /**
         * @param v the reset-rate circuit breaker's settings
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerConfig v) {
            circuitBreaker = Objects.requireNonNull(v, "circuitBreaker");
            return this;
        }

        /**
         * @param v the abuse limits (resets per window, timeouts)
         * @return this builder
         */
        public Builder abuseLimits(Http3AbuseLimits v) {
            abuseLimits = Objects.requireNonNull(v, "abuseLimits");
            return this;
        }

        /** @return the checked configuration */
        public Http3ServerConfig build() {
            return new Http3ServerConfig(quicConfig, maxFieldSectionSize, qpackMaxTableCapacity, qpackBlockedStreams,
                    maxRequestBodySize, circuitBreaker, abuseLimits);
        }
    }
}
