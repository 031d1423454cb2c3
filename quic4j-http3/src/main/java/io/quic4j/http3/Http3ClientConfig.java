package io.quic4j.http3;

import io.quic4j.http3.session.SessionSettings;
import io.quic4j.transport.QuicConfig;
import io.quic4j.transport.TlsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link Http3Client}: immutable, built with {@link #builder(TlsConfig)}, checked when built. The
 * client keeps one connection per origin (host and port) and sends every request to that origin on it while it
 * lasts.
 *
 * <pre>{@code
 * Http3ClientConfig config = Http3ClientConfig.builder(TlsConfig.builder().applicationProtocols("h3").build())
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * @param quicConfig the transport settings
 * @param tlsConfig the TLS settings: trust, and ALPN offering {@code "h3"} (RFC 9114 §3.1)
 * @param requestTimeout how long a request may wait for its response's header section, unless the request sets
 *     its own
 * @param maxFieldSectionSize SETTINGS_MAX_FIELD_SECTION_SIZE we advertise and enforce (RFC 9114 §4.2.2), at least 32
 * @param qpackMaxTableCapacity SETTINGS_QPACK_MAX_TABLE_CAPACITY we advertise (RFC 9204 §5), 0 to 2^30; also the
 *     most dynamic table our encoder uses for requests
 * @param qpackBlockedStreams SETTINGS_QPACK_BLOCKED_STREAMS we advertise, 0 or more
 */
public record Http3ClientConfig(QuicConfig quicConfig, TlsConfig tlsConfig, Duration requestTimeout,
        long maxFieldSectionSize, long qpackMaxTableCapacity, int qpackBlockedStreams) {
    private static final String H3 = "h3";

    /** Checks every setting. */
    public Http3ClientConfig {
        Objects.requireNonNull(quicConfig, "quicConfig");
        Objects.requireNonNull(tlsConfig, "tlsConfig");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!tlsConfig.applicationProtocols().contains(H3)) {
            throw new IllegalArgumentException("the TlsConfig offers ALPN " + tlsConfig.applicationProtocols()
                    + ", not \"h3\": HTTP/3 needs it (RFC 9114 §3.1); build it with applicationProtocols(\"h3\")");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        new SessionSettings(maxFieldSectionSize, qpackMaxTableCapacity, qpackBlockedStreams); // checks the ranges
        SessionSettings.requirePeerUniStreams(quicConfig, "server");
    }

    /**
     * @param tls the TLS settings, with ALPN "h3"
     * @return the defaults: {@link QuicConfig#defaults()}, a 30 s request timeout, 64 KiB field sections, 4 KiB QPACK
     *     table, 100 blocked streams
     */
    public static Http3ClientConfig defaults(TlsConfig tls) {
        return builder(tls).build();
    }

    /**
     * @param tls the TLS settings, with ALPN "h3"
     * @return a builder with the defaults
     */
    public static Builder builder(TlsConfig tls) {
        return new Builder(tls);
    }

    /** Builds an {@link Http3ClientConfig}. */
    public static final class Builder {
        private QuicConfig quicConfig = QuicConfig.defaults();
        private TlsConfig tlsConfig;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private long maxFieldSectionSize = 64 * 1024;
        private long qpackMaxTableCapacity = 4096;
        private int qpackBlockedStreams = 100;

        /**
         * A builder with the defaults; see {@link Http3ClientConfig#builder(TlsConfig)}.
         *
         * @param tls the TLS settings
         */
        public Builder(TlsConfig tls) {
            tlsConfig = Objects.requireNonNull(tls, "tls");
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
         * @param v the TLS settings, with ALPN "h3"
         * @return this builder
         */
        public Builder tlsConfig(TlsConfig v) {
            tlsConfig = Objects.requireNonNull(v, "tlsConfig");
            return this;
        }

        /**
         * @param v the default time a request waits for its response's header section
         * @return this builder
         */
        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
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

        /** @return the checked configuration */
        public Http3ClientConfig build() {
            return new Http3ClientConfig(quicConfig, tlsConfig, requestTimeout, maxFieldSectionSize,
                    qpackMaxTableCapacity, qpackBlockedStreams);
        }
    }
}
